/**
 * Steering a real distributed run through the API: two worker processes, a counting target.
 * Start, retarget, refusals mid-run, errors and exceptions, history, stop, exact counts in the API,
 * /metrics and the CSV, reset, and a second run that stops by itself at its run time.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ApiRunResult, ApiStats, ApiWorker } from '../../../src/master/http/index.js';
import { startCountingServer, type CountingServer } from '../../helpers/index.js';
import { call, startStack, until, type Stack } from './harness.js';

const LOADFILE = `import { HttpUser, constant, task } from 'stampede';
export class Api extends HttpUser {
  waitTime = constant(0.05);
  n = 0;
  @task async hit(): Promise<void> {
    this.n += 1;
    await this.client.get('/fast');
    if (this.n % 5 === 0) await this.client.get('/fail');
    if (this.n % 7 === 0) throw new Error('boom in user code');
  }
}
`;

let target: CountingServer;
let stack: Stack;
let base: string;

before(async () => {
  target = await startCountingServer({ routes: { '/fast': { latencyMs: 2 }, '/fail': { status: 500 } } });
  stack = await startStack({ loadfile: LOADFILE, workers: 2, host: target.url, http: { expectWorkers: 2 } });
  base = stack.http.url;
});
after(async () => {
  await stack.close();
  await target.close();
});

const stats = async (): Promise<ApiStats> => (await call(base, 'GET', '/api/stats')).json as ApiStats;
const workers = async (): Promise<ApiWorker[]> => ((await call(base, 'GET', '/api/workers')).json as { workers: ApiWorker[] }).workers;

function metric(text: string, line: RegExp): number {
  const m = line.exec(text);
  assert.ok(m, `no ${String(line)} in\n${text}`);
  return Number(m[1]);
}

void test('a run started, steered, stopped and reset through the API; its counts are exact everywhere', async () => {
  assert.equal((await call(base, 'GET', '/readyz')).status, 200);

  const started = await call(base, 'POST', '/api/run', { json: { users: 4, spawnRate: 100 } });
  assert.equal(started.status, 201, started.text);
  const run = started.json as ApiRunResult;
  assert.equal(run.started, true);
  assert.deepEqual(run.target, { users: 4, spawnRate: 100, host: target.url, runTimeMs: null, classes: null, arrivalRate: null, maxUsers: null });
  await until('4 users running', async () => ((await stats()).users === 4 ? true : undefined));
  const ws = await until('both workers running 2 users', async () => {
    const list = await workers();
    return list.length === 2 && list.every((w) => w.totalUsers === 2 && w.state === 'running' && w.lastReportAgeMs !== null) ? list : undefined;
  });
  assert.deepEqual(ws.map((w) => [w.id, w.users]).sort(), [['w1', { Api: 2 }], ['w2', { Api: 2 }]]);

  const retarget = await call(base, 'POST', '/api/run', { json: { users: 2 } });
  assert.equal(retarget.status, 200, retarget.text);
  assert.equal((retarget.json as ApiRunResult).started, false);
  assert.equal((retarget.json as ApiRunResult).target.spawnRate, 100, 'absent fields keep their values');
  await until('2 users running', async () => ((await stats()).users === 2 ? true : undefined));

  const host = await call(base, 'POST', '/api/run', { json: { host: 'http://127.0.0.1:1' } });
  assert.equal(host.status, 409);
  assert.match(host.text, /host cannot change during a run/);
  const model = await call(base, 'POST', '/api/run', { json: { arrivalRate: 10 } });
  assert.equal(model.status, 409);
  assert.match(model.text, /cannot switch model/);

  const errors = await until('an HTTP 500 failure and an exception', async () => {
    const e = ((await call(base, 'GET', '/api/errors')).json as { errors: { method: string; name: string; error: string; occurrences: number }[] }).errors;
    const x = ((await call(base, 'GET', '/api/exceptions')).json as { exceptions: { message: string; count: number; nodes: string[] }[] }).exceptions;
    return e.length > 0 && x.length > 0 ? { e, x } : undefined;
  });
  assert.deepEqual(errors.e.map((e) => [e.method, e.name, e.error]), [['GET', '/fail', 'HTTP 500']]);
  assert.match(errors.x[0]!.message, /boom in user code/);
  assert.ok(errors.x[0]!.nodes.every((n) => n === 'w1' || n === 'w2'));
  await until('a history point', async () => (((await call(base, 'GET', '/api/stats/history')).json as { points: unknown[] }).points.length >= 1 ? true : undefined));

  const stop = await call(base, 'POST', '/api/stop');
  assert.deepEqual(stop.json, { state: 'stopped' });
  const final = await stats();
  assert.equal(final.state, 'stopped');
  assert.equal(final.totals.count, target.received(), 'every request the target saw is counted, once');
  const fast = final.endpoints.find((e) => e.name === '/fast')!;
  const fail = final.endpoints.find((e) => e.name === '/fail')!;
  assert.equal(fast.count, target.received('/fast'));
  assert.equal(fail.count, target.received('/fail'));
  assert.equal(fail.failures, fail.count);
  assert.deepEqual(fail.status, { 500: fail.count });
  assert.equal(final.errors[0]!.occurrences, fail.count);

  const metrics = (await call(base, 'GET', '/metrics')).text;
  assert.equal(metric(metrics, /^stampede_requests_total\{method="GET",name="\/fast",status_class="2xx"\} (\d+)$/m), fast.count);
  assert.equal(metric(metrics, /^stampede_requests_total\{method="GET",name="\/fail",status_class="5xx"\} (\d+)$/m), fail.count);
  assert.equal(metric(metrics, /^stampede_failures_total\{method="GET",name="\/fail"\} (\d+)$/m), fail.count);
  assert.equal(metric(metrics, /^stampede_response_time_seconds_count\{method="GET",name="\/fast"\} (\d+)$/m), fast.count);
  assert.equal(metric(metrics, /^stampede_response_time_seconds_bucket\{method="GET",name="\/fast",le="\+Inf"\} (\d+)$/m), fast.count);
  assert.equal(metric(metrics, /^stampede_response_time_quantile_seconds\{method="GET",name="\/fast",quantile="0.95"\} (\S+)$/m), Math.round(fast.percentiles['95']! * 1000) / 1e6);
  assert.equal(metric(metrics, /^stampede_workers\{state="ready"\} (\d+)$/m), 2);
  assert.equal(metric(metrics, /^stampede_run_state\{state="stopped"\} (\d+)$/m), 1);
  const csv = (await call(base, 'GET', '/api/report.csv')).text.split('\n');
  assert.ok(csv.some((line) => line.startsWith(`GET,/fast,${fast.count},0,`)), csv.join('\n'));
  assert.ok(csv.some((line) => line.startsWith(`,Aggregated,${final.totals.count},${fail.count},`)), csv.join('\n'));
  const report = (await call(base, 'GET', '/api/report.json')).json as { totals: { count: number }; run: { host: string; workers: unknown[] }; timeSeries: { points: unknown[] } };
  assert.equal(report.totals.count, final.totals.count);
  assert.equal(report.run.host, target.url);
  assert.equal(report.run.workers.length, 2);
  assert.ok(report.timeSeries.points.length >= 1);

  assert.equal((await call(base, 'POST', '/api/reset')).status, 200);
  const cleared = await stats();
  assert.equal(cleared.totals.count, 0);
  assert.deepEqual(cleared.errors, []);
});

void test('a new run starts with fresh stats and stops by itself at its run time', async () => {
  const before = target.received();
  const r = await call(base, 'POST', '/api/run', { json: { users: 2, spawnRate: 100, runTime: '1500ms' } });
  assert.equal(r.status, 201, r.text);
  const run = r.json as ApiRunResult;
  assert.equal(run.target.runTimeMs, 1500);
  assert.ok(run.stopsAt !== null && run.stopsAt > Date.now());
  const done = await until('the run to stop at its run time', async () => {
    const s = await stats();
    return s.state === 'stopped' ? s : undefined;
  }, 10_000);
  assert.ok(done.totals.count > 0);
  assert.equal(done.totals.count, target.received() - before, 'only the second run is counted');
  assert.equal(done.stopsAt, null);
});

void test('the open model from the API: start at an arrival rate, change the rate live, refuse a user count', async () => {
  const r = await call(base, 'POST', '/api/run', { json: { arrivalRate: 20, maxUsers: 6, runTime: '3s' } });
  assert.equal(r.status, 201, r.text);
  const run = r.json as ApiRunResult;
  assert.deepEqual([run.target.arrivalRate, run.target.maxUsers, run.target.users, run.target.runTimeMs], [20, 6, 0, 3000]);
  await until('open-model requests', async () => ((await stats()).totals.count > 0 ? true : undefined));
  const users = await call(base, 'POST', '/api/run', { json: { users: 3 } });
  assert.equal(users.status, 409);
  assert.match(users.text, /arrival rate \(open model\)/);
  const faster = await call(base, 'POST', '/api/run', { json: { arrivalRate: 40 } });
  assert.equal(faster.status, 200, faster.text);
  assert.equal((faster.json as ApiRunResult).target.arrivalRate, 40);
  assert.equal((faster.json as ApiRunResult).target.maxUsers, 6);
  const done = await until('the open run to stop at its run time', async () => {
    const s = await stats();
    return s.state === 'stopped' ? s : undefined;
  }, 10_000);
  assert.ok(done.totals.count > 0);
});
