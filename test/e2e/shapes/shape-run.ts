/**
 * Helpers for the load-shape end-to-end tests: the built CLI with 3 local worker processes against
 * a loopback target, and the target's view of which virtual users were active when. Users are told
 * apart by the `x-e2e-user: <worker pid>/<n>` header (see ../loadfiles/identity.ts).
 */
import { fileURLToPath } from 'node:url';
import type { RecordedRequest } from '../../helpers/index.js';
import { runWithJson, type JsonRun } from '../harness.js';
import { USER_HEADER } from '../loadfiles/identity.js';

/** Worker processes in every run of this folder. */
export const WORKERS = 3;

/** Absolute path of a loadfile in test/e2e/shapes/loadfiles/ (`name` without `.ts`). */
export function shapeLoadfile(name: string): string {
  return fileURLToPath(new URL(`./loadfiles/${name}.ts`, import.meta.url));
}

/**
 * Runs `stampede -f <loadfile> -H <host> --headless --processes 3 --web-port 0 --only-summary
 * --json <tmp> …args` to its end and reads the JSON summary back.
 */
export function runShape(loadfileName: string, host: string, args: readonly string[]): Promise<JsonRun> {
  return runWithJson(['-f', shapeLoadfile(loadfileName), '-H', host, '--processes', String(WORKERS), '--web-port', '0', '--only-summary', ...args]);
}

/** The `x-e2e-user` id of a request (`pid/n`), or `(none)`. */
export function userOf(r: RecordedRequest): string {
  const id = r.headers[USER_HEADER];
  return typeof id === 'string' ? id : '(none)';
}

/** The worker process id part of a user id. */
export function pidOf(user: string): string {
  return user.split('/', 1)[0] ?? user;
}

/** Arrival time of the first request, in performance.now() ms; throws when there was none. */
export function firstAt(requests: readonly RecordedRequest[]): number {
  const first = requests[0];
  if (first === undefined) throw new Error('the target received no request');
  return first.at;
}

/** Distinct users that sent a request arriving in [fromMs, toMs) after the first request. */
export function usersBetween(requests: readonly RecordedRequest[], fromMs: number, toMs: number): Set<string> {
  const t0 = firstAt(requests);
  const users = new Set<string>();
  for (const r of requests) {
    const t = r.at - t0;
    if (t >= fromMs && t < toMs) users.add(userOf(r));
  }
  return users;
}

/** How many of `users` belong to each worker process, as a sorted list (one number per process). */
export function perProcess(users: Iterable<string>): number[] {
  const counts = new Map<string, number>();
  for (const u of users) counts.set(pidOf(u), (counts.get(pidOf(u)) ?? 0) + 1);
  return [...counts.values()].sort((a, b) => a - b);
}

/** Requests per worker process (by the pid in `x-e2e-user`), as a sorted list. */
export function requestsPerProcess(requests: readonly RecordedRequest[], path?: string): number[] {
  return perProcess(requests.filter((r) => path === undefined || r.path === path).map(userOf));
}
