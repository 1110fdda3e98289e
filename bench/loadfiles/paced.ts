/** Start-skew benchmark: a light, steady load (one request per user every 100 ms). */
import { HttpUser, constant, task } from 'stampede';

export class PacedUser extends HttpUser {
  waitTime = constant(0.1);

  @task async hit(): Promise<void> {
    await this.client.get('/');
  }
}
