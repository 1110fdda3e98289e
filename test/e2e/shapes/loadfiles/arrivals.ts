/**
 * The open model's unit of work: each arrival runs one GET /arrive. Users are tagged with
 * `x-e2e-user` (worker pid/n), so the target can count arrivals per worker process.
 */
import { HttpUser, task } from 'stampede';
import { identify } from '../../loadfiles/identity.js';

export class ArrivalUser extends HttpUser {
  async onStart(): Promise<void> {
    identify(this.client.headers);
  }

  @task
  async arrive(): Promise<void> {
    await this.client.get('/arrive');
  }
}
