/**
 * Real master and worker processes on loopback for the distributed system tests: temp dirs with
 * loadfiles, the master's port read from its log (it binds port 0), workers by id, the JSON
 * summary, and a cleanup that kills whatever a test left running.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JsonSummary } from '../../../src/report/json-summary.js';
import { spawnCli, type CliOptions, type CliProcess } from '../../helpers/index.js';

/** Generous hard limit for one child: the tests await events, this only stops a hung child. */
const CHILD_TIMEOUT_MS = 60_000;

/** Every process and temp dir a test file made, so `cleanup()` can end and remove them. */
const children = new Set<CliProcess>();
const dirs = new Set<string>();

export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `stampede-dist-${prefix}-`));
  dirs.add(dir);
  return dir;
}

/** SIGKILLs every child still running and removes the temp dirs (use in `after`). */
export async function cleanup(): Promise<void> {
  for (const c of children) c.kill('SIGKILL');
  await Promise.all([...children].map((c) => c.exited.catch(() => undefined)));
  children.clear();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  dirs.clear();
}

/**
 * A loadfile whose users each GET `/w/<tag>` and then wait `waitS` seconds. The tag comes from the
 * DIST_TEST_TAG env var of the worker process, so the target counts each worker's requests apart
 * while the master counts them per endpoint name: the two can be compared worker by worker.
 */
export function taggedLoadfile(waitS: number): string {
  return `import { HttpUser, constant, task } from 'stampede';
const tag = process.env.DIST_TEST_TAG ?? 'untagged';
export class Tagged extends HttpUser {
  waitTime = constant(${waitS});
  @task async hit(): Promise<void> {
    await this.client.get('/w/' + tag);
  }
}
`;
}

export function writeLoadfile(dir: string, source: string, name = 'loadfile.ts'): string {
  const file = join(dir, name);
  writeFileSync(file, source);
  return file;
}

function track(p: CliProcess): CliProcess {
  children.add(p);
  void p.exited.then(
    () => children.delete(p),
    () => children.delete(p),
  );
  return p;
}

export interface MasterProcess {
  proc: CliProcess;
  /** The port the master listens on for workers (read from its log). */
  port: number;
}

/**
 * Starts `stampede --master --headless --master-bind-port P …args` (P = `bindPort`, default 0: any
 * free port) and resolves once it listens. `args` holds the loadfile, the users and so on.
 */
export async function startMaster(args: readonly string[], opts: CliOptions & { bindPort?: number } = {}): Promise<MasterProcess> {
  const bind = ['--master', '--headless', '--master-bind-port', String(opts.bindPort ?? 0)];
  const proc = track(spawnCli([...bind, ...args], { timeoutMs: CHILD_TIMEOUT_MS, ...opts }));
  const line = await proc.waitForOutput(/master listening for workers port=\d+/, { stream: 'stderr', timeoutMs: 20_000 });
  const port = Number(/port=(\d+)/.exec(line)?.[1]);
  return { proc, port };
}

/** Starts `stampede --worker` for the master on `port`, with id `id` and DIST_TEST_TAG=`id`. */
export function startWorker(port: number, id: string, opts: CliOptions & { args?: readonly string[] } = {}): CliProcess {
  const args = ['--worker', '--master-host', '127.0.0.1', '--master-port', String(port), '--worker-id', id, ...(opts.args ?? [])];
  return track(spawnCli(args, { timeoutMs: CHILD_TIMEOUT_MS, ...opts, env: { DIST_TEST_TAG: id, ...opts.env } }));
}

/** Resolves when the master has logged `worker connected worker=<id>` for each id. */
export async function waitConnected(master: CliProcess, ids: readonly string[], timeoutMs = 20_000): Promise<void> {
  await Promise.all(ids.map((id) => master.waitForOutput(`worker connected worker=${id} `, { stream: 'stderr', timeoutMs })));
}

/** Resolves when `ok()` holds, checking every 20 ms; rejects after `timeoutMs`. For states with no event to await. */
export async function until(ok: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const end = performance.now() + timeoutMs;
  while (!ok()) {
    if (performance.now() > end) throw new Error(`${what}: not reached within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export function readSummary(file: string): JsonSummary {
  return JSON.parse(readFileSync(file, 'utf8')) as JsonSummary;
}

/** The master's count for one endpoint name (0 when it never saw it). */
export function countOf(summary: JsonSummary, name: string): number {
  return summary.endpoints.find((e) => e.name === name)?.count ?? 0;
}

/** Users per worker id in the summary (summed over classes). */
export function usersPerWorker(summary: JsonSummary): Record<string, number> {
  const out: Record<string, number> = {};
  for (const w of summary.run.workers) out[w.id] = Object.values(w.users).reduce((s, n) => s + n, 0);
  return out;
}

/** Output of a finished child, for assertion messages. */
export function dump(r: { stdout: string; stderr: string }): string {
  return `--- stdout ---\n${r.stdout.slice(-3000)}\n--- stderr ---\n${r.stderr.slice(-3000)}`;
}
