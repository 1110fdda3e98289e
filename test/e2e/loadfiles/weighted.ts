/** One class, two tasks weighted 3:1, a short constant wait: for exact counts and task weights. */
import { HttpUser, constant, task } from 'stampede';
import { identify } from './identity.js';

export class WeightedUser extends HttpUser {
  waitTime = constant(0.01);

  async onStart(): Promise<void> {
    identify(this.client.headers);
  }

  @task(3)
  async heavy(): Promise<void> {
    await this.client.get('/heavy');
  }

  @task
  async light(): Promise<void> {
    await this.client.get('/light');
  }
}
