import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startCountingServer } from '../../helpers/index.js';
import { dump } from '../harness.js';
import { perProcess, runShape, usersBetween, userOf } from './shape-run.js';

/** The users the stages "2s:6,3s:6,2s:0" ask for, `s` seconds after the start. */
function line(s: number): number {
  if (s <= 0) return 0;
  if (s < 2) return 3 * s;
  if (s < 5) return 6;
  if (s < 7) return 6 - 3 * (s - 5);
  return 0;
}

void test('--stages "2s:6,3s:6,2s:0": the users follow the line across 3 workers and the run ends by itself after 7 s', async (t) => {
  const target = await startCountingServer({ logLimit: 100_000 });
  t.after(() => target.close());
  const { result, summary } = await runShape('paced', target.url, ['--stages', '2s:6,3s:6,2s:0']);
  assert.equal(result.code, 0, dump(result));
  assert.equal(summary.run.loadShape, 'stages');
  assert.equal(summary.run.runTimeS, null, 'no -t: the stages alone end the run');
  assert.equal(summary.totals.count, target.received(), `stampede counted ${summary.totals.count}, the target received ${target.received()}`);
  assert.equal(summary.totals.failures, 0, dump(result));

  // The master evaluates the line once a second, so the end comes within a tick after 7 s. The hold
  // lasts 3 s so that a loaded machine, whose workers report at different moments, still samples it.
  assert.ok(summary.run.durationS >= 6.9 && summary.run.durationS <= 9.5, `the run lasted ${summary.run.durationS} s; the stages last 7 s\n${dump(result)}`);

  // The master's view, once a second: the users running track the line (each tick aims one second
  // ahead, so a point may lead or lag the line by about a second's ramp, 3 users).
  const points = summary.timeSeries.points.map((p) => ({ s: (p.tMs - summary.run.startedAtMs) / 1000, users: p.users }));
  const series = points.map((p) => `${p.s.toFixed(2)} s: ${p.users}`).join(', ');
  assert.ok(points.length >= 5, `time series: ${series}`);
  for (const p of points) {
    // Reports lag by up to a second and ticks lead by one: on a falling line the lag is the higher side.
    const lo = Math.min(line(p.s - 1), line(p.s), line(p.s + 1)) - 1;
    const hi = Math.max(line(p.s - 1), line(p.s), line(p.s + 1)) + 1;
    assert.ok(p.users >= lo && p.users <= hi, `at ${p.s.toFixed(2)} s ${p.users} users ran; the line says ${line(p.s).toFixed(1)}. Series: ${series}`);
  }
  const peak = points.findIndex((p) => p.users === 6);
  assert.ok(peak >= 0, `the series never reached 6 users: ${series}`);
  assert.ok(points.every((p) => p.users <= 6), `never above 6 users: ${series}`);
  points.forEach((p, i) => {
    const prev = points[i - 1];
    if (prev === undefined) return;
    if (i <= peak) assert.ok(p.users >= prev.users, `the users only rise up to the peak: ${series}`);
    else assert.ok(p.users <= prev.users, `the users only fall after the peak: ${series}`);
  });

  // The target's view: 6 users in all (the ramp-down stops users, it starts none), 2 per worker,
  // all of them active in the middle of the hold, and none after the run.
  const requests = target.requests();
  const all = new Set(requests.map(userOf));
  assert.equal(all.size, 6, `distinct users: ${[...all].join(', ')}`);
  assert.deepEqual(perProcess(all), [2, 2, 2], `users per worker process: ${[...all].join(', ')}`);
  const hold = usersBetween(requests, 2500, 3500);
  assert.equal(hold.size, 6, `users active 2.5–3.5 s after the first request: ${[...hold].join(', ')}`);
  const early = usersBetween(requests, 0, 300);
  assert.ok(early.size <= 3, `the ramp starts at 3 users/s (one per worker at first): ${[...early].join(', ')}`);
});
