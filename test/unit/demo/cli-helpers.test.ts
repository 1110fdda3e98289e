import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, runCli, spawnCli } from '../../helpers/index.js';

// Stand-in CLIs (the real one is dist/cli/main.js, built by another part of the project).
const dir = mkdtempSync(join(tmpdir(), 'stampede-cli-helpers-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const echo = join(dir, 'echo.mjs');
writeFileSync(
  echo,
  `let input = '';
process.stdin.on('data', (d) => (input += d));
process.stdin.on('end', () => {
  process.stdout.write(JSON.stringify({ args: process.argv.slice(2), users: process.env.STAMPEDE_USERS ?? null, leaked: process.env.STAMPEDE_LEAK ?? null, input }));
  process.stderr.write('warn: something\\n');
  process.exitCode = Number(process.argv[2] ?? 0);
});
`,
);
const server = join(dir, 'server.mjs');
writeFileSync(
  server,
  `const keep = setInterval(() => {}, 1000);
process.on('SIGTERM', () => { clearInterval(keep); process.stdout.write('bye\\n'); process.exitCode = 7; });
process.stdout.write('listening\\n');
`,
);
const tsEntry = join(dir, 'typed.ts');
writeFileSync(tsEntry, `const n: number = 6 * 7;\nprocess.stdout.write(String(n));\n`);

void test('runCli captures stdout, stderr, the exit code, args, env and stdin; STAMPEDE_* is not inherited', async () => {
  process.env.STAMPEDE_LEAK = 'from-the-test-runner';
  try {
    const r = await runCli(['3', '--users', '10'], { entry: echo, env: { STAMPEDE_USERS: '10' }, input: 'hello' });
    assert.equal(r.code, 3);
    assert.equal(r.signal, null);
    assert.equal(r.timedOut, false);
    assert.deepEqual(JSON.parse(r.stdout), { args: ['3', '--users', '10'], users: '10', leaked: null, input: 'hello' });
    assert.equal(r.stderr, 'warn: something\n');
  } finally {
    delete process.env.STAMPEDE_LEAK;
  }
});

void test('runCli runs a .ts entry under tsx', async () => {
  const r = await runCli([], { entry: tsEntry, timeoutMs: 20_000 });
  assert.deepEqual([r.code, r.stdout], [0, '42']);
});

void test('runCli kills a child that outlives the hard timeout and says so', async () => {
  const started = performance.now();
  await assert.rejects(runCli([], { entry: server, timeoutMs: 1500 }), /did not exit within 1500 ms \(killed\)\n--- stdout ---/);
  const took = performance.now() - started;
  assert.ok(took >= 1500 && took < 6000, `killed after ${took} ms`);
});

void test('spawnCli waits for output, delivers signals and reports the exit', async () => {
  const cli = spawnCli([], { entry: server, timeoutMs: 10_000 });
  assert.equal(await cli.waitForOutput(/listen\w+/), 'listening');
  cli.kill('SIGTERM');
  const r = await cli.exited;
  assert.deepEqual([r.code, r.stdout, r.timedOut], [7, 'listening\nbye\n', false]);
  await assert.rejects(cli.waitForOutput('never printed'), /exited before printing never printed/);
  cli.kill(); // a no-op once the child is gone
});

void test('freePort returns a bindable port', async () => {
  const port = await freePort();
  assert.ok(Number.isInteger(port) && port > 0 && port < 65536);
});
