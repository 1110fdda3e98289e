/**
 * Linux /proc readings for the process under measurement: CPU time (user + system, all threads
 * of the process, dead ones included: the kernel folds them into the process totals), resident
 * memory, and the children of a process.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';

export interface ProcSample {
  /** user + system CPU seconds of the whole process so far. */
  cpuS: number;
  /** Resident set size, bytes. */
  rssBytes: number;
  /** Per thread: ns on a CPU and ns runnable but waiting for one (/proc/PID/task/TID/schedstat). */
  threads: Map<string, { runNs: number; waitNs: number }>;
  /** Wall-clock time of the reading (performance.now(), ms). */
  atMs: number;
}

let ticksPerSecond: number | undefined;
let pageBytes: number | undefined;

function clockTicks(): number {
  ticksPerSecond ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  return ticksPerSecond;
}

function pageSize(): number {
  pageBytes ??= Number(execFileSync('getconf', ['PAGESIZE'], { encoding: 'utf8' }).trim()) || 4096;
  return pageBytes;
}

/** The fields after `(comm)`: index 0 is field 3 (state) of proc(5). */
function statFields(pid: number): string[] | null {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  return text.slice(text.lastIndexOf(')') + 2).split(' ');
}

/** CPU and RSS of a live process; null once it has gone. */
export function sampleProc(pid: number): ProcSample | null {
  const atMs = performance.now();
  const f = statFields(pid);
  if (f === null) return null;
  // proc(5): utime is field 14, stime 15, rss (pages) 24; f[0] is field 3.
  const ticks = Number(f[11]) + Number(f[12]);
  return { cpuS: ticks / clockTicks(), rssBytes: Number(f[21]) * pageSize(), threads: threadTimes(pid), atMs };
}

function threadTimes(pid: number): Map<string, { runNs: number; waitNs: number }> {
  const out = new Map<string, { runNs: number; waitNs: number }>();
  let tids: string[];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return out;
  }
  for (const tid of tids) {
    try {
      const [run, wait] = readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ');
      out.set(tid, { runNs: Number(run), waitNs: Number(wait) });
    } catch {
      // The thread ended between the listing and the read.
    }
  }
  return out;
}

/** Pids whose parent is `pid` (scans /proc; fine for the few hundred processes of a bench box). */
export function childrenOf(pid: number): number[] {
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const f = statFields(Number(name));
    if (f !== null && Number(f[1]) === pid) out.push(Number(name));
  }
  return out;
}

/** The command line of a live process, as its arguments (empty once it has gone). */
export function cmdlineOf(pid: number): string[] {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter((a) => a !== '');
  } catch {
    return [];
  }
}

/** CPU share of one core between two samples (1 = one core busy). */
export function coreShare(a: ProcSample, b: ProcSample): number {
  const wallS = (b.atMs - a.atMs) / 1000;
  return wallS > 0 ? (b.cpuS - a.cpuS) / wallS : 0;
}

/**
 * How long the process's busiest thread between two samples (node's event loop, wrk's worker
 * thread) was runnable but waiting for a CPU, as a share of the wall time: near 0 on a quiet box.
 */
export function waitShare(a: ProcSample, b: ProcSample): number {
  const wallNs = (b.atMs - a.atMs) * 1e6;
  let busiest = -1;
  let waitNs = 0;
  for (const [tid, end] of b.threads) {
    const start = a.threads.get(tid);
    if (start === undefined) continue;
    const run = end.runNs - start.runNs;
    if (run > busiest) {
      busiest = run;
      waitNs = end.waitNs - start.waitNs;
    }
  }
  return wallNs > 0 ? Math.max(0, waitNs) / wallNs : 0;
}
