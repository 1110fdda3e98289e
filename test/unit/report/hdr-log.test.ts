import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { HistogramLogReader, listTags, type Histogram } from 'hdr-histogram-js';
import { endpointOfTag, endpointTag } from '../../../src/report/hdr-log-format.js';
import { HdrLogWriter, type HistogramSource } from '../../../src/report/hdr-log-writer.js';
import { Aggregator } from '../../../src/stats/aggregator.js';
import { IntervalRecorder } from '../../../src/stats/interval-recorder.js';
import { ManualClock } from '../stats/clock.js';

const BASE = 1_700_000_000_000;

function feed(agg: Aggregator, worker: string, start: number, samples: [string, string, number][]): void {
  const rec = new IntervalRecorder({ clock: new ManualClock(start), start });
  for (const [method, name, us] of samples) rec.record({ method, name, durationUs: us, ok: true, status: 200, bytes: 1 });
  agg.add(rec.take(start + 1000), worker);
}

function source(agg: Aggregator, now: number): HistogramSource {
  return { endpoints: agg.view(now).endpoints, histogramOf: (m, n) => agg.histogramOf(m, n) };
}

function readAll(text: string): Histogram[] {
  const reader = new HistogramLogReader(text, 'packed');
  const out: Histogram[] = [];
  for (let h = reader.nextIntervalHistogram(); h !== null && out.length < 1000; h = reader.nextIntervalHistogram()) out.push(h);
  return out;
}

void test('tags: METHOD NAME with spaces, commas and % encoded, and back', () => {
  assert.equal(endpointTag('GET', '/api/tasks/{id}'), 'GET%20/api/tasks/{id}');
  const odd = endpointTag('measure', 'db query, 100% slow\n');
  assert.equal(odd, 'measure%20db%20query%2C%20100%25%20slow%0A');
  assert.ok(!/[\s,]/.test(odd));
  assert.deepEqual(endpointOfTag(odd), { method: 'measure', name: 'db query, 100% slow\n' });
});

