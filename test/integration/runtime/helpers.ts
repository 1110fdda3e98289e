import { pino } from 'pino';
import { systemClock, type Clock } from '../../../src/clock.js';
import type { Recorder, Sample } from '../../../src/stats/types.js';
import { UserHttpClient } from '../../../src/worker/runtime/http-client.js';
import { Runner, type RunnerOptions } from '../../../src/worker/runtime/index.js';

/** A Recorder that keeps every sample and exception, and counts dropped arrivals, for exact assertions. */
export class ListRecorder implements Recorder {
  readonly samples: Sample[] = [];
  readonly exceptions: unknown[] = [];
  droppedCount = 0;

  record(sample: Sample): void {
    this.samples.push(sample);
  }

  exception(error: unknown): void {
    this.exceptions.push(error);
  }

  dropped(n = 1): void {
    this.droppedCount += n;
  }

  take(): never {
    throw new Error('ListRecorder.take is not used by these tests');
  }

  messages(): string[] {
    return this.exceptions.map((e) => (e instanceof Error ? e.message : String(e)));
  }
}

export const silentLogger = pino({ level: 'silent' });

export function clientFor(origin: string, recorder: Recorder, opts: { basePath?: string; clock?: Clock } = {}): UserHttpClient {
  return new UserHttpClient({
    origin,
    basePath: opts.basePath ?? '',
    recorder,
    clock: opts.clock ?? systemClock,
    clientOptions: { pipelining: 1, keepAliveTimeout: 60_000, headersTimeout: 10_000, bodyTimeout: 10_000 },
  });
}

/** Resolves when `ok()` holds, polling each event-loop turn; rejects after `timeoutMs`. */
export async function until(ok: () => boolean, timeoutMs = 3000, what = 'condition'): Promise<void> {
  const end = performance.now() + timeoutMs;
  while (!ok()) {
    if (performance.now() > end) throw new Error(`${what} not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** A promise and whether it has settled yet. */
export function track<T>(p: Promise<T>): { settled: () => boolean } {
  let done = false;
  p.then(
    () => (done = true),
    () => (done = true),
  );
  return { settled: () => done };
}

const live = new Set<Runner>();

/**
 * A Runner that stopLiveRunners() will stop. Register `afterEach(stopLiveRunners)` in the file, so
 * that a failed assertion leaves no user running (one would keep the test process alive).
 */
export function liveRunner(options: RunnerOptions): Runner {
  const runner = new Runner(options);
  live.add(runner);
  return runner;
}

export async function stopLiveRunners(): Promise<void> {
  const runners = [...live];
  live.clear();
  await Promise.all(runners.map((r) => r.stop()));
}
