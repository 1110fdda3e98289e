import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { startCountingServer } from '../../helpers/index.js';
import { cleanup, countOf, dump, readSummary, startMaster, startWorker, tempDir, writeLoadfile } from './harness.js';

after(cleanup);

void test('a worker in an empty directory runs the loadfile (and the module it imports) from the bundle the master sends; its stack traces name the loadfile\'s own lines', async (t) => {
  const target = await startCountingServer();
  t.after(() => target.close());
  const dir = tempDir('bundle');
  writeLoadfile(dir, `export const PATH = '/from-a-sibling-module';\nexport function cleanup(): void {\n  throw new Error('cleanup failed');\n}\n`, 'paths.ts');
  const loadfile = writeLoadfile(dir, `import { HttpUser, constant, task } from 'stampede';
import { PATH, cleanup } from './paths.js';
export class Bundled extends HttpUser {
  waitTime = constant(0.1);
  @task async hit(): Promise<void> {
    await this.client.get(PATH);
  }
  onStop(): void {
    cleanup();
  }
}
`);
  const json = join(dir, 'summary.json');
  const empty = tempDir('empty-cwd');
  const master = await startMaster([
    '-f', loadfile, '-H', target.url, '--expect-workers', '1', '--expect-workers-max-wait', '30s',
    '-u', '2', '-r', '20', '-t', '1s', '--only-summary', '--json', json,
  ]);
  const worker = startWorker(master.port, 'elsewhere', { cwd: empty });
  const m = await master.proc.exited;
  assert.equal(m.code, 0, dump(m));
  const w = await worker.exited;
  assert.equal(w.code, 0, dump(w));
  assert.match(w.stderr, /loadfile bundle loaded filename=loadfile\.ts classes=\["Bundled"\]/);
  const summary = readSummary(json);
  assert.ok(target.received('/from-a-sibling-module') > 0);
  assert.equal(countOf(summary, '/from-a-sibling-module'), target.received());
  assert.deepEqual(readdirSync(empty), [], 'the worker wrote nothing to its directory');
  assert.equal(summary.exceptions.length, 1);
  const [x] = summary.exceptions;
  assert.equal(x?.count, 2, 'onStop of each of the 2 users');
  assert.match(x?.traceback ?? '', /at cleanup \(paths\.ts:3:9\)\n\s+at _?Bundled\.onStop \(loadfile\.ts:9:5\)/);
  assert.doesNotMatch(x?.traceback ?? '', /stampede-loadfile/);
});

void test('a loadfile that throws at import on the workers only aborts the run with exit 2 and the error text', async (t) => {
  const target = await startCountingServer();
  t.after(() => target.close());
  const dir = tempDir('throws');
  // The master imports the bundle too (to learn the classes); only worker processes get the env var.
  const loadfile = writeLoadfile(dir, `import { HttpUser, task } from 'stampede';
if (process.env.DIST_TEST_THROW === 'yes') throw new Error('no credentials file on this worker');
export class Fragile extends HttpUser {
  @task async hit(): Promise<void> {
    await this.client.get('/never');
  }
}
`);
  const master = await startMaster([
    '-f', loadfile, '-H', target.url, '--expect-workers', '2', '--expect-workers-max-wait', '30s', '-u', '2', '-t', '5s',
  ]);
  const started = performance.now();
  const worker = startWorker(master.port, 'fragile', { env: { DIST_TEST_THROW: 'yes' } });
  const m = await master.proc.exited;
  assert.equal(m.code, 2, dump(m));
  assert.match(m.stderr, /stampede: run aborted: worker fragile could not load the loadfile: .*no credentials file on this worker/);
  assert.ok(performance.now() - started < 15_000, 'the master gave up at once, without waiting for the 2nd worker');
  assert.equal(target.received(), 0);
  const w = await worker.exited;
  assert.match(w.stderr, /could not load the loadfile bundle/);
  assert.equal(w.code, 0, `the master told the worker to quit\n${dump(w)}`);
});
