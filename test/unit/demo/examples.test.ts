import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { systemClock, type Clock } from '../../../src/clock.js';
import { startDemoTarget, type DemoTarget } from '../../../src/demo/index.js';
import { bindUserContext, bundleLoadfile, loadBundle, type HttpUser, type UserClassInfo } from '../../../src/scenario/index.js';
import type { Recorder, Sample } from '../../../src/stats/types.js';
import { UserHttpClient } from '../../../src/worker/runtime/http-client.js';

// Each example is bundled and loaded as the CLI would, then each of its users runs against the demo
// target: onStart, every task a few times, onStop. Every request must reach the server exactly once.

const example = (name: string): string => fileURLToPath(new URL(`../../../examples/${name}.ts`, import.meta.url));

async function load(name: string): Promise<UserClassInfo[]> {
  const bundle = await bundleLoadfile(example(name));
  return (await loadBundle(bundle.code, bundle.filename)).classes;
}

function shape(classes: UserClassInfo[]): Record<string, string[]> {
  return Object.fromEntries(classes.map((c) => [c.name, c.tasks.map((t) => `${t.name}:${t.weight}${t.tags.length > 0 ? `#${t.tags.join(',')}` : ''}`)]));
}

class ListRecorder implements Recorder {
  readonly samples: Sample[] = [];
  readonly exceptions: unknown[] = [];
  record(sample: Sample): void {
    this.samples.push(sample);
  }
  exception(error: unknown): void {
    this.exceptions.push(error);
  }
  dropped(): void {
    throw new Error('the closed model drops no arrivals');
  }
  take(): never {
    throw new Error('not used here');
  }
}

/** Runs one user of `info`: onStart, each task `rounds` times (in declared order), onStop. */
async function drive(info: UserClassInfo, target: DemoTarget, recorder: ListRecorder, rounds: number, clock: Clock = systemClock): Promise<void> {
  const user = new (info.ctor as new () => HttpUser)() as HttpUser & Record<string, unknown>;
  const client = new UserHttpClient({ origin: target.url, basePath: '', recorder, clock, clientOptions: { pipelining: 1 } });
  let stopped = false;
  bindUserContext(user, {
    client,
    stopUser: () => (stopped = true),
    measure: async (name, fn) => {
      const start = performance.now();
      const sample = (ok: boolean, error?: string): Sample => ({ method: 'measure', name, durationUs: Math.round((performance.now() - start) * 1000), ok, bytes: 0, error });
      try {
        const value = await fn();
        recorder.record(sample(true));
        return value;
      } catch (err) {
        recorder.record(sample(false, String(err)));
        throw err;
      }
    },
  });
  const call = async (method: string): Promise<void> => {
    const fn = user[method];
    if (typeof fn === 'function') await (fn as () => Promise<void>).call(user);
  };
  try {
    await call('onStart');
    for (let r = 0; r < rounds && !stopped; r++) for (const t of info.tasks) await call(t.name);
    await call('onStop');
  } catch (err) {
    recorder.exception(err);
  } finally {
    client.close();
  }
}

function failures(samples: Sample[]): string[] {
  return samples.filter((s) => !s.ok).map((s) => `${s.method} ${s.name}: ${s.error ?? ''}`);
}

function httpSamples(samples: Sample[]): Sample[] {
  return samples.filter((s) => s.method !== 'measure');
}

void test('crud.ts logs in, does every CRUD call, and cleans up', async () => {
  const classes = await load('crud');
  assert.deepEqual(shape(classes), { CrudUser: ['listUsers:3', 'getUser:1', 'createUser:1', 'updateUser:1', 'deleteUser:1'] });
  const target = await startDemoTarget({});
  const rec = new ListRecorder();
  try {
    await drive(classes[0] as UserClassInfo, target, rec, 3);
    assert.deepEqual([rec.exceptions, failures(rec.samples)], [[], []]);
    assert.equal(rec.samples.length, target.received());
    const names = new Set(rec.samples.map((s) => `${s.method} ${s.name}`));
    for (const n of ['POST /api/auth/login', 'GET /api/users', 'GET /api/users/{id}', 'POST /api/users', 'PUT /api/users/{id}', 'DELETE /api/users/{id}']) {
      assert.ok(names.has(n), `${n} in ${[...names].join(', ')}`);
    }
  } finally {
    await target.close();
  }
});

void test('async-job.ts measures submit-and-wait around the polls; health is tagged', async () => {
  const classes = await load('async-job');
  assert.deepEqual(shape(classes), { JobUser: ['submitAndWait:5', 'health:1#health'] });
  const target = await startDemoTarget({});
  const rec = new ListRecorder();
  try {
    await drive(classes[0] as UserClassInfo, target, rec, 1);
    assert.deepEqual([rec.exceptions, failures(rec.samples)], [[], []]);
    const job = rec.samples.filter((s) => s.method === 'measure');
    assert.deepEqual(job.map((s) => s.name), ['job: submit and wait']);
    assert.ok((job[0]?.durationUs ?? 0) >= 190_000, 'the job took the simulated 200–600 ms');
    assert.equal(rec.samples.filter((s) => s.name === '/api/tasks/{task_id}').length >= 2, true);
    assert.equal(httpSamples(rec.samples).length, target.received());
  } finally {
    await target.close();
  }
});

void test('rate-limit.ts: the strict client fails on 429, the polite one accepts it and backs off', async () => {
  const classes = await load('rate-limit');
  assert.deepEqual(shape(classes), { PoliteClient: ['probe:1'], StrictClient: ['probe:1'] });
  const byName = new Map(classes.map((c) => [c.name, c]));
  // A frozen clock: the bucket (10 a second) never refills, so the counts are exact.
  const target = await startDemoTarget({ clock: { now: () => 0 } });
  const rec = new ListRecorder();
  try {
    await drive(byName.get('StrictClient') as UserClassInfo, target, rec, 12);
    assert.deepEqual(failures(rec.samples), ['GET /api/limited (strict): HTTP 429', 'GET /api/limited (strict): HTTP 429']);
    await drive(byName.get('PoliteClient') as UserClassInfo, target, rec, 5);
    const polite = rec.samples.filter((s) => s.name === '/api/limited (polite)');
    assert.deepEqual(polite.map((s) => [s.status, s.ok]), [[429, true]], 'one 429 accepted, then it backs off for Retry-After');
    assert.equal(rec.samples.length, target.received());
  } finally {
    await target.close();
  }
});

void test('demo.ts covers every demo endpoint without unexpected failures', async () => {
  const classes = await load('demo');
  assert.deepEqual(Object.keys(shape(classes)), ['Browser', 'Editor', 'Integrator', 'JobRunner', 'Monitor']);
  assert.deepEqual(classes.map((c) => [c.weight, c.fixedCount]), [[6, 0], [2, 0], [1, 0], [1, 0], [1, 1]]);
  const target = await startDemoTarget({});
  const rec = new ListRecorder();
  try {
    await Promise.all(classes.map((c) => drive(c, target, rec, 2)));
    assert.deepEqual([rec.exceptions, failures(rec.samples)], [[], []]);
    assert.equal(httpSamples(rec.samples).length, target.received());
    const names = new Set(rec.samples.map((s) => `${s.method} ${s.name}`));
    const expected = [
      'GET /health', 'POST /api/auth/login', 'GET /api/users', 'GET /api/users/{id}', 'POST /api/users', 'PUT /api/users/{id}',
      'DELETE /api/users/{id}', 'POST /api/async/simulate', 'GET /api/tasks/{task_id}', 'GET /api/reports/slow', 'GET /api/search',
      'GET /api/limited', 'measure job: submit and wait',
    ];
    assert.deepEqual(expected.filter((n) => !names.has(n)), []);
  } finally {
    await target.close();
  }
});
