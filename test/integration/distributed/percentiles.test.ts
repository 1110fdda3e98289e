import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { exactPercentile } from '../../../src/stats/index.js';
import { startCountingServer } from '../../helpers/index.js';
import { lcg } from '../../helpers/random.js';
import { FakeWorker } from './fake-worker.js';
import { cleanup, dump, readSummary, startMaster, taggedLoadfile, tempDir, writeLoadfile } from './harness.js';

after(cleanup);


function uniform(n: number, fromUs: number, toUs: number, seed: number): number[] {
  const r = lcg(seed);
  return Array.from({ length: n }, () => fromUs + Math.floor(r() * (toUs - fromUs)));
}

/** Three workers with very different latencies: ~5 ms, ~20 ms, ~80 ms with a tail up to 2 s. */
const SETS: Record<string, number[]> = {
  fast: uniform(4000, 2000, 8000, 1),
  medium: uniform(2500, 15_000, 30_000, 2),
  slow: [...uniform(1485, 60_000, 100_000, 3), ...uniform(15, 200_000, 2_000_000, 4)],
};

void test('merged percentiles of 3 workers with known, different latency sets equal the exact percentiles of their union within 0.1 %', async (t) => {
  const target = await startCountingServer();
  t.after(() => target.close());
  const dir = tempDir('percentiles');
  const json = join(dir, 'summary.json');
  const master = await startMaster([
    '-f', writeLoadfile(dir, taggedLoadfile(1)), '-H', target.url, '--expect-workers', '3', '--expect-workers-max-wait', '30s',
    '-u', '3', '-r', '30', '-t', '1s', '--only-summary', '--json', json,
  ]);
  await Promise.all(
    Object.entries(SETS).map(async ([id, values]) => {
      const w = await FakeWorker.open(master.port, undefined);
      await w.join(id);
      await w.playRun(values, '/mixed');
    }),
  );
  const m = await master.proc.exited;
  assert.equal(m.code, 0, dump(m));
  assert.equal(target.received(), 0, 'the hand-spoken workers sent no HTTP traffic');

  const union = Object.values(SETS).flat();
  const summary = readSummary(json);
  const row = summary.endpoints.find((e) => e.name === '/mixed');
  assert.ok(row !== undefined);
  for (const merged of [row, summary.totals]) {
    assert.equal(merged.count, union.length);
    assert.equal(merged.minMs, Math.min(...union) / 1000);
    assert.equal(merged.maxMs, Math.max(...union) / 1000);
    assert.equal(merged.avgMs, Math.round(union.reduce((s, v) => s + v, 0) / union.length) / 1000);
    for (const [label, got] of Object.entries(merged.percentiles)) {
      const exactUs = exactPercentile(union, Number(label) / 100);
      assert.ok(exactUs !== null && got !== null);
      const exactMs = exactUs / 1000;
      // HDR precision (3 significant digits: 0.1 %) plus the JSON's rounding to 1 µs.
      const tolerance = exactMs * 0.001 + 0.0005;
      assert.ok(Math.abs(got - exactMs) <= tolerance, `p${label}: merged ${got} ms, exact ${exactMs} ms (tolerance ${tolerance.toFixed(4)})`);
    }
  }
  t.diagnostic(Object.entries(summary.totals.percentiles).map(([label, got]) => `p${label} ${got} (exact ${(exactPercentile(union, Number(label) / 100) ?? 0) / 1000})`).join(', '));
  assert.deepEqual(summary.run.workers.map((w) => w.id).sort(), ['fast', 'medium', 'slow']);
});
