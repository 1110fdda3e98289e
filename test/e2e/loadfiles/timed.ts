/** Requests back to back (no wait), for percentiles against a server with known delays. */
import { HttpUser, task } from 'stampede';

export class TimedUser extends HttpUser {
  @task
  async timed(): Promise<void> {
    await this.client.get('/timed');
  }
}
