/**
 * --warmup is measured on the master's clock, the one the run's start and the statistics' start are
 * stamped with. A master clock that runs behind Date.now() (the two drift apart; CI once saw the
 * reset 9 ms early) must still give a reset no sooner than the warm-up after the start.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { pino } from 'pino';
import { ConsoleReporter } from '../../../src/cli/console-reporter.js';
import { validateOptions } from '../../../src/cli/options.js';
import { testMaster } from '../../helpers/master.js';

const BEHIND_MS = 300;
const WARMUP_MS = 400;

void test('the warm-up ends on the master clock, not on Date.now()', async () => {
  const logger = pino({ level: 'silent' });
  const master = testMaster({
    logger,
    clock: { now: () => Date.now() - BEHIND_MS },
    bundle: { code: 'export {};\n', hash: 'warmup-clock', filename: 'warmup.ts' },
    classes: [{ name: 'U', weight: 1, fixedCount: null }],
  });
  const sink = new PassThrough();
  sink.resume();
  const reporter = new ConsoleReporter({
    io: { argv: [], env: {}, stdout: sink, stderr: sink, onSignal: () => () => undefined, entryScript: '', version: '0.0.0' },
    master,
    options: { ...validateOptions({}), warmup: WARMUP_MS, onlySummary: true },
    host: 'http://127.0.0.1:9',
    logger,
  });
  master.start({ users: 1, spawnRate: 1, host: 'http://127.0.0.1:9', runTimeMs: null });
  const runStartedAt = master.runStartedAt;
  assert.ok(runStartedAt !== null);
  await reporter.start();
  const deadline = Date.now() + WARMUP_MS + BEHIND_MS + 3000;
  const reset = (): boolean => master.aggregator.startedAt !== null && master.aggregator.startedAt !== runStartedAt;
  while (!reset() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  assert.ok(reset(), 'the warm-up never ended');
  const resetAfter = master.aggregator.startedAt! - runStartedAt;
  reporter.stopPeriodic();
  await master.quit();
  assert.ok(resetAfter >= WARMUP_MS && resetAfter < WARMUP_MS + 200, `the statistics start ${resetAfter} ms after the run, the warm-up is ${WARMUP_MS} ms`);
});
