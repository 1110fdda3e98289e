import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { JsonSummary } from '../../src/report/json-summary.js';
import { runCli, spawnCli, startCountingServer } from '../helpers/index.js';
import { byUser, countOf, dump, loadfile, RUN_TIMEOUT_MS, tempDir } from './harness.js';

// The command line itself: env vars, flags, --json -, and what exits 2 before anything runs.

const tmp = tempDir('cli');
after(() => tmp.remove());

void test('STAMPEDE_* env vars set the options, a flag wins over its env var, and a repeated flag\'s last value wins', async (t) => {
  const target = await startCountingServer();
  t.after(() => target.close());
  const json = tmp.file('env-summary.json');
  const r = await runCli(['-u', '4', '-u', '2'], {
    timeoutMs: RUN_TIMEOUT_MS,
    env: {
      STAMPEDE_LOCUSTFILE: loadfile('pair'),
      STAMPEDE_HOST: target.url,
      STAMPEDE_USERS: '5',
      STAMPEDE_SPAWN_RATE: '50',
      STAMPEDE_RUN_TIME: '1s',
      STAMPEDE_HEADLESS: 'true',
      STAMPEDE_ONLY_SUMMARY: '1',
      STAMPEDE_STOP_TIMEOUT: '5s',
      STAMPEDE_JSON: json,
      STAMPEDE_LOGLEVEL: 'warn',
    },
  });
  assert.equal(r.code, 0, dump(r));
  const summary = JSON.parse(readFileSync(json, 'utf8')) as JsonSummary;
  assert.deepEqual(
    { users: summary.run.users, spawnRate: summary.run.spawnRate, runTimeS: summary.run.runTimeS, host: summary.run.host, locustfile: summary.run.locustfile },
    { users: 2, spawnRate: 50, runTimeS: 1, host: target.url, locustfile: loadfile('pair') },
  );
  assert.equal(byUser(target.requests()).size, 2, '-u 4 -u 2 beat STAMPEDE_USERS=5: two users ran');
  assert.equal(summary.totals.count, target.received());
  assert.equal(countOf(summary, 'GET', '/alpha') + countOf(summary, 'GET', '/beta'), target.received());
  assert.doesNotMatch(r.stderr, /INFO/, 'STAMPEDE_LOGLEVEL=warn hides info logs');
});

void test('--json - writes only the JSON summary to stdout; the tables go to stderr', async (t) => {
  const target = await startCountingServer();
  t.after(() => target.close());
  const r = await runCli(['-f', loadfile('pair'), '-H', target.url, '-u', '1', '-t', '1s', '--headless', '--json', '-', 'Alpha'], {
    timeoutMs: RUN_TIMEOUT_MS,
  });
  assert.equal(r.code, 0, dump(r));
  const summary = JSON.parse(r.stdout) as JsonSummary;
  assert.equal(summary.schema, 'stampede.summary/1');
  assert.equal(summary.totals.count, target.received('/alpha'));
  assert.match(r.stderr, /^\s+Aggregated\s+\d+/m);
  assert.match(r.stderr, /^Response time percentiles/m);
  assert.ok(r.stdout.endsWith('}\n'), 'the JSON ends with a newline');
});

