/**
 * Realistic worker reports for the ingest benchmark: interval snapshots recorded by the real
 * IntervalRecorder from log-normal latencies (each endpoint its own median, a 1 % tail ten times
 * slower, a few HTTP 500s), so the sparse histograms have the bucket spread of real traffic.
 */
import { IntervalRecorder } from '../../src/stats/interval-recorder.js';
import type { IntervalSnapshot, Sample } from '../../src/stats/types.js';

export interface SnapshotShape {
  endpoints: number;
  /** Requests per endpoint per interval. */
  samplesPerEndpoint: number;
}

/** A deterministic LCG in [0, 1). */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function latencyUs(rand: () => number, medianUs: number): number {
  const u = Math.max(rand(), 1e-12);
  const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
  return Math.max(1, Math.round(medianUs * Math.exp(0.6 * z) * (rand() < 0.01 ? 10 : 1)));
}

const METHODS = ['GET', 'GET', 'GET', 'POST', 'PUT', 'DELETE'] as const;

/** `count` different one-second snapshots of `shape` (start 0, end 1000: the sender re-times them). */
export function snapshotPool(count: number, shape: SnapshotShape, seed = 1): IntervalSnapshot[] {
  const rand = lcg(seed);
  const pool: IntervalSnapshot[] = [];
  for (let k = 0; k < count; k++) {
    let now = 0;
    const rec = new IntervalRecorder({ clock: { now: () => now }, start: 0 });
    const sample: Sample = { method: 'GET', name: '', durationUs: 0, ok: true, status: 200, bytes: 0 };
    for (let e = 0; e < shape.endpoints; e++) {
      sample.method = METHODS[e % METHODS.length] ?? 'GET';
      sample.name = `/api/v1/resource-${e}/{id}`;
      const medianUs = 1500 * 1.2 ** e;
      for (let i = 0; i < shape.samplesPerEndpoint; i++) {
        now = (i * 1000) / shape.samplesPerEndpoint;
        const failed = e % 5 === 4 && rand() < 0.02;
        sample.durationUs = latencyUs(rand, medianUs);
        sample.status = failed ? 500 : 200;
        sample.ok = !failed;
        sample.bytes = 200 + Math.floor(rand() * 2000);
        if (failed) sample.error = 'HTTP 500';
        else delete sample.error;
        rec.record(sample);
      }
    }
    pool.push(rec.take(1000));
  }
  return pool;
}
