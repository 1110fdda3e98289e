import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock.js';
import type { Prng } from './prng.js';
import { errorReply } from './reply.js';
import type { Router } from './router.js';

/** A submitted job becomes done this long after it was submitted (drawn per job). */
export const TASK_DURATION_MS = { min: 200, max: 600 } as const;
/** At most this many jobs are remembered; the oldest is forgotten first (then it answers 404). */
export const MAX_TASKS = 100_000;

interface Task {
  createdAt: number;
  doneAt: number;
}

export interface TasksDeps {
  prng: Prng;
  clock: Clock;
}

/**
 * The async job API: `POST /api/async/simulate` → 202 `{task_id}`, then
 * `GET /api/tasks/:task_id` → `{status: 'pending' | 'done'}`, done once the job's duration has
 * passed on the injected clock.
 */
export function addTaskRoutes(router: Router, deps: TasksDeps): void {
  const { prng, clock } = deps;
  const tasks = new Map<string, Task>();

  router.add('POST', '/api/async/simulate', () => {
    const now = clock.now();
    const id = randomUUID();
    tasks.set(id, { createdAt: now, doneAt: now + prng.between(TASK_DURATION_MS.min, TASK_DURATION_MS.max) });
    if (tasks.size > MAX_TASKS) {
      const oldest = tasks.keys().next();
      if (oldest.done !== true) tasks.delete(oldest.value);
    }
    return {
      status: 202,
      json: { task_id: id, status: 'pending' },
      headers: { location: `/api/tasks/${id}` },
      delayMs: prng.between(5, 10),
    };
  });

  router.add('GET', '/api/tasks/:task_id', (ctx) => {
    const delayMs = prng.between(1, 3);
    const id = ctx.params.task_id ?? '';
    const task = tasks.get(id);
    if (task === undefined) return errorReply(404, 'not_found', `no task with id "${id}"; submit one with POST /api/async/simulate`, delayMs);
    const done = clock.now() >= task.doneAt;
    const json = done
      ? { task_id: id, status: 'done', created_at: iso(task.createdAt), completed_at: iso(task.doneAt), result: { rows: 42 } }
      : { task_id: id, status: 'pending', created_at: iso(task.createdAt) };
    return { status: 200, json, delayMs };
  });
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
