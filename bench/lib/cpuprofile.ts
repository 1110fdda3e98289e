/**
 * Summarises a V8 .cpuprofile (node --cpu-prof): self time per function and per package, idle
 * time left out, so the hot spots of the worker can be listed in BENCHMARKS.md.
 */
import { readFileSync } from 'node:fs';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
}

interface CpuProfile {
  /** CLOCK_MONOTONIC, µs (the clock of process.hrtime in every process). */
  startTime: number;
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface HotSpot {
  /** `function (file:line)` */
  where: string;
  /** Share of the non-idle samples, 0..1. */
  share: number;
}

export interface ProfileSummary {
  /** Non-idle time covered, seconds. */
  busyS: number;
  /** Whether only the samples of a given time window were counted. */
  windowed: boolean;
  functions: HotSpot[];
  packages: HotSpot[];
}

function shortUrl(url: string): string {
  const nm = url.lastIndexOf('/node_modules/');
  if (nm >= 0) return url.slice(nm + '/node_modules/'.length);
  const dist = url.lastIndexOf('/dist/');
  if (dist >= 0) return url.slice(dist + 1);
  return url.replace(/^file:\/\//, '');
}

/** Where a frame's code lives: a package, node core, stampede (dist/), or a V8 pseudo frame. */
export function packageOf(frame: CallFrame): string {
  const { url, functionName } = frame;
  if (url === '') return functionName.startsWith('(') ? functionName : '(native)';
  if (url.startsWith('node:')) return 'node core';
  if (url.startsWith('wasm://')) return 'WebAssembly (undici\'s llhttp parser)';
  const nm = url.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + '/node_modules/'.length).split('/');
    return rest[0]?.startsWith('@') === true ? `${rest[0]}/${rest[1] ?? ''}` : (rest[0] ?? 'other');
  }
  if (url.includes('/dist/')) return 'stampede (dist/)';
  return 'other';
}

function top(map: Map<string, number>, total: number, n: number): HotSpot[] {
  return [...map.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([where, us]) => ({ where, share: total > 0 ? us / total : 0 }));
}

/** Now on the clock of .cpuprofile timestamps (CLOCK_MONOTONIC, µs), to mark a window. */
export function monotonicUs(): number {
  return Number(process.hrtime.bigint() / 1000n);
}

/** Self time per function and package; with `window`, only samples taken inside it (monotonicUs values). */
export function summariseProfile(file: string, window?: { fromUs: number; toUs: number }, n = 15): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map<number, CallFrame>();
  for (const node of profile.nodes) byId.set(node.id, node.callFrame);
  const fnTime = new Map<string, number>();
  const pkgTime = new Map<string, number>();
  let busyUs = 0;
  let at = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    at += profile.timeDeltas[i] ?? 0;
    if (window !== undefined && (at < window.fromUs || at > window.toUs)) continue;
    const frame = byId.get(profile.samples[i] ?? -1);
    const dt = profile.timeDeltas[i + 1] ?? 0;
    if (frame === undefined || frame.functionName === '(idle)') continue;
    busyUs += dt;
    const where = frame.url === '' ? frame.functionName : `${frame.functionName || '(anonymous)'} (${shortUrl(frame.url)}:${frame.lineNumber + 1})`;
    fnTime.set(where, (fnTime.get(where) ?? 0) + dt);
    const pkg = packageOf(frame);
    pkgTime.set(pkg, (pkgTime.get(pkg) ?? 0) + dt);
  }
  return { busyS: busyUs / 1e6, windowed: window !== undefined, functions: top(fnTime, busyUs, n), packages: top(pkgTime, busyUs, 12) };
}
