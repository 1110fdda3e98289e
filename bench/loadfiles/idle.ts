/**
 * Memory benchmark: each user makes one request in onStart (opening its keep-alive
 * connection), then idles: its only task does nothing and is followed by an hour's wait.
 */
import { HttpUser, constant, task } from 'stampede';

export class IdleUser extends HttpUser {
  waitTime = constant(3600);

  async onStart(): Promise<void> {
    await this.client.get('/');
  }

  @task async idle(): Promise<void> {
    // Nothing: the user holds its connection and waits.
  }
}