void test('one line per interval per endpoint; read back with HistogramLogReader the totals and percentiles match', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'stampede-hdr-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const agg = new Aggregator();
  const log = new HdrLogWriter({ path: join(dir, 'deep', 'run.hlog'), baseMs: BASE, version: '9.9.9' });
  await log.open();
  feed(agg, 'w1', BASE, [['GET', '/a', 1000], ['GET', '/a', 2000], ['POST', '/b, c', 50_000]]);
  feed(agg, 'w2', BASE, [['GET', '/a', 3000]]);
  log.tick(BASE + 1000, source(agg, BASE + 1000));
  log.tick(BASE + 2000, source(agg, BASE + 2000)); // nothing new: no line
  feed(agg, 'w1', BASE + 2000, [['GET', '/a', 4000], ['GET', '/a', 1_500_000]]);
  await log.close(BASE + 3000, source(agg, BASE + 3000));

  const text = readFileSync(log.path, 'utf8');
  assert.match(text, /^#\[Logged with stampede 9\.9\.9: values in microseconds/);
  assert.match(text, /\n#\[Histogram log format version 1\.3\]\n/);
  assert.match(text, /\n#\[StartTime: 1700000000\.000 \(seconds since epoch\), /);
  assert.match(text, /\n#\[BaseTime: 1700000000\.000 \(seconds since epoch\)\]\n/);
  assert.match(text, /\n"StartTimestamp","Interval_Length","Interval_Max","Interval_Compressed_Histogram"\n/);
  const lines = text.split('\n').filter((l) => l !== '' && !l.startsWith('#') && !l.startsWith('"'));
  assert.deepEqual(lines.map((l) => l.split(',').slice(0, -1).join(',')), [
    '0.000,1.000,50.015',
    'Tag=GET%20/a,0.000,1.000,3.001',
    'Tag=POST%20/b%2C%20c,0.000,1.000,50.015',
    '2.000,1.000,1500.159',
    'Tag=GET%20/a,2.000,1.000,1500.159',
  ]);
  assert.deepEqual(listTags(text).sort(), ['GET%20/a', 'NO TAG', 'POST%20/b%2C%20c']);

  const histograms = readAll(text);
  assert.equal(histograms.length, 5);
  assert.equal(histograms[0]!.startTimeStampMsec, BASE);
  assert.equal(histograms[3]!.startTimeStampMsec, BASE + 2000);
  assert.equal(histograms[3]!.endTimeStampMsec, BASE + 3000);
  const byTag = new Map<string, Histogram[]>();
  for (const h of histograms) byTag.set(h.tag, [...(byTag.get(h.tag) ?? []), h]);
  const sum = (hs: Histogram[]): number => hs.reduce((s, h) => s + h.totalCount, 0);
  const view = agg.view(BASE + 3000);
  assert.equal(sum(byTag.get('NO TAG')!), view.total.count);
  for (const e of view.endpoints) {
    const hs = byTag.get(endpointTag(e.method, e.name))!;
    assert.equal(sum(hs), e.count, `${e.method} ${e.name}`);
    const merged = hs[0]!;
    for (const h of hs.slice(1)) merged.add(h);
    const ours = agg.histogramOf(e.method, e.name)!;
    for (const q of [0.5, 0.9, 0.99, 1]) assert.equal(merged.getValueAtPercentile(q * 100), ours.valueAtPercentile(q), `${e.name} p${q}`);
  }
});

void test('the histograms carry Java\'s header values (normalizingIndexOffset 0, conversion ratio 1.0)', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'stampede-hdr-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const agg = new Aggregator();
  const log = new HdrLogWriter({ path: join(dir, 'run.hlog'), baseMs: BASE, version: '1' });
  await log.open();
  feed(agg, 'w1', BASE, [['GET', '/a', 1234]]);
  await log.close(BASE + 1000, source(agg, BASE + 1000));
  const line = readFileSync(log.path, 'utf8').split('\n').find((l) => l.startsWith('0.000,'))!;
  const outer = Buffer.from(line.slice(line.lastIndexOf(',') + 1), 'base64');
  assert.equal(outer.readInt32BE(0), 0x1c849314, 'compressed V2 cookie');
  const inner = inflateSync(outer.subarray(8, 8 + outer.readInt32BE(4)));
  assert.equal(inner.readInt32BE(0), 0x1c849313, 'V2 cookie');
  assert.equal(inner.readInt32BE(8), 0, 'normalizingIndexOffset');
  assert.equal(inner.readInt32BE(12), 3, 'significant digits');
  assert.equal(inner.readBigInt64BE(16), 1n, 'lowest discernible value');
  assert.equal(inner.readBigInt64BE(24), 3_600_000_000n, 'highest trackable value');
  assert.equal(inner.readDoubleBE(32), 1, 'integerToDoubleValueConversionRatio');
});

void test('rebase after a reset: the next interval holds only what came after it', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'stampede-hdr-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const agg = new Aggregator();
  const log = new HdrLogWriter({ path: join(dir, 'run.hlog'), baseMs: BASE, version: '1' });
  await log.open();
  feed(agg, 'w1', BASE, [['GET', '/a', 1000], ['GET', '/a', 1000], ['GET', '/a', 1000]]);
  log.tick(BASE + 1000, source(agg, BASE + 1000));
  agg.reset(BASE + 1000);
  log.rebase();
  feed(agg, 'w1', BASE + 1000, [['GET', '/a', 2000]]);
  await log.close(BASE + 2000, source(agg, BASE + 2000));
  const counts = readAll(readFileSync(log.path, 'utf8')).filter((h) => h.tag === 'NO TAG').map((h) => h.totalCount);
  assert.deepEqual(counts, [3, 1]);
});

void test('a report that arrives after a reset but predates it is left out of the stats and still written to the log', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'stampede-hdr-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const agg = new Aggregator();
  const log = new HdrLogWriter({ path: join(dir, 'run.hlog'), baseMs: BASE, version: '1' });
  await log.open();
  feed(agg, 'w1', BASE, [['GET', '/a', 1000]]);
  log.tick(BASE + 1000, source(agg, BASE + 1000));
  agg.reset(BASE + 1500);
  log.rebase();
  // w2's report for [BASE, BASE + 1000) comes after the reset: the aggregator refuses it as stale.
  const rec = new IntervalRecorder({ clock: new ManualClock(BASE), start: BASE });
  for (const name of ['/a', '/a', '/late-only']) rec.record({ method: 'GET', name, durationUs: 3000, ok: true, status: 200, bytes: 1 });
  const stale = rec.take(BASE + 1000);
  assert.equal(agg.add(stale, 'w2'), false);
  log.late(stale);
  feed(agg, 'w1', BASE + 1500, [['GET', '/a', 2000]]);
  await log.close(BASE + 2500, source(agg, BASE + 2500));
  const lines = readAll(readFileSync(log.path, 'utf8'));
  assert.deepEqual(lines.filter((h) => h.tag === 'NO TAG').map((h) => h.totalCount), [1, 4], 'the second line holds the late report and what came after the reset');
  const byTag = (tag: string): number => lines.filter((h) => h.tag === tag).reduce((s, h) => s + h.totalCount, 0);
  assert.equal(byTag(endpointTag('GET', '/a')), 4);
  assert.equal(byTag(endpointTag('GET', '/late-only')), 1);
  assert.equal(agg.view(BASE + 2500).total.count, 1, 'the final statistics still start at the reset');
});
