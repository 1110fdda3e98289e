/**
 * Two endpoints with known server latencies (the tests set /fast and /slow), a short wait, and
 * budgets in the loadfile's k6-style form; the tests add theirs with --threshold.
 */
import { HttpUser, constant, task } from 'stampede';

export const thresholds = {
  'GET /slow': ['min>=25', { threshold: 'p(95)<2s' }],
  global: ['fail_ratio<0.01'],
};

export class BudgetUser extends HttpUser {
  waitTime = constant(0.005);

  @task(3)
  async fast(): Promise<void> {
    await this.client.get('/fast');
  }

  @task
  async slow(): Promise<void> {
    await this.client.get('/slow');
  }
}
