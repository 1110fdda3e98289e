/**
 * Requests that get no (complete) response, one class per kind so that each is sure to run (-u 4).
 * The test server resets /reset and never answers /hang; E2E_REFUSED_ORIGIN (an env var of the
 * run) is a loopback port nobody listens on.
 */
import { HttpUser, constant, task } from 'stampede';

const refused = process.env.E2E_REFUSED_ORIGIN ?? 'http://127.0.0.1:9';

export class ResetUser extends HttpUser {
  static fixedCount = 1;
  waitTime = constant(0.02);

  @task
  async reset(): Promise<void> {
    await this.client.get('/reset');
  }
}

export class HangUser extends HttpUser {
  static fixedCount = 1;

  @task
  async hang(): Promise<void> {
    await this.client.get('/hang', { timeout: 0.3 });
  }
}

export class RefusedUser extends HttpUser {
  static fixedCount = 1;
  waitTime = constant(0.02);

  @task
  async refusedPort(): Promise<void> {
    await this.client.get(`${refused}/refused`, { name: '/refused' });
  }
}

export class FineUser extends HttpUser {
  static fixedCount = 1;
  waitTime = constant(0.02);

  @task
  async fine(): Promise<void> {
    await this.client.get('/fine');
  }
}
