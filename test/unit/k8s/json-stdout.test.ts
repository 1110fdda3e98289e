import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, startDemoTarget } from '../../helpers/index.js';
import { DEPLOY_DIR } from './deploy.js';

// The master Job keeps its summary on the results volume AND prints it to stdout:
// `--json /results/summary.json --json-stdout`. Here with the shipped loadfile, against the demo
// API, on loopback: the file and stdout carry the same summary, and the tables go to stderr.

void test('--json FILE --json-stdout writes the summary to the file and prints the same JSON on stdout', async (t) => {
  const target = await startDemoTarget();
  t.after(() => target.close());
  const dir = await mkdtemp(join(tmpdir(), 'stampede-json-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const file = join(dir, 'results', 'summary.json');
  const result = await runCli([
    '-f', join(DEPLOY_DIR, 'loadfile.ts'), '-H', target.url, '-u', '4', '-r', '100', '-t', '2s', '--headless',
    '--json', file, '--json-stdout', '-L', 'warn',
  ]);
  assert.equal(result.code, 0, `${result.stdout}\n${result.stderr}`);
  const printed = result.stdout;
  assert.equal(printed, await readFile(file, 'utf8'), 'stdout holds exactly the file\'s JSON, nothing else');
  const summary = JSON.parse(printed) as { totals: { count: number; failures: number } };
  assert.equal(summary.totals.count, target.received(), 'the deploy loadfile\'s requests, all counted');
  assert.equal(summary.totals.failures, 0, 'the shipped loadfile runs clean against the demo API');
  assert.match(result.stderr, /Response time percentiles/, 'the tables go to stderr');
});
