/**
 * The suite's short soak (issue 8, item 7): 80 s at steady load (~1 000 requests/s, 20 endpoint
 * names, one failing), the RSS of the master and both workers sampled every 2 s. After a 40 s
 * warm-up, no process may grow by more than SHORT_SOAK_BOUND_MB between the first and the last
 * fifth of the rest, and the counts must agree exactly. `npm run soak` runs the same for 10
 * minutes (bench/soak.ts).
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { cleanup } from '../distributed/harness.js';
import { runSoak, SOAK_NODE_OPTIONS } from './soak-harness.js';

after(cleanup);

/**
 * The processes run with a 64 MB old-space cap (SOAK_NODE_OPTIONS), so V8 collects regularly and
 * RSS follows what is really kept (uncapped, V8 lets garbage pile up: a saw-tooth of ~25 MB and
 * long plateaus that hide a leak); a leak larger than the cap crashes the process, which fails the
 * test. What still moves RSS without a leak: one-time steps of ~10 MB when V8 starts its GC and
 * compiler threads, which may come after the warm-up. Measured here: at most 3 MB after the
 * warm-up. The bound, 16 MB, catches a sustained leak of about 450 bytes per request.
 */
const SHORT_SOAK_BOUND_MB = 16;

void test('80 s at steady load: master and worker memory stay flat, the counts agree', { timeout: 150_000 }, async (t) => {
  if (process.platform !== 'linux') {
    t.skip('reads /proc/PID/status: Linux only');
    return;
  }
  const r = await runSoak({ durationMs: 80_000, users: 20, waitS: 0.02, sampleMs: 2000, warmupMs: 40_000, nodeOptions: SOAK_NODE_OPTIONS });
  const summary = Object.entries(r.growthMb).map(([k, v]) => `${k} ${v >= 0 ? '+' : ''}${v.toFixed(1)} MB`).join(', ');
  t.diagnostic(`${r.received} requests; growth after warm-up: ${summary}`);
  for (const name of Object.keys(r.growthMb)) {
    const rss = r.samples.map((s) => s.rssMb[name]?.toFixed(0)).join(' ');
    t.diagnostic(`${name} RSS MB: ${rss}`);
  }
  assert.equal(r.counted, r.received, 'the master counted every request');
  assert.ok(r.received > 30_000, `steady load: ${r.received} requests`);
  assert.deepEqual(r.exitCodes, { master: 1, 'worker soak-1': 0, 'worker soak-2': 0 }, 'exit 1: the run had failed requests (/api/e0 answers 500)');
  for (const [name, mb] of Object.entries(r.growthMb)) assert.ok(mb <= SHORT_SOAK_BOUND_MB, `${name} grew ${mb.toFixed(1)} MB (bound ${SHORT_SOAK_BOUND_MB})`);
});
