/**
 * Cost of the master's merge path: Aggregator.add() of a realistic 20-endpoint worker snapshot,
 * the bare sparse merge of one endpoint histogram and, side by side, hdr-histogram-js decoding a
 * V2 compressed histogram and adding it (REFERENCE.md: ~1.3 ms in JS). Also the master's view()
 * and the worker's record() costs. Two loads: 100 and 1000 samples per endpoint per worker-second
 * (the second spreads over ~700 non-empty buckets, about the most one interval holds).
 *
 *   node --import tsx bench/stats-merge.ts
 */
import os from 'node:os';
import { build, decodeFromCompressedBase64, encodeIntoCompressedBase64 } from 'hdr-histogram-js';
import { Aggregator } from '../src/stats/aggregator.js';
import { toHdrHistogram } from '../src/stats/hdr-export.js';
import { LatencyHistogram } from '../src/stats/histogram.js';
import { IntervalRecorder } from '../src/stats/interval-recorder.js';
import { mergeSparse } from '../src/stats/sparse-codec.js';
import { HISTOGRAM_CONFIG, type IntervalSnapshot, type Sample } from '../src/stats/types.js';

const ENDPOINTS = 20;
const WORKERS = 1000;

let seed = 12345;
function rand(): number {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  return seed / 2 ** 31;
}

/** Log-normal latency around `medianUs`, with a 1 % tail ten times slower. */
function latencyUs(medianUs: number): number {
  const u = Math.max(rand(), 1e-12);
  const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
  return Math.round(medianUs * Math.exp(0.6 * z) * (rand() < 0.01 ? 10 : 1));
}

function workerSnapshot(start: number, perEndpoint: number): IntervalSnapshot {
  const rec = new IntervalRecorder({ clock: { now: () => start }, start });
  const sample: Sample = { method: 'GET', name: '', durationUs: 0, ok: true, status: 200, bytes: 512 };
  for (let e = 0; e < ENDPOINTS; e++) {
    sample.name = `/api/endpoint/${e}`;
    for (let i = 0; i < perEndpoint; i++) {
      sample.durationUs = latencyUs(2_000 + e * 3_000);
      sample.status = i % 50 === 0 ? 500 : 200;
      sample.ok = sample.status === 200;
      rec.record(sample);
    }
  }
  return rec.take(start + 1000);
}

function timeIt(label: string, n: number, fn: (i: number) => void): number {
  for (let i = 0; i < Math.min(n, 200); i++) fn(i); // warm up
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) fn(i);
  const us = Number(process.hrtime.bigint() - t0) / 1000 / n;
  line(label, us.toFixed(3), 'µs');
  return us;
}

function line(label: string, value: string, unit: string): void {
  console.log(`${label.padEnd(64)} ${value.padStart(10)} ${unit}`);
}

function scenario(perEndpoint: number): void {
  const snapshots = Array.from({ length: 50 }, (_, i) => workerSnapshot(i * 1000, perEndpoint));
  const first = snapshots[0]!;
  const bytes = first.entries.reduce((s, e) => s + e.hist.length, 0);
  console.log(`\n## ${ENDPOINTS} endpoints × ${perEndpoint} samples per worker-second: sparse histograms ${bytes} B (${(bytes / ENDPOINTS).toFixed(0)} B per endpoint)`);

  // Every second, each of the WORKERS workers sends one snapshot ending in that second.
  const agg = new Aggregator();
  const perSnapshot = timeIt('Aggregator.add of one worker snapshot (validate + merge)', 10_000, (i) => {
    const end = Math.floor(i / WORKERS) * 1000 + 1000;
    agg.add({ ...snapshots[i % snapshots.length]!, start: end - 1000, end }, `w${i % WORKERS}`);
  });
  line('  per endpoint entry', (perSnapshot / ENDPOINTS).toFixed(3), 'µs');
  line(`  master CPU for ${WORKERS} workers at 1 Hz`, ((perSnapshot * WORKERS) / 1e4).toFixed(1), '% of a core');

  const target = new LatencyHistogram();
  const hists = first.entries.map((e) => e.hist);
  const sparse = timeIt('mergeSparse of one endpoint histogram (validate + merge)', 100_000, (i) => {
    mergeSparse(hists[i % hists.length]!, target);
  });
  const v2 = hists.map((h) => {
    const one = new LatencyHistogram();
    mergeSparse(h, one);
    return encodeIntoCompressedBase64(toHdrHistogram(one));
  });
  const hdrTarget = build({ ...HISTOGRAM_CONFIG, bitBucketSize: 64, autoResize: false, useWebAssembly: false });
  const hdr = timeIt('hdr-histogram-js: decode V2 base64 + add, JS 64-bit (same data)', 200, (i) => {
    hdrTarget.add(decodeFromCompressedBase64(v2[i % v2.length]!, 64, false));
  });
  line('  hdr-histogram-js / sparse', (hdr / sparse).toFixed(0), '×');
  timeIt(`Aggregator.view (${ENDPOINTS} endpoints + total, 10 s window)`, 100, (i) => {
    agg.view(10_000 + (i % 3) * 1000);
  });
}

console.log(`# stats merge bench: node ${process.version}, ${os.cpus()[0]?.model ?? 'unknown cpu'} × ${os.cpus().length}, load average ${os.loadavg()[0]?.toFixed(2)}`);
scenario(100);
scenario(1000);

console.log('\n## worker hot path');
const rec = new IntervalRecorder({ clock: { now: () => 0 } });
const s: Sample = { method: 'GET', name: '/api/endpoint/3', durationUs: 0, ok: true, status: 200, bytes: 512 };
const lat = Float64Array.from({ length: 4096 }, () => latencyUs(20_000));
timeIt('IntervalRecorder.record (per sample)', 2_000_000, (i) => {
  s.durationUs = lat[i & 4095]!;
  rec.record(s);
});
const lh = new LatencyHistogram();
timeIt('LatencyHistogram.record (per sample)', 2_000_000, (i) => {
  lh.record(lat[i & 4095]!);
});
const hh = build({ ...HISTOGRAM_CONFIG, bitBucketSize: 32, autoResize: false, useWebAssembly: false });
timeIt('hdr-histogram-js recordValue, JS 32-bit (per sample)', 2_000_000, (i) => {
  hh.recordValue(lat[i & 4095]!);
});
