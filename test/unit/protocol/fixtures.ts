/** Valid messages of every type, a seeded PRNG and a realistic report, shared by the protocol tests. */
import { IntervalRecorder, type IntervalSnapshot } from '../../../src/stats/index.js';
import {
  ack,
  bundle,
  clockReply,
  clockRequest,
  hello,
  plan,
  quit,
  ready,
  report,
  started,
  status,
  stop,
  stopped,
  welcome,
  type MasterMessage,
  type WorkerMessage,
} from '../../../src/protocol/index.js';
import { mulberry32 } from '../../helpers/random.js';

/** A small seeded PRNG, uniform in [0, 1). */
export const prng = mulberry32;

/**
 * One interval as the real worker recorder (src/stats IntervalRecorder) takes it: `endpoints`
 * endpoints with about `perEndpoint` log-normal latencies each, a few HTTP 500s and one exception.
 */
export function realisticSnapshot(seed: number, endpoints: number, perEndpoint: number): IntervalSnapshot {
  const rand = prng(seed);
  const start = 1_767_000_000_000;
  let now = start;
  const recorder = new IntervalRecorder({ clock: { now: () => now }, start });
  for (let i = 0; i < endpoints; i++) {
    const count = perEndpoint + Math.floor(rand() * perEndpoint * 0.2);
    const medianUs = 2000 + Math.floor(rand() * 50_000);
    for (let k = 0; k < count; k++) {
      now = start + Math.floor((k / count) * 1000);
      const gauss = Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
      const ok = rand() > 0.002;
      recorder.record({
        method: i % 4 === 0 ? 'POST' : 'GET',
        name: `/api/resource-${i}/{id}`,
        durationUs: Math.round(medianUs * Math.exp(0.5 * gauss)),
        ok,
        status: ok ? 200 : 500,
        bytes: 512,
        ...(ok ? {} : { error: 'HTTP 500' }),
      });
    }
  }
  recorder.exception(new TypeError('x is undefined'));
  return recorder.take(start + 1000);
}

export function workerSamples(): WorkerMessage[] {
  const snapshot = realisticSnapshot(7, 3, 50);
  const first = snapshot.entries[0];
  if (first !== undefined) first.schedHist = new Uint8Array([1, 2, 3, 4]);
  snapshot.errors.push({ method: 'GET', name: '/api/x', error: 'ECONNRESET', count: 2, firstSeen: snapshot.start + 5, lastSeen: snapshot.start + 900 });
  return [
    hello({ workerId: 'worker-a', instance: 'i-0f3a', host: 'box-1', pid: 4242, cpus: 8, version: '0.1.0' }),
    ready('a1b2c3'),
    ready('a1b2c3', { code: 'STAMPEDE_ERR_LOADFILE', message: 'loadfile.ts:3 SyntaxError: Unexpected token' }),
    report({ seq: 1, users: { ApiUser: 3, AdminUser: 1 }, snapshot, final: false, dropped: 0 }),
    report({ seq: 2, users: {}, snapshot: { start: 5, end: 5, entries: [], errors: [], exceptions: [] }, final: true, dropped: 3 }),
    status({ cpuPercent: 143.5, rssBytes: 123_456_789, loopLagMs: 1.25 }),
    started('run-1', 1_767_000_001_000.25),
    clockRequest(3, 1_767_000_000_123.456),
    stopped(),
  ];
}

export function masterSamples(): MasterMessage[] {
  return [
    welcome({ index: 0, workerId: 'worker-a', heartbeatMs: 15_000, reportIntervalMs: 1000, masterTime: 1_767_000_000_000.5 }),
    bundle({ code: 'export class ApiUser {}\n', hash: 'a1b2c3', filename: 'loadfile.ts' }),
    plan({
      runId: 'run-1',
      host: 'http://127.0.0.1:8000',
      users: { ApiUser: 50, AdminUser: 0 },
      spawnRate: 2.5,
      startAt: 1_767_000_001_000,
      runTimeMs: 300_000,
      options: { tags: ['smoke'], excludeTags: [], stopTimeoutMs: 0, maxEndpoints: 1000 },
    }),
    plan({
      runId: 'run-1',
      host: '',
      users: {},
      spawnRate: 0,
      startAt: 0,
      runTimeMs: null,
      options: { tags: [], excludeTags: ['slow'], stopTimeoutMs: 5000, maxEndpoints: 10_000 },
    }),
    stop(),
    quit(),
    ack(17),
    clockReply(clockRequest(3, 1_767_000_000_123.456), 1_767_000_000_130.5),
  ];
}
