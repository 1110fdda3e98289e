/**
 * One class per wait helper, two users each (fixedCount), each on its own path, so the server can
 * time every user's requests: run with -u 8. The server answers /constant and /pacing after 200 ms
 * and /throughput after 50 ms.
 */
import { HttpUser, between, constant, constantPacing, constantThroughput, task } from 'stampede';
import { identify } from './identity.js';

export class BetweenUser extends HttpUser {
  static fixedCount = 2;
  waitTime = between(0.1, 0.3);

  async onStart(): Promise<void> {
    identify(this.client.headers);
  }

  @task
  async hit(): Promise<void> {
    await this.client.get('/between');
  }
}

export class ConstantUser extends HttpUser {
  static fixedCount = 2;
  waitTime = constant(0.4);

  async onStart(): Promise<void> {
    identify(this.client.headers);
  }

  @task
  async hit(): Promise<void> {
    await this.client.get('/constant');
  }
}

export class PacingUser extends HttpUser {
  static fixedCount = 2;
  waitTime = constantPacing(0.4);

  async onStart(): Promise<void> {
    identify(this.client.headers);
  }

  @task
  async hit(): Promise<void> {
    await this.client.get('/pacing');
  }
}

export class ThroughputUser extends HttpUser {
  static fixedCount = 2;
  waitTime = constantThroughput(5);

  async onStart(): Promise<void> {
    identify(this.client.headers);
  }

  @task
  async hit(): Promise<void> {
    await this.client.get('/throughput');
  }
}
