import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Aggregator } from '../../../src/stats/aggregator.js';
import { StampedeError } from '../../../src/errors.js';
import { LatencyHistogram } from '../../../src/stats/histogram.js';
import { IntervalRecorder } from '../../../src/stats/interval-recorder.js';
import { exactPercentile } from '../../../src/stats/percentile.js';
import { encodeSparse } from '../../../src/stats/sparse-codec.js';
import { type IntervalSnapshot, REPORT_PERCENTILES, type Sample } from '../../../src/stats/types.js';
import type { EndpointView, PercentileTable } from '../../../src/stats/view.js';
import { ManualClock } from './clock.js';
import { logUniform, mulberry32 } from './random.js';

function sample(over: Partial<Sample>): Sample {
  return { method: 'GET', name: '/a', durationUs: 1000, ok: true, status: 200, bytes: 10, ...over };
}

/** A snapshot of [start, end) holding `latencies` (µs) for one endpoint. */
function snap(start: number, end: number, latencies: number[], over: Partial<Sample> = {}): IntervalSnapshot {
  const rec = new IntervalRecorder({ clock: new ManualClock(start), start });
  for (const us of latencies) rec.record(sample({ ...over, durationUs: us }));
  return rec.take(end);
}

function row(view: { endpoints: EndpointView[] }, method: string, name: string): EndpointView {
  const r = view.endpoints.find((e) => e.method === method && e.name === name);
  assert.ok(r, `no row ${method} ${name}`);
  return r;
}

function assertWithinTenthPercent(table: PercentileTable, rawUs: number[], what: string): void {
  for (const q of REPORT_PERCENTILES) {
    const want = exactPercentile(rawUs, q)! / 1000;
    const got = table[String(q)];
    assert.ok(got !== null && got !== undefined, `${what} p${q} is null`);
    assert.ok(Math.abs(got - want) <= want * 0.001, `${what} p${q}: got ${got} ms, exact ${want} ms`);
  }
}

function assertOrdered(table: PercentileTable, maxMs: number | null): void {
  let prev = 0;
  for (const q of REPORT_PERCENTILES) {
    const v = table[String(q)]!;
    assert.ok(v >= prev, `p${q} ${v} < previous ${prev}`);
    assert.ok(maxMs !== null && v <= maxMs, `p${q} ${v} > max ${maxMs}`);
    prev = v;
  }
  assert.equal(table['1'], maxMs);
}

test('3 workers with different latency sets: merged percentiles = exact union percentiles within 0.1 %, counts exact', () => {
  const rand = mulberry32(2024);
  const workers = [
    { id: 'w1', gen: () => logUniform(rand, 800, 12_000), n: 4000 },
    { id: 'w2', gen: () => 50_000 + Math.floor(rand() * 450_000), n: 2500 },
    { id: 'w3', gen: () => (rand() < 0.05 ? logUniform(rand, 2_000_000, 9_000_000) : logUniform(rand, 1, 900)), n: 3000 },
  ];
  const agg = new Aggregator();
  const raw: Record<string, number[]> = { '/a': [], '/b': [] };
  let failures = 0;
  let bytes = 0;
  for (const w of workers) {
    const clock = new ManualClock(0);
    const rec = new IntervalRecorder({ clock, start: 0 });
    for (let sec = 1; sec <= 5; sec++) {
      for (let i = 0; i < w.n / 5; i++) {
        const name = i % 3 === 0 ? '/b' : '/a';
        const us = w.gen();
        const ok = i % 17 !== 0;
        raw[name]!.push(us);
        failures += ok ? 0 : 1;
        bytes += i % 100;
        rec.record(sample({ name, durationUs: us, ok, status: ok ? 200 : 500, bytes: i % 100 }));
      }
      assert.equal(agg.add(rec.take(sec * 1000), w.id), true);
    }
  }
  const view = agg.view(5_000);
  const all = [...raw['/a']!, ...raw['/b']!];
  assert.equal(view.total.count, 9500);
  assert.equal(view.total.failures, failures);
  assert.equal(view.total.totalBytes, bytes);
  assert.deepEqual(view.total.status, { '200': 9500 - failures, '500': failures });
  for (const name of ['/a', '/b']) {
    const r = row(view, 'GET', name);
    const us = raw[name]!;
    assert.equal(r.count, us.length);
    assert.equal(r.minMs, Math.min(...us) / 1000);
    assert.equal(r.maxMs, Math.max(...us) / 1000);
    assert.ok(Math.abs(r.avgMs! - us.reduce((s, v) => s + v, 0) / us.length / 1000) < 1e-9);
    assertWithinTenthPercent(r.percentiles, us, name);
    assertWithinTenthPercent(r.current.percentiles, us, `${name} current`);
    assertOrdered(r.percentiles, r.maxMs);
    assert.equal(r.medianMs, r.percentiles['0.5']);
  }
  assertWithinTenthPercent(view.total.percentiles, all, 'total');
  assertOrdered(view.total.percentiles, view.total.maxMs);
  assert.equal(view.total.minMs, Math.min(...all) / 1000);
  assert.equal(view.total.maxMs, Math.max(...all) / 1000);
  assert.equal(view.total.method, '');
  assert.equal(view.total.name, 'Aggregated');
  assert.equal(view.startedAt, 0);
  assert.equal(view.total.rps, 9500 / 5);
  assert.equal(view.total.current.rps, 9500 / 5);
  assert.equal(view.total.failRps, failures / 5);
});

