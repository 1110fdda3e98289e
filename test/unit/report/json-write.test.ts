import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { buildJsonSummary } from '../../../src/report/json-summary.js';
import { toPrettyJson } from '../../../src/report/json-text.js';
import { serializeJsonSummary, writeJson } from '../../../src/report/json-write.js';
import { codeOf } from '../../../src/errors.js';
import { makeRun, makeView } from './fixture.js';

const summary = buildJsonSummary(makeView(), makeRun());

function collect(stream: PassThrough): () => string {
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  return () => Buffer.concat(chunks).toString('utf8');
}

void test("'-' writes the summary to the given stream, and only there", async () => {
  const stdout = new PassThrough();
  const text = collect(stdout);
  await writeJson('-', summary, { stdout });
  assert.equal(text(), serializeJsonSummary(summary));
  assert.deepEqual(JSON.parse(text()), summary);
});

void test("'-' accepts any NodeJS.WritableStream, such as the CLI's stdout", async () => {
  const pass = new PassThrough();
  const text = collect(pass);
  const stdout: NodeJS.WritableStream = pass;
  await writeJson('-', summary, { stdout });
  assert.equal(text(), serializeJsonSummary(summary));
});

void test("'-' rejects when the stream fails the write", async () => {
  const broken = new PassThrough();
  broken.on('error', () => undefined);
  broken.destroy();
  await assert.rejects(writeJson('-', summary, { stdout: broken }));
});

void test('a file path gets the same text; missing directories are created', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'stampede-json-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const stdout = new PassThrough();
  const text = collect(stdout);
  const target = join(dir, 'results', 'nested', 'summary.json');
  await writeJson(target, summary, { stdout });
  assert.equal(await readFile(target, 'utf8'), serializeJsonSummary(summary));
  assert.equal(text(), '');
});

void test('an unwritable path fails with STAMPEDE_ERR_REPORT_WRITE naming the path', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'stampede-json-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const file = join(dir, 'plain-file');
  await writeFile(file, 'x');
  const target = join(file, 'summary.json');
  await assert.rejects(writeJson(target, summary, { stdout: new PassThrough() }), (err: unknown) => {
    assert.equal(codeOf(err), 'STAMPEDE_ERR_REPORT_WRITE');
    assert.match((err as Error).message, /cannot write the JSON summary to ".*plain-file\/summary\.json"/);
    return true;
  });
});

void test('serialized text: JSON.stringify layout, percentile keys in percentile order', () => {
  const text = serializeJsonSummary(summary);
  assert.ok(text.endsWith('}\n'));
  assert.deepEqual(JSON.parse(text), summary);
  const keys = [...text.matchAll(/^ {8}"([\d.]+)": /gm)].slice(0, 11).map((m) => m[1]);
  assert.deepEqual(keys, ['50', '66', '75', '80', '90', '95', '98', '99', '99.9', '99.99', '100']);
  const plain = { a: [1, 'two', null, { b: true }], c: {}, d: [], e: -0.5, f: undefined, g: [undefined] };
  assert.equal(toPrettyJson(plain), JSON.stringify(plain, null, 2));
});
