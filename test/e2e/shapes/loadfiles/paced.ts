/**
 * A user that sends GET /tick every 100 ms (constant(0.1) after an instant answer), tagged with
 * `x-e2e-user`: the target can tell how many users are active at any time.
 */
import { HttpUser, constant, task } from 'stampede';
import { identify } from '../../loadfiles/identity.js';

export class PacedUser extends HttpUser {
  waitTime = constant(0.1);

  async onStart(): Promise<void> {
    identify(this.client.headers);
  }

  @task
  async tick(): Promise<void> {
    await this.client.get('/tick');
  }
}