test('p99 never exceeds max, even when the HDR bucket top is above it', () => {
  const agg = new Aggregator();
  agg.add(snap(0, 1000, [2048, 2048, 2048]), 'w1');
  const r = agg.view(1000).total;
  for (const q of REPORT_PERCENTILES) assert.equal(r.percentiles[String(q)], 2.048);
  assert.equal(r.current.percentiles["0.99"], 2.048);
});

test('the current window: second-of-end buckets, covered length, expiry', () => {
  const agg = new Aggregator();
  // 1 s snapshots ending at 1 s .. 15 s; second k holds k requests of k ms, one failing.
  for (let k = 1; k <= 15; k++) {
    const s = snap((k - 1) * 1000, k * 1000, Array.from({ length: k }, () => k * 1000));
    s.entries[0]!.failures = 1;
    agg.add(s, 'w1');
  }
  const inWindow = [6, 7, 8, 9, 10, 11, 12, 13, 14, 15];
  const windowCount = inWindow.reduce((a, b) => a + b, 0);
  const v = agg.view(15_500);
  assert.equal(v.total.count, 120);
  assert.equal(v.total.current.rps, windowCount / 10);
  assert.equal(v.total.current.failRps, 10 / 10);
  assert.equal(v.total.rps, 120 / 15.5);
  assert.equal(v.total.current.percentiles['0'], undefined);
  assert.equal(v.total.current.percentiles['1'], 15);
  assert.ok(Math.abs(v.total.current.percentiles['0.5']! - 12) / 12 <= 0.001);
  // cumulative p50 (rank 60 of 120) is in second 11: 1+..+10 = 55 < 60 <= 66
  assert.ok(Math.abs(v.total.percentiles['0.5']! - 11) / 11 <= 0.001);

  // Three seconds later, seconds 6..8 have left the window.
  const later = agg.view(18_200);
  assert.equal(later.total.current.rps, (windowCount - 6 - 7 - 8) / 10);
  // Long after: the window is empty, the cumulative stats stay.
  const idle = agg.view(40_000);
  assert.equal(idle.total.current.rps, 0);
  assert.equal(idle.total.current.failRps, 0);
  assert.deepEqual(Object.values(idle.total.current.percentiles), REPORT_PERCENTILES.map(() => null));
  assert.equal(idle.total.count, 120);
  assert.equal(idle.total.percentiles['1'], 15);
});

test('window stays exact under out-of-order snapshots and non-monotonic view times (vs brute force)', () => {
  const rand = mulberry32(5);
  const agg = new Aggregator();
  const added: { second: number; us: number[] }[] = [];
  let maxEnd = 0;
  for (let step = 0; step < 300; step++) {
    const second = 1 + Math.floor(rand() * 40);
    const us = Array.from({ length: 1 + Math.floor(rand() * 20) }, () => logUniform(rand, 100, 5_000_000));
    agg.add(snap(second * 1000 - 1000, second * 1000, us), `w${step % 3}`);
    added.push({ second, us });
    maxEnd = Math.max(maxEnd, second * 1000);
    if (step % 7 !== 0) continue;
    const now = maxEnd + Math.floor(rand() * 15_000);
    const cur = Math.floor(now / 1000);
    const inWindow = added.filter((a) => a.second > cur - 10).flatMap((a) => a.us);
    const v = agg.view(now);
    const covered = Math.min(10, (now - v.startedAt) / 1000);
    assert.ok(Math.abs(v.total.current.rps * covered - inWindow.length) < 1e-9, `step ${step}: window count`);
    if (inWindow.length === 0) {
      assert.equal(v.total.current.percentiles['0.5'], null);
      continue;
    }
    assertWithinTenthPercent(v.total.current.percentiles, inWindow, `step ${step} window`);
    assert.equal(v.total.current.percentiles['1'], Math.max(...inWindow) / 1000);
  }
});

