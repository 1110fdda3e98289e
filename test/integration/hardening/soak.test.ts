/**
 * The suite's short soak (issue 8, item 7): 60 s at steady load, the RSS of the master and both
 * workers sampled every 2 s; after a 20 s warm-up, no process may grow by more than
 * SHORT_SOAK_BOUND_MB (32) between the first and the last fifth of the steady part, and the counts
 * must agree exactly. `npm run soak` runs the same for 10 minutes (bench/soak.ts).
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { cleanup } from '../distributed/harness.js';
import { runSoak } from './soak-harness.js';

after(cleanup);

/**
 * Without a leak, a worker's RSS climbs by up to ~25 MB before V8's first full collections trim it
 * (the 10-minute soak shows a steady saw-tooth of that height every ~100 s), and the master's by
 * ~10 MB while V8 sizes its heap; 40 s is too short to see a full tooth. So the bound sits above
 * that: 32 MB. It catches a leak of about 800 bytes per request at ~1 000 requests/s, or a crash;
 * `npm run soak` (10 minutes) catches leaks of about 40 bytes per request.
 */
const SHORT_SOAK_BOUND_MB = 32;

void test('60 s at steady load: master and worker memory stay flat, the counts agree', { timeout: 150_000 }, async (t) => {
  if (process.platform !== 'linux') {
    t.skip('reads /proc/PID/status: Linux only');
    return;
  }
  const r = await runSoak({ durationMs: 60_000, users: 20, waitS: 0.02, sampleMs: 2000, warmupMs: 20_000 });
  const summary = Object.entries(r.growthMb).map(([k, v]) => `${k} ${v >= 0 ? '+' : ''}${v.toFixed(1)} MB`).join(', ');
  t.diagnostic(`${r.received} requests; growth after warm-up: ${summary}`);
  for (const name of Object.keys(r.growthMb)) {
    const rss = r.samples.map((s) => s.rssMb[name]?.toFixed(0)).join(' ');
    t.diagnostic(`${name} RSS MB: ${rss}`);
  }
  assert.equal(r.counted, r.received, 'the master counted every request');
  assert.ok(r.received > 20_000, `steady load: ${r.received} requests`);
  assert.deepEqual(r.exitCodes, { master: 1, 'worker soak-1': 0, 'worker soak-2': 0 }, 'exit 1: the run had failed requests (/api/e0 answers 500)');
  for (const [name, mb] of Object.entries(r.growthMb)) assert.ok(mb <= SHORT_SOAK_BOUND_MB, `${name} grew ${mb.toFixed(1)} MB (bound ${SHORT_SOAK_BOUND_MB})`);
});
