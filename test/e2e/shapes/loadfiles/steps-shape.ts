/**
 * A custom shape (Locust's LoadTestShape): 9 users for 2 s, 21 until 4 s, 3 until 7 s (long enough to be sampled on a loaded machine), then null
 * (the end of the run). Each user sends GET /tick every 100 ms.
 */
import { HttpUser, constant, task } from 'stampede';
import { identify } from '../../loadfiles/identity.js';

export class StepUser extends HttpUser {
  waitTime = constant(0.1);

  async onStart(): Promise<void> {
    identify(this.client.headers);
  }

  @task
  async tick(): Promise<void> {
    await this.client.get('/tick');
  }
}

export function shape({ elapsed }: { elapsed: number }): { users: number; spawnRate: number } | null {
  if (elapsed < 2) return { users: 9, spawnRate: 100 };
  if (elapsed < 4) return { users: 21, spawnRate: 100 };
  if (elapsed < 7) return { users: 3, spawnRate: 100 };
  return null;
}