test('early in the run the window divides by the time elapsed, not the window length', () => {
  const agg = new Aggregator();
  agg.setStart(10_000);
  agg.add(snap(10_000, 11_000, new Array<number>(30).fill(500)), 'w1');
  agg.add(snap(11_000, 12_000, new Array<number>(10).fill(500)), 'w1');
  const v = agg.view(12_500);
  assert.equal(v.startedAt, 10_000);
  assert.equal(v.total.current.rps, 40 / 2.5);
  assert.equal(v.total.rps, 40 / 2.5);
  assert.equal(agg.view(10_000).total.rps, 0);
});

test('a late snapshot older than the window counts in the totals but not in the window', () => {
  const agg = new Aggregator();
  agg.add(snap(19_000, 20_000, [1000, 1000]), 'w1');
  agg.add(snap(4_000, 5_000, [9000]), 'w2');
  const v = agg.view(20_000);
  assert.equal(v.total.count, 3);
  assert.equal(v.total.current.percentiles['1'], 1);
  assert.equal(v.total.percentiles['1'], 9);
  assert.equal(v.startedAt, 4_000);
});

test('reset forgets everything; with a time it ignores snapshots that ended before it', () => {
  const agg = new Aggregator();
  agg.add(snap(0, 1000, [100, 200], { ok: false, status: 500 }), 'w1');
  const s = snap(0, 1000, [1]);
  s.exceptions.push({ message: 'x', traceback: '', count: 1 });
  agg.add(s, 'w1');
  agg.reset(1_500);
  let v = agg.view(1_500);
  assert.equal(v.total.count, 0);
  assert.deepEqual(v.endpoints, []);
  assert.deepEqual(v.errors, []);
  assert.deepEqual(v.exceptions, []);
  assert.equal(v.startedAt, 1_500);
  assert.equal(agg.add(snap(500, 1_500, [100]), 'w1'), false);
  assert.equal(agg.add(snap(1_000, 2_000, [300, 300]), 'w1'), true);
  v = agg.view(3_500);
  assert.equal(v.total.count, 2);
  assert.equal(v.total.rps, 2 / 2);
  agg.reset();
  assert.equal(agg.startedAt, null);
  agg.add(snap(7_000, 8_000, [300]), 'w1');
  assert.equal(agg.startedAt, 7_000);
});

test('errors merge by (method, name, error) with min firstSeen and max lastSeen', () => {
  const agg = new Aggregator();
  const a = snap(0, 1000, [1, 1], { ok: false, status: 500 });
  a.errors[0]!.firstSeen = 300;
  a.errors[0]!.lastSeen = 400;
  const b = snap(0, 1000, [1, 1, 1], { ok: false, status: 500 });
  b.errors[0]!.firstSeen = 100;
  b.errors[0]!.lastSeen = 350;
  const c = snap(1000, 2000, [1], { ok: false, status: 503 });
  agg.add(a, 'w1');
  agg.add(b, 'w2');
  agg.add(c, 'w1');
  const v = agg.view(2000);
  assert.deepEqual(v.errors, [
    { method: 'GET', name: '/a', error: 'HTTP 500', occurrences: 5, firstSeen: 100, lastSeen: 400 },
    { method: 'GET', name: '/a', error: 'HTTP 503', occurrences: 1, firstSeen: 1000, lastSeen: 1000 },
  ]);
  assert.equal(v.total.failures, 6);
});

