/** Two classes on two paths, for picking classes by name, env vars, processes and signals. */
import { HttpUser, constant, task } from 'stampede';
import { identify } from './identity.js';

export class Alpha extends HttpUser {
  waitTime = constant(0.05);

  async onStart(): Promise<void> {
    identify(this.client.headers);
  }

  @task
  async alpha(): Promise<void> {
    await this.client.get('/alpha');
  }
}

export class Beta extends HttpUser {
  waitTime = constant(0.05);

  async onStart(): Promise<void> {
    identify(this.client.headers);
  }

  @task
  async beta(): Promise<void> {
    await this.client.get('/beta');
  }
}
