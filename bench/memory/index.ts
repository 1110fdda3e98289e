/**
 * Benchmark 2, memory per user: RSS of the worker process at 10 000 idle users, each holding an
 * open keep-alive connection, minus its RSS at a small baseline of users, ÷ the users added.
 */
import path from 'node:path';
import { pollUntil, sleep } from '../lib/child.js';
import { BenchError } from '../lib/errors.js';
import { sampleProc } from '../lib/proc.js';
import { fixed, grouped, median } from '../lib/stats.js';
import { shown, startStandalone, workerPids, type RunArgs } from '../lib/stampede.js';
import type { BenchContext } from '../lib/context.js';
import type { Section, Table } from '../report/section.js';
import { heapGrowth, type HeapSummary } from '../lib/heapsnapshot.js';
import { heapOfIdleUsers } from './heap.js';
import { startNodeTarget } from '../targets/node-target.js';
import type { Target } from '../targets/target.js';

const USERS = 10_000;
const BASELINE_USERS = 10;
const SPAWN_RATE = 2000;
const GOAL_KIB = 10;
/** Time after the last user connected before RSS is read. */
const SETTLE_MS = 3000;
const RSS_SAMPLES = 5;

interface Point {
  users: number;
  rssBytes: number;
  connections: number;
  spawnS: number;
}

function args(ctx: BenchContext, users: number, url: string, rep: number): RunArgs {
  return { loadfile: 'bench/loadfiles/idle.ts', host: url, users, spawnRate: SPAWN_RATE, runTimeS: 300, json: path.join(ctx.tmp, `memory-${users}-${rep}.json`) };
}

async function measure(ctx: BenchContext, target: Target, users: number, rep: number): Promise<Point> {
  const r0 = await target.requests();
  const c0 = await target.connections();
  const cli = startStandalone(ctx, `stampede -u ${users}`, args(ctx, users, target.url, rep));
  try {
    const [pid] = await workerPids(cli, 1);
    if (pid === undefined) throw new BenchError('STAMPEDE_ERR_BENCH_CHILD_EXIT', `stampede exited before starting its worker: ${cli.output().slice(-1500)}`);
    const t0 = performance.now();
    await pollUntil(`${users} users connected`, 120_000, 100, async () => {
      if (!cli.running) throw new BenchError('STAMPEDE_ERR_BENCH_CHILD_EXIT', `stampede exited early: ${cli.output().slice(-1500)}`);
      const done = (await target.requests()) - r0 >= users && (await target.connections()) - c0 >= users;
      return done ? true : undefined;
    });
    const spawnS = (performance.now() - t0) / 1000;
    await sleep(SETTLE_MS);
    const rss: number[] = [];
    for (let i = 0; i < RSS_SAMPLES; i++) {
      const s = sampleProc(pid);
      if (s === null) throw new BenchError('STAMPEDE_ERR_BENCH_CHILD_EXIT', 'the stampede worker exited while its memory was being read');
      rss.push(s.rssBytes);
      await sleep(400);
    }
    const connections = (await target.connections()) - c0;
    return { users, rssBytes: median(rss), connections, spawnS };
  } finally {
    await cli.stop('SIGINT', 30_000);
    await pollUntil('the worker connections to close', 30_000, 100, async () => ((await target.connections()) <= c0 ? true : undefined));
  }
}

