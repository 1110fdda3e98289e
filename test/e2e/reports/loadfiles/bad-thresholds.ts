/** A loadfile whose thresholds are malformed: the run must not start (exit 2). */
import { HttpUser, task } from 'stampede';

export const thresholds = {
  global: ['p(95)<500', 'p(95)<5parsecs'],
  'GET/nospace': ['avg<1'],
};

export class BadUser extends HttpUser {
  @task
  async home(): Promise<void> {
    await this.client.get('/');
  }
}
