/**
 * CPU benchmark: every user requests `/` back to back (no wait time), one keep-alive
 * connection per user, like autocannon's connections.
 */
import { HttpUser, task } from 'stampede';

export class FastUser extends HttpUser {
  @task async hit(): Promise<void> {
    await this.client.get('/');
  }
}