export async function memoryBench(ctx: BenchContext): Promise<Section> {
  const target = await startNodeTarget(ctx);
  const pairs: { base: Point; full: Point; perUserB: number }[] = [];
  let heap: HeapSummary | null = null;
  try {
    for (let rep = 0; rep < ctx.options.reps; rep++) {
      const base = await measure(ctx, target, BASELINE_USERS, rep);
      const full = await measure(ctx, target, USERS, rep);
      const perUserB = (full.rssBytes - base.rssBytes) / (USERS - BASELINE_USERS);
      ctx.log(`memory: rep ${rep + 1}: RSS ${fixed(base.rssBytes / 2 ** 20, 1)} MiB at ${BASELINE_USERS} users, ${fixed(full.rssBytes / 2 ** 20, 1)} MiB at ${USERS} (${full.connections} connections, spawned in ${fixed(full.spawnS, 1)} s): ${fixed(perUserB / 1024, 2)} KiB/user`);
      pairs.push({ base, full, perUserB });
    }
    if (ctx.options.profile || !(median(pairs.map((p) => p.perUserB)) / 1024 <= GOAL_KIB)) {
      ctx.log(`memory: heap snapshots of a worker holding ${BASELINE_USERS} and ${USERS} idle users`);
      const before = await heapOfIdleUsers(ctx, target, BASELINE_USERS, SPAWN_RATE);
      heap = heapGrowth(before, await heapOfIdleUsers(ctx, target, USERS, SPAWN_RATE), 15);
    }
  } finally {
    await target.stop();
  }
  const perUserKiB = median(pairs.map((p) => p.perUserB)) / 1024;
  const mib = (b: number): string => fixed(b / 2 ** 20, 1);
  return {
    id: 'memory',
    title: 'Memory per user',
    commands: [
      'target: a Node http server in its own process on 127.0.0.1 (keepAliveTimeout 1 h), as URL',
      shown(args(ctx, BASELINE_USERS, 'URL', 0)).replace(/--json \S+/, '--json out.json'),
      shown(args(ctx, USERS, 'URL', 0)).replace(/--json \S+/, '--json out.json'),
    ],
    method: [
      `Each user makes one request in onStart, then idles (\`waitTime = constant(3600)\`, a no-op task), holding its own keep-alive connection: the target counts ${grouped(USERS)} open connections.`,
      `The worker's RSS (/proc/PID/stat) is read ${SETTLE_MS / 1000} s after the last user connected, ${RSS_SAMPLES} times 0.4 s apart (median), at ${BASELINE_USERS} users and at ${grouped(USERS)} users, in separate runs.`,
      `Per user = (RSS at ${grouped(USERS)} − RSS at ${BASELINE_USERS}) ÷ ${grouped(USERS - BASELINE_USERS)}. ${ctx.options.reps} pairs of runs; the goal is judged on the median.`,
    ],
    tables: [
      {
        head: ['run', `RSS at ${BASELINE_USERS} users`, `RSS at ${grouped(USERS)} users`, 'connections open at the target', 'time to spawn and connect', 'per user'],
        rows: pairs.map((p, i) => [String(i + 1), `${mib(p.base.rssBytes)} MiB`, `${mib(p.full.rssBytes)} MiB`, grouped(p.full.connections), `${fixed(p.full.spawnS, 1)} s`, `${fixed(p.perUserB / 1024, 2)} KiB`]),
      },
      ...(heap === null ? [] : [heapTable(heap)]),
    ],
    goal: { text: `≤ ${GOAL_KIB} KiB of worker RSS per idle user with an open connection`, figure: `${fixed(perUserKiB, 2)} KiB per user (median)`, met: perUserKiB <= GOAL_KIB },
    notes: [
      ...(heap === null ? [] : [`Heap snapshots (\`node --heapsnapshot-signal\` on a \`--worker\` process) at ${BASELINE_USERS} and at ${grouped(USERS)} idle users: the V8 heap grew by ${mib(heap.totalBytes)} MiB (${fixed(heap.totalBytes / (USERS - BASELINE_USERS) / 1024, 2)} KiB per user); the table lists the kinds of object that grew most, by self size. V8 collects garbage before a snapshot, so these are live objects; RSS also holds what lives outside the V8 heap (libuv and socket state, malloc arenas) and garbage not yet collected.`]),
      `Spawn rate ${SPAWN_RATE}/s, so the ${grouped(USERS)} users start over ${USERS / SPAWN_RATE} s (the "time to spawn and connect" column shows how long it really took). RSS includes V8 heap not yet collected, so it is an upper bound of what the users hold.`,
    ],
  };
}

function heapTable(h: HeapSummary): Table {
  return {
    title: `What a user adds to the worker's V8 heap (snapshot at ${grouped(USERS)} users minus snapshot at ${BASELINE_USERS}, self size)`,
    head: ['kind of object', 'added', 'per user', 'bytes per user'],
    rows: h.groups.map((g) => [`\`${g.what}\``, grouped(g.count), fixed(g.count / (USERS - BASELINE_USERS), 1), grouped(g.bytes / (USERS - BASELINE_USERS))]),
  };
}
