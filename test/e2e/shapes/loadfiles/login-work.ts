/**
 * Open model with a login: a new user logs in (GET /login) before its first task, and each arrival
 * runs one GET /work. When the target stalls, arrivals that need a new user wait for its login, so
 * their /work goes out late: only the latency from the scheduled time can show that wait.
 */
import { HttpUser, task } from 'stampede';
import { identify } from '../../loadfiles/identity.js';

export class WorkUser extends HttpUser {
  async onStart(): Promise<void> {
    identify(this.client.headers);
    await this.client.get('/login');
  }

  @task
  async work(): Promise<void> {
    await this.client.get('/work');
  }
}