test('exceptions merge by message + traceback and list the workers that reported them', () => {
  const agg = new Aggregator();
  const mk = (message: string, count: number): IntervalSnapshot => ({ ...snap(0, 1000, []), exceptions: [{ message, traceback: 'at f', count }] });
  agg.add(mk('Error: a', 2), 'w2');
  agg.add(mk('Error: a', 1), 'w1');
  agg.add(mk('Error: a', 4), 'w2');
  agg.add(mk('Error: b', 1), 'w3');
  agg.add({ ...snap(0, 1000, []), exceptions: [{ message: 'Error: a', traceback: 'at g', count: 1 }] }, 'w3');
  assert.deepEqual(agg.view(1000).exceptions, [
    { message: 'Error: a', traceback: 'at f', count: 7, nodes: ['w1', 'w2'] },
    { message: 'Error: b', traceback: 'at f', count: 1, nodes: ['w3'] },
    { message: 'Error: a', traceback: 'at g', count: 1, nodes: ['w3'] },
  ]);
});

test('no data: nulls and zero rates; an endpoint with an empty entry shows nulls', () => {
  const agg = new Aggregator();
  let v = agg.view(5_000);
  assert.equal(v.startedAt, 5_000);
  assert.equal(v.total.count, 0);
  for (const k of ['minMs', 'maxMs', 'avgMs', 'medianMs'] as const) assert.equal(v.total[k], null);
  assert.equal(v.total.rps, 0);
  assert.equal(v.total.avgBytes, 0);
  assert.deepEqual(Object.values(v.total.percentiles), REPORT_PERCENTILES.map(() => null));
  assert.equal(v.total.scheduled, undefined);
  const empty: IntervalSnapshot = {
    start: 0, end: 1000, errors: [], exceptions: [],
    entries: [{ method: 'GET', name: '/idle', count: 0, failures: 0, sumUs: 0, minUs: 0, maxUs: 0, bytes: 0, status: {}, hist: encodeSparse(new LatencyHistogram()) }],
  };
  agg.add(empty, 'w1');
  v = agg.view(2_000);
  const idle = row(v, 'GET', '/idle');
  assert.equal(idle.count, 0);
  assert.equal(idle.medianMs, null);
  assert.equal(idle.minMs, null);
  assert.equal(idle.percentiles['0.99'], null);
  assert.equal(idle.current.percentiles['0.99'], null);
  assert.equal(v.total.minMs, null);
});

test('endpoints are sorted by (name, method); the total row is separate', () => {
  const agg = new Aggregator();
  for (const [method, name] of [['POST', '/b'], ['GET', '/b'], ['GET', '/a'], ['DELETE', '/c'], ['PUT', '/a']]) {
    agg.add(snap(0, 1000, [10], { method, name }), 'w1');
  }
  assert.deepEqual(agg.view(1000).endpoints.map((e) => `${e.method} ${e.name}`), ['GET /a', 'PUT /a', 'GET /b', 'POST /b', 'DELETE /c']);
});

test('scheduled latencies: percentiles, mean and max from the merged scheduled histogram', () => {
  const agg = new Aggregator();
  const rec = new IntervalRecorder({ clock: new ManualClock(0), start: 0 });
  for (let i = 1; i <= 100; i++) rec.record(sample({ durationUs: 1000, scheduledUs: i * 10_000 }));
  agg.add(rec.take(1000), 'w1');
  const r = row(agg.view(1000), 'GET', '/a');
  assert.ok(r.scheduled);
  assert.ok(Math.abs(r.scheduled.percentiles['0.99']! - 990) / 990 <= 0.001);
  assert.ok(Math.abs(r.scheduled.maxMs! - 1000) / 1000 <= 0.001);
  assert.ok(Math.abs(r.scheduled.avgMs! - 505) / 505 <= 0.001);
  assert.equal(r.percentiles['1'], 1);
  assert.ok(agg.view(1000).total.scheduled);
});

