/**
 * A soak run at steady load for memory growth (issue 8, item 7): a real master and two worker
 * processes against a counting target on loopback, for a given time, with the resident memory
 * (RSS, /proc/PID/status) of each process sampled every few seconds. Used by the suite's short
 * version (soak.test.ts, 80 s) and by `npm run soak` (bench/soak.ts, 10 minutes).
 *
 * The load touches every kind of state the master keeps: 20 endpoint names (the current window
 * holds a slot per second per endpoint), a failing endpoint (error groups), reports every second
 * from each worker (seq records, acks), and the one-point-a-second history.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startCountingServer } from '../../helpers/index.js';
import { readSummary, startMaster, startWorker, tempDir, waitConnected, writeLoadfile } from '../distributed/harness.js';

/**
 * Node options of the soak's processes: a 64 MB old-space cap, so that V8 collects regularly and
 * RSS follows what the process keeps, and a leak crashes it (out of memory) instead of hiding in
 * uncollected garbage.
 */
export const SOAK_NODE_OPTIONS = '--max-old-space-size=64';

export interface SoakOptions {
  durationMs: number;
  /** Users in all (split over the two workers). */
  users: number;
  /** Each user's wait after a request, seconds (sets the request rate: users / waitS). */
  waitS: number;
  /** Sampling period of the RSS, ms. */
  sampleMs: number;
  /** Samples before this (ms from the start of the load) are warm-up: JIT, heap sizing. */
  warmupMs: number;
  /** NODE_OPTIONS of the master and worker processes (e.g. a heap limit). */
  nodeOptions?: string;
  /** Progress lines (one per sample), e.g. to stderr. */
  log?: (line: string) => void;
}

export interface Sample {
  /** Seconds since the load started. */
  t: number;
  /** RSS per process, MB. */
  rssMb: Record<string, number>;
}

export interface SoakResult {
  samples: Sample[];
  /** Per process: median RSS of the last fifth minus median RSS of the first fifth after warm-up, MB. */
  growthMb: Record<string, number>;
  /** Requests the target received, and requests the master counted (must be equal). */
  received: number;
  counted: number;
  exitCodes: Record<string, number | null>;
}

/** Resident set size of a live process, MB (Linux); null when it has gone. */
export function rssMb(pid: number): number | null {
  try {
    const m = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m === null ? null : Number(m[1]) / 1024;
  } catch {
    return null;
  }
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Growth of one process's RSS over the run: median of the last fifth minus median of the first fifth after warm-up. */
export function growthOf(samples: readonly Sample[], name: string, warmupMs: number): number {
  const steady = samples.filter((s) => s.t * 1000 >= warmupMs).map((s) => s.rssMb[name]).filter((v): v is number => v !== undefined);
  const fifth = Math.max(1, Math.floor(steady.length / 5));
  return median(steady.slice(-fifth)) - median(steady.slice(0, fifth));
}

const LOADFILE = (waitS: number): string => `import { HttpUser, constant, task } from 'stampede';
let n = 0;
export class Steady extends HttpUser {
  waitTime = constant(${waitS});
  @task async hit(): Promise<void> {
    const k = n++ % 20;
    await this.client.get('/api/e' + k + '/' + n, { name: '/api/e' + k + '/{id}' });
  }
}
`;

export async function runSoak(o: SoakOptions): Promise<SoakResult> {
  const target = await startCountingServer({ routes: { '/api/e0/*': { status: 500 } }, logLimit: 1 });
  const dir = tempDir('soak');
  const json = join(dir, 'summary.json');
  const env = o.nodeOptions === undefined ? {} : { NODE_OPTIONS: o.nodeOptions };
  try {
    const master = await startMaster(['-f', writeLoadfile(dir, LOADFILE(o.waitS)), '-H', target.url, '--expect-workers', '2', '-u', String(o.users), '-r', String(o.users), '--only-summary', '--json', json, '--no-web'], { timeoutMs: o.durationMs + 120_000, env });
    const workers = ['soak-1', 'soak-2'].map((id) => startWorker(master.port, id, { timeoutMs: o.durationMs + 120_000, env }));
    await waitConnected(master.proc, ['soak-1', 'soak-2']);
    await target.waitForRequests(o.users, { timeoutMs: 20_000 });
    const pids: Record<string, number> = { master: master.proc.child.pid ?? -1, 'worker soak-1': workers[0]!.child.pid ?? -1, 'worker soak-2': workers[1]!.child.pid ?? -1 };
    const samples: Sample[] = [];
    const t0 = performance.now();
    while (performance.now() - t0 < o.durationMs) {
      const rss: Record<string, number> = {};
      for (const [name, pid] of Object.entries(pids)) {
        const v = rssMb(pid);
        if (v === null) throw new Error(`${name} (pid ${pid}) is gone mid-soak\n${master.proc.stderr().slice(-2000)}`);
        rss[name] = v;
      }
      const s = { t: (performance.now() - t0) / 1000, rssMb: rss };
      samples.push(s);
      o.log?.(`t=${s.t.toFixed(0)}s ${Object.entries(rss).map(([k, v]) => `${k}=${v.toFixed(1)}MB`).join(' ')} requests=${target.received()}`);
      await new Promise((r) => setTimeout(r, Math.min(o.sampleMs, Math.max(0, o.durationMs - (performance.now() - t0)))));
    }
    master.proc.kill('SIGTERM');
    const m = await master.proc.exited;
    const exitCodes: Record<string, number | null> = { master: m.code };
    for (const [i, w] of workers.entries()) exitCodes[`worker soak-${i + 1}`] = (await w.exited).code;
    const growthMb = Object.fromEntries(Object.keys(pids).map((name) => [name, growthOf(samples, name, o.warmupMs)]));
    return { samples, growthMb, received: target.received(), counted: readSummary(json).totals.count, exitCodes };
  } finally {
    await target.close();
  }
}
