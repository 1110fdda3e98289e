/**
 * Benchmark 1, CPU per request: stampede (64 users, one worker process) against autocannon, wrk
 * and Locust FastHttpUser, all at 64 connections with no wait time, against one fast loopback
 * target. Measured: the load-generating process's user + system CPU ÷ the requests the target
 * served in the same steady window. Runs are interleaved (rep 1 of every tool, then rep 2, …) so
 * that background load on the box spreads over all of them.
 */
import { fixed, grouped, median } from '../lib/stats.js';
import type { BenchContext } from '../lib/context.js';
import type { ProfileSummary } from '../lib/cpuprofile.js';
import type { Section, Table } from '../report/section.js';
import { openFastTarget } from '../targets/fast-target.js';
import { availableGenerators, CONNECTIONS, type Generator } from './generators.js';
import { measureRun, WARMUP_MS, SLACK_S, type RunResult } from './measure.js';
import { profileWorker } from './profile.js';

const GOAL_RATIO = 1.2;

export async function cpuBench(ctx: BenchContext): Promise<Section> {
  const { generators, missing } = availableGenerators();
  const target = await openFastTarget(ctx);
  const runs = new Map<Generator['name'], RunResult[]>();
  let profile: ProfileSummary | null = null;
  let ratio = Number.NaN;
  try {
    for (let rep = 0; rep < ctx.options.reps; rep++) {
      for (const gen of generators) {
        const r = await measureRun(ctx, gen, target, rep);
        ctx.log(`cpu: ${gen.name} rep ${rep + 1}: ${fixed(r.cpuUsPerReq, 1)} µs/req, ${grouped(r.rps)} req/s, generator ${fixed(r.cpuCores * 100, 0)} % of a core (waited for a CPU ${fixed(r.waited * 100, 0)} %), target ${fixed(r.targetCores * 100, 0)} %`);
        runs.set(gen.name, [...(runs.get(gen.name) ?? []), r]);
      }
    }
    const med = (name: Generator['name']): number => median((runs.get(name) ?? []).map((r) => r.cpuUsPerReq));
    ratio = med('stampede') / med('autocannon');
    if (ctx.options.profile || !(ratio <= GOAL_RATIO)) {
      ctx.log('cpu: profiling the stampede worker (node --cpu-prof)');
      profile = await profileWorker(ctx, target);
    }
  } finally {
    await target.stop();
  }
  const base = median((runs.get('autocannon') ?? []).map((r) => r.cpuUsPerReq));
  const rows = generators.map((gen) => {
    const rs = runs.get(gen.name) ?? [];
    const us = median(rs.map((r) => r.cpuUsPerReq));
    return [
      gen.label,
      `**${fixed(us, 1)}**`,
      rs.map((r) => fixed(r.cpuUsPerReq, 1)).join(' / '),
      `${fixed(us / base, 2)} ×`,
      grouped(median(rs.map((r) => r.rps))),
      `${fixed(median(rs.map((r) => r.cpuCores)) * 100, 0)} %`,
      `${fixed(median(rs.map((r) => r.targetCores)) * 100, 0)} %`,
      `${fixed(median(rs.map((r) => r.waited)) * 100, 0)} %`,
    ];
  });
  const tables: Table[] = [
    { head: ['generator', 'CPU µs / request (median)', 'each run', 'vs autocannon', 'req/s (median)', 'generator CPU (1 core = 100 %)', `target (${target.kind}) CPU`, 'generator waited for a CPU'], rows },
  ];
  if (profile !== null) tables.push(...profileTables(profile));
  const met = ratio <= GOAL_RATIO;
  const windowS = ctx.options.windowS;
  const durationS = Math.ceil(WARMUP_MS / 1000 + windowS) + SLACK_S;
  return {
    id: 'cpu',
    title: 'CPU per request',
    commands: [`target: ${target.kind === 'nginx' ? 'nginx 1.22 (1 worker process, `return 200 "ok"`, access_log off, keep-alive unlimited)' : 'a Node http server in its own process (nginx not installed)'} on 127.0.0.1, as URL`, ...generators.map((g) => g.display(durationS))],
    method: [
      `${CONNECTIONS} connections, no wait time. stampede: ${CONNECTIONS} users, each with its own keep-alive connection, in 1 local worker process; the worker's CPU is measured (the master, in the CLI process, is not a load generator).`,
      `The target's request counter (nginx stub_status) and the generator's CPU time (/proc/PID/stat utime + stime, all threads) are read ${WARMUP_MS / 1000} s after the target has seen the first 1 000 requests (ramp-up discarded) and again ${windowS} s later. CPU per request = CPU time ÷ requests served in that window.`,
      `${ctx.options.reps} runs per generator, interleaved; the table shows medians. The target gets the other core of the 2.`,
    ],
    tables,
    goal: { text: `stampede ≤ ${GOAL_RATIO} × autocannon's CPU per request`, figure: `${fixed(ratio, 2)} × (${fixed(median((runs.get('stampede') ?? []).map((r) => r.cpuUsPerReq)), 1)} vs ${fixed(base, 1)} µs)`, met },
    notes: [
      ...(missing.length > 0 ? [`Not installed, so not compared: ${missing.join(', ')}.`] : []),
      `stampede's master (the CLI process: it merges the worker's reports every second) used a further ${fixed(median((runs.get('stampede') ?? []).map((r) => r.sideUsPerReq ?? Number.NaN)), 2)} µs per request (median), not counted above.`,
      'REFERENCE.md lists, for this machine type: wrk 9 µs, autocannon 30 µs, hey 33 µs, Locust FastHttpUser 152 µs per request.',
      ...(profile !== null ? [`Profile: \`node --cpu-prof\` of a \`--worker\` process under the same load, cut to a ${windowS} s steady window like the runs above (${fixed(profile.busyS, 1)} s of CPU); self time, idle excluded. \`writeLatin1String\` and \`writeBuffer\` are the socket writes (the write(2) system call is counted in them).`] : []),
    ],
  };
}

function profileTables(p: ProfileSummary): Table[] {
  return [
    { title: 'Where the stampede worker spends its CPU, by package (self time)', head: ['package', 'share'], rows: p.packages.map((h) => [h.where, `${fixed(h.share * 100, 1)} %`]) },
    { title: 'Hottest functions (self time)', head: ['function', 'share'], rows: p.functions.map((h) => [`\`${h.where}\``, `${fixed(h.share * 100, 1)} %`]) },
  ];
}
