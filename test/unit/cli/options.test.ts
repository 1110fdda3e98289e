import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDurationMs } from '../../../src/cli/duration.js';
import { validateOptions } from '../../../src/cli/options.js';
import { parseArgs } from '../../../src/cli/parse.js';
import { codeOf } from '../../../src/errors.js';

test('durations read like Locust and k6', () => {
  const cases: [string, number][] = [
    ['20', 20_000],
    ['20s', 20_000],
    ['3m', 180_000],
    ['1h30m', 5_400_000],
    ['1.5s', 1_500],
    ['250ms', 250],
    ['1h2m3s', 3_723_000],
    ['0', 0],
  ];
  for (const [input, ms] of cases) assert.equal(parseDurationMs(input), ms, input);
  for (const bad of ['', 'abc', '5x', 's', '1m-2s', '-3s', '1.2.3s']) {
    assert.throws(() => parseDurationMs(bad), (err: unknown) => codeOf(err) === 'STAMPEDE_ERR_USAGE' && /20s, 3m/.test((err as Error).message), bad);
  }
});

test('defaults come from the schema', () => {
  const o = validateOptions({});
  assert.equal(o.users, 1);
  assert.equal(o.spawnRate, 1);
  assert.equal(o.runTime, undefined);
  assert.equal(o.masterPort, 5557);
  assert.equal(o.masterBindPort, 5557);
  assert.equal(o.heartbeatTimeout, 15_000);
  assert.equal(o.masterConnectTimeout, 300_000);
  assert.equal(o.onWorkerLoss, 'rebalance');
  assert.equal(o.exitCodeOnError, 1);
  assert.deepEqual(o.tags, []);
});

test('every problem is reported at once, and unknown keys are refused', () => {
  try {
    validateOptions({ users: '-3', spawnRate: 'fast', runTime: '5x', onWorkerLoss: 'panic', bogus: 1, host: 'localhost:80' });
    assert.fail('should throw');
  } catch (err) {
    assert.equal(codeOf(err), 'STAMPEDE_ERR_USAGE');
    const msg = (err as Error).message;
    for (const part of ['--users must be at least 0', '--spawn-rate must be a number', 'invalid --run-time', '--on-worker-loss must be one of', "unknown option 'bogus'", '--host must be an absolute http(s) URL']) {
      assert.ok(msg.includes(part), `missing "${part}" in:\n${msg}`);
    }
  }
});

test('flags win over env vars; env vars fill in; lists split on commas', async () => {
  const r = await parseArgs(['-u', '7', '--tags', 'a,b', 'c'], { STAMPEDE_USERS: '99', STAMPEDE_SPAWN_RATE: '3', STAMPEDE_HEADLESS: 'true' }, '0.0.0');
  assert.equal(r.kind, 'run');
  if (r.kind !== 'run') return;
  assert.equal(r.options.users, 7);
  assert.equal(r.options.spawnRate, 3);
  assert.equal(r.options.headless, true);
  assert.deepEqual(r.options.tags, ['a', 'b', 'c']);
});

test('positional arguments are user class names', async () => {
  const r = await parseArgs(['-f', 'x.ts', 'ApiUser', 'Admin'], {}, '0.0.0');
  assert.equal(r.kind === 'run' && r.options.userClasses.join(','), 'ApiUser,Admin');
});

test('an unknown flag is a usage error naming it', async () => {
  await assert.rejects(parseArgs(['--userz', '3'], {}, '0.0.0'), (err: unknown) => codeOf(err) === 'STAMPEDE_ERR_USAGE' && /userz/.test((err as Error).message));
});

test('--master and --worker exclude each other', () => {
  assert.throws(() => validateOptions({ master: true, worker: true }), /exclude each other/);
});

test('--help prints the usage and every flag', async () => {
  const r = await parseArgs(['--help'], {}, '1.2.3');
  assert.equal(r.kind, 'output');
  if (r.kind !== 'output') return;
  for (const flag of ['--locustfile', '--expect-workers-max-wait', '--on-worker-loss', 'STAMPEDE_SPAWN_RATE']) assert.ok(r.text.includes(flag), flag);
});

test("Kubernetes service-link variables (STAMPEDE_MASTER_PORT=tcp://…) are not taken for our options", async () => {
  const r = await parseArgs(['--worker'], { STAMPEDE_MASTER_PORT: 'tcp://10.96.0.7:5557', STAMPEDE_MASTER_HOST: 'stampede-master' }, '0.0.0');
  assert.equal(r.kind === 'run' && r.options.masterPort, 5557);
  assert.equal(r.kind === 'run' && r.options.masterHost, 'stampede-master');
});
