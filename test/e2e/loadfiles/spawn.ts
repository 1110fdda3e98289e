/** Each user makes one request as soon as it starts, then waits out the run: arrivals time the spawn rate. */
import { HttpUser, constant, task } from 'stampede';
import { identify } from './identity.js';

export class SpawnUser extends HttpUser {
  waitTime = constant(60);

  async onStart(): Promise<void> {
    identify(this.client.headers);
  }

  @task
  async hello(): Promise<void> {
    await this.client.get('/hello');
  }
}
