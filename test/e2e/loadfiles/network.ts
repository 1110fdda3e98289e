/**
 * Requests that get no (complete) response. The test server resets /reset, never answers /hang,
 * and E2E_REFUSED_ORIGIN (an env var of the run) is a loopback port nobody listens on.
 */
import { HttpUser, constant, task } from 'stampede';

const refused = process.env.E2E_REFUSED_ORIGIN ?? 'http://127.0.0.1:9';

export class NetworkUser extends HttpUser {
  waitTime = constant(0.02);

  @task
  async reset(): Promise<void> {
    await this.client.get('/reset');
  }

  @task
  async hang(): Promise<void> {
    await this.client.get('/hang', { timeout: 0.3 });
  }

  @task
  async refusedPort(): Promise<void> {
    await this.client.get(`${refused}/refused`, { name: '/refused' });
  }

  @task
  async fine(): Promise<void> {
    await this.client.get('/fine');
  }
}
