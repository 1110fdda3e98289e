/** Requests back to back (no wait), for percentiles against a server with known delays. */
import { HttpUser, task } from 'stampede';
import { identify } from './identity.js';

export class TimedUser extends HttpUser {
  async onStart(): Promise<void> {
    identify(this.client.headers);
  }

  @task
  async timed(): Promise<void> {
    await this.client.get('/timed');
  }
}
