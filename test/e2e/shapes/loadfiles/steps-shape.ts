/**
 * A custom shape (Locust's LoadTestShape): 9 users for 2 s, 21 until 5 s, 3 until 8 s, then null (the
 * end of the run). The master's view shows a change of step once every worker has reported it, and
 * the time series samples that view once a second: the later steps last 3 s so that a loaded machine
 * still samples each of them. Each user is a PacedUser: GET /tick every 100 ms.
 */
import { PacedUser } from './paced.js';

/** The paced user under its own name, so that the summary's per-worker users name this loadfile's class. */
export class StepUser extends PacedUser {}

export function shape({ elapsed }: { elapsed: number }): { users: number; spawnRate: number } | null {
  if (elapsed < 2) return { users: 9, spawnRate: 100 };
  if (elapsed < 5) return { users: 21, spawnRate: 100 };
  if (elapsed < 8) return { users: 3, spawnRate: 100 };
  return null;
}