void test('bad flags exit 2 with a message naming each bad flag, all at once, and nothing runs', async (t) => {
  const target = await startCountingServer();
  t.after(() => target.close());
  const base = ['-f', loadfile('pair'), '-H', target.url, '--headless', '-t', '1s'];
  const cases: Array<{ args: string[]; env?: Record<string, string>; message: RegExp }> = [
    { args: ['--users', 'abc'], message: /--users must be a number, got 'abc'/ },
    { args: ['--userz', '3'], message: /Unknown argument: userz/ },
    { args: ['--run-time', '5parsecs'], message: /invalid --run-time '5parsecs'/ },
    { args: ['--on-worker-loss', 'explode'], message: /on-worker-loss.*explode/s },
    { args: ['-u', '-5', '-r', '0'], message: /--users must be at least 0, got -5\n--spawn-rate must be at least 0\.001, got 0/ },
    { args: [], env: { STAMPEDE_SPAWN_RATE: 'fast' }, message: /--spawn-rate must be a number, got 'fast'/ },
    { args: ['--host', 'localhost:8000'], message: /--host must be an absolute http\(s\) URL/ },
  ];
  for (const c of cases) {
    const r = await runCli([...base, ...c.args], { timeoutMs: RUN_TIMEOUT_MS, ...(c.env ? { env: c.env } : {}) });
    assert.equal(r.code, 2, `${c.args.join(' ')}: ${dump(r)}`);
    assert.match(r.stderr, c.message, `${c.args.join(' ')}: ${dump(r)}`);
    assert.equal(r.stdout, '', 'nothing on stdout');
  }
  assert.equal(target.received(), 0);
});

void test('no loadfile exits 2; without --headless the master serves the web UI and waits for a start', async () => {
  const none = await runCli(['--headless', '-H', 'http://127.0.0.1:9'], { timeoutMs: RUN_TIMEOUT_MS });
  assert.equal(none.code, 2, dump(none));
  assert.match(none.stderr, /no loadfile: give one with -f\/--locustfile/);
  const noWay = await runCli(['-f', loadfile('pair'), '-H', 'http://127.0.0.1:9', '--no-web'], { timeoutMs: RUN_TIMEOUT_MS });
  assert.equal(noWay.code, 2, dump(noWay));
  assert.match(noWay.stderr, /add --headless, or drop --no-web/);
  const target = await startCountingServer();
  try {
    const ui = spawnCli(['-f', loadfile('pair'), '-H', target.url, '--web-port', '0'], { timeoutMs: RUN_TIMEOUT_MS });
    const line = await ui.waitForOutput(/web UI: open it in a browser to start a run url=(http:\/\/\S+)/, { stream: 'stderr', timeoutMs: 20_000 });
    const url = /url=(http:\/\/\S+)/.exec(line)?.[1] ?? '';
    const health = await fetch(`${url}/healthz`);
    assert.equal(health.status, 200);
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.equal(target.received(), 0, 'nothing runs until a start from the UI or API');
    ui.kill('SIGINT');
    const done = await ui.exited;
    assert.equal(done.code, 0, dump(done));
  } finally {
    await target.close();
  }
});

void test('a loadfile with a syntax error exits 2 naming its file, line and column', async (t) => {
  const target = await startCountingServer();
  t.after(() => target.close());
  const broken = tmp.file(
    'broken.ts',
    [
      "import { HttpUser, task } from 'stampede';",
      '',
      'export class Broken extends HttpUser {',
      '  @task',
      '  async home(): Promise<void> {',
      "    await this.client.get('/' +);",
      '  }',
      '}',
      '',
    ].join('\n'),
  );
  const r = await runCli(['-f', broken, '-H', target.url, '--headless', '-t', '1s'], { timeoutMs: RUN_TIMEOUT_MS });
  assert.equal(r.code, 2, dump(r));
  assert.match(r.stderr, /cannot bundle loadfile .*broken\.ts/);
  assert.match(r.stderr, /broken\.ts:6:\d+: /, 'the error points at line 6');
  assert.equal(target.received(), 0);
});

void test('a loadfile that throws at import exits 2 with its message and where it was thrown', async (t) => {
  const target = await startCountingServer();
  t.after(() => target.close());
  const r = await runCli(['-f', loadfile('import-throws'), '-H', target.url, '--headless', '-t', '1s'], { timeoutMs: RUN_TIMEOUT_MS });
  assert.equal(r.code, 2, dump(r));
  assert.match(r.stderr, /loadfile import-throws\.ts threw while being imported at [^\s]*import-throws\.ts:5:\d+: Error: E2E setting API_KEY is missing/);
  assert.equal(target.received(), 0);
});