test('a bad snapshot is rejected whole: nothing of it is merged', () => {
  const agg = new Aggregator();
  agg.add(snap(0, 1000, [100]), 'w1');
  const good = snap(0, 1000, [100, 100]);
  const bad = snap(0, 1000, [5], { name: '/z' });
  const mixed: IntervalSnapshot = { ...good, entries: [...good.entries, { ...bad.entries[0]!, count: 2 }] };
  assert.throws(() => agg.add(mixed, 'w2'), (e: unknown) => e instanceof StampedeError && e.code === 'STAMPEDE_ERR_BAD_HISTOGRAM' && /histogram holds 1 samples, count is 2/.test(e.message));
  const corrupt: IntervalSnapshot = { ...good, entries: [...good.entries, { ...bad.entries[0]!, hist: Uint8Array.of(1, 5) }] };
  assert.throws(() => agg.add(corrupt, 'w2'), (e: unknown) => e instanceof StampedeError && e.code === 'STAMPEDE_ERR_BAD_HISTOGRAM');
  const cases: [string, (s: IntervalSnapshot) => void][] = [
    ['end before start', (s) => { s.end = s.start - 1; }],
    ['negative count', (s) => { s.entries[0]!.count = -1; }],
    ['fractional failures', (s) => { s.entries[0]!.failures = 0.5; }],
    ['failures > count', (s) => { s.entries[0]!.failures = 3; }],
    ['NaN sum', (s) => { s.entries[0]!.sumUs = Number.NaN; }],
    ['min > max', (s) => { s.entries[0]!.minUs = 1e6; }],
    ['status over count', (s) => { s.entries[0]!.status = { '200': 3 }; }],
    ['bad status count', (s) => { s.entries[0]!.status = { '200': -1 }; }],
    ['sched over count', (s) => { s.entries[0]!.schedHist = encodeSparse(hist([1, 2, 3])); }],
    ['error count 0', (s) => { s.errors.push({ method: 'GET', name: '/a', error: 'x', count: 0, firstSeen: 1, lastSeen: 1 }); }],
    ['error times reversed', (s) => { s.errors.push({ method: 'GET', name: '/a', error: 'x', count: 1, firstSeen: 2, lastSeen: 1 }); }],
    ['exception count', (s) => { s.exceptions.push({ message: 'm', traceback: '', count: 1.5 }); }],
  ];
  for (const [what, spoil] of cases) {
    const s = snap(0, 1000, [100, 100]);
    spoil(s);
    assert.throws(() => agg.add(s, 'w3'), (e: unknown) => e instanceof StampedeError && e.code === 'STAMPEDE_ERR_BAD_HISTOGRAM', what);
  }
  const v = agg.view(1000);
  assert.equal(v.total.count, 1);
  assert.deepEqual(v.endpoints.map((e) => e.name), ['/a']);
  assert.deepEqual(v.errors, []);
});

function hist(values: number[]): LatencyHistogram {
  const h = new LatencyHistogram();
  for (const v of values) h.record(v);
  return h;
}

test('histogramOf returns copies of merged histograms, per endpoint and for the total', () => {
  const agg = new Aggregator();
  agg.add(snap(0, 1000, [10, 20]), 'w1');
  agg.add(snap(0, 1000, [30], { name: '/b' }), 'w2');
  const a = agg.histogramOf('GET', '/a');
  assert.equal(a?.total, 2);
  a?.record(1);
  assert.equal(agg.histogramOf('GET', '/a')?.total, 2);
  assert.equal(agg.histogramOf('', 'Aggregated')?.total, 3);
  assert.equal(agg.histogramOf('GET', '/nope'), null);
  assert.equal(agg.histogramOf('GET', '/a', 'scheduled'), null);
  assert.equal(new Aggregator().histogramOf('', 'Aggregated'), null);
});

test('aggregator endpoint cap merges further endpoints (and their errors) into (*, (other))', () => {
  const agg = new Aggregator({ maxEndpoints: 1 });
  agg.add(snap(0, 1000, [10], { name: '/a' }), 'w1');
  agg.add(snap(0, 1000, [20], { name: '/b', ok: false, status: 500 }), 'w2');
  agg.add(snap(0, 1000, [30], { name: '/c' }), 'w3');
  const v = agg.view(1000);
  assert.deepEqual(v.endpoints.map((e) => [e.method, e.name, e.count]), [['*', '(other)', 2], ['GET', '/a', 1]]);
  assert.deepEqual(v.errors.map((e) => [e.method, e.name, e.error]), [['*', '(other)', 'HTTP 500']]);
});

test('bad aggregator options are rejected with STAMPEDE_ERR_USAGE', () => {
  const isOption = (e: unknown): boolean => e instanceof StampedeError && e.code === 'STAMPEDE_ERR_USAGE';
  assert.throws(() => new Aggregator({ windowSeconds: 0 }), isOption);
  assert.throws(() => new Aggregator({ maxEndpoints: 0 }), isOption);
  assert.throws(() => new Aggregator({ percentiles: [0.5, 1.5] }), isOption);
  assert.throws(() => new Aggregator().setStart(Number.NaN), isOption);
});
