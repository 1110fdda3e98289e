/**
 * docs/loadfile.md stays in step with the loadfile API: every public export, every request option,
 * response member and client member, the failure texts the client records, the runtime's defaults
 * and limits; and its example loadfiles type-check against src/index.ts, bundle and load.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import * as api from '../../src/index.js';
import { MAX_FRAME_BYTES } from '../../src/protocol/constants.js';
import { bundleLoadfile, loadBundle, type Response } from '../../src/scenario/index.js';
import { DEFAULT_MAX_ENDPOINTS, OVERFLOW_METHOD, OVERFLOW_NAME } from '../../src/stats/interval-recorder.js';
import { classifyNetworkError } from '../../src/worker/runtime/network-error.js';
import { verdict } from '../../src/worker/runtime/request-options.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const doc = readFileSync(join(REPO, 'docs/loadfile.md'), 'utf8');

/** Inline code spans and fenced blocks: where API names must appear. */
const codeText = [...doc.matchAll(/```[^\n]*\n([\s\S]*?)```|`([^`\n]+)`/g)].map((m) => m[1] ?? m[2] ?? '').join('\n');

/** Prose with its line breaks joined (table rows stay one per line). */
function flat(text: string): string {
  return text.replace(/\n(?!\|)\s*/g, ' ');
}

function inCode(name: string): boolean {
  return new RegExp(`(^|[^\\w$])${name.replace(/\$/g, '\\$')}([^\\w$]|$)`, 'm').test(codeText);
}

/** The text from a heading (`## x` or `### x`) to the next heading of any level. */
function section(heading: string): string {
  const start = doc.indexOf(`${heading}\n`);
  assert.ok(start >= 0, `docs/loadfile.md has a "${heading}" section`);
  const next = doc.slice(start + heading.length).search(/\n#{1,6} /);
  return next < 0 ? doc.slice(start) : doc.slice(start, start + heading.length + next);
}

/** The identifiers named in code spans in the first column of a section's table. */
function firstColumnNames(text: string): string[] {
  const names: string[] = [];
  for (const line of text.split('\n')) {
    const cell = /^\| ([^|]+) \|/.exec(line)?.[1];
    if (cell === undefined || /^-+$/.test(cell.trim())) continue;
    for (const span of cell.matchAll(/`([^`]+)`/g)) {
      const id = /^[A-Za-z_$][\w$]*/.exec(span[1] ?? '')?.[0];
      if (id !== undefined) names.push(id);
    }
  }
  return names;
}

function sourceFile(rel: string): ts.SourceFile {
  return ts.createSourceFile(rel, readFileSync(join(REPO, rel), 'utf8'), ts.ScriptTarget.Latest, true);
}

/** The member names of an exported interface, read from the TypeScript source. */
function interfaceMembers(rel: string, name: string): string[] {
  const decl = sourceFile(rel).statements.find((s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === name);
  assert.ok(decl !== undefined, `${rel} declares interface ${name}`);
  return decl.members.map((m) => {
    assert.ok(m.name !== undefined && ts.isIdentifier(m.name), `${name} member with a plain name`);
    return m.name.text;
  });
}

test('every value and type src/index.ts exports is named in the doc', () => {
  const values = Object.keys(api);
  assert.ok(values.length > 0);
  for (const name of values) assert.ok(inCode(name), `value export ${name} appears in code in docs/loadfile.md`);
  const types = sourceFile('src/index.ts')
    .statements.filter((s): s is ts.ExportDeclaration => ts.isExportDeclaration(s) && s.isTypeOnly)
    .flatMap((s) => (s.exportClause !== undefined && ts.isNamedExports(s.exportClause) ? s.exportClause.elements.map((e) => e.name.text) : []));
  assert.ok(types.includes('RequestOptions'));
  for (const name of types) assert.ok(inCode(name), `type export ${name} appears in code in docs/loadfile.md`);
});

test('the option, response and client tables list exactly the members of the public types', () => {
  const options = interfaceMembers('src/scenario/http-types.ts', 'RequestOptions');
  assert.deepEqual(firstColumnNames(section('### Request options')).sort(), [...options].sort());
  const response = interfaceMembers('src/scenario/http-types.ts', 'Response');
  assert.deepEqual(firstColumnNames(section('### The Response')).sort(), [...response].sort());
  const client = interfaceMembers('src/scenario/http-types.ts', 'HttpClient');
  const documented = firstColumnNames(section('## The HTTP client: `this.client`'));
  assert.deepEqual([...new Set(documented)].sort(), [...new Set(client)].sort());
});

test('the failure texts the client records are the ones in the failures table', () => {
  const failures = section('### Failures and the error texts recorded');
  const res = (status: number): Response => ({ status }) as unknown as Response;
  const texts = [
    verdict(res(503), undefined),
    verdict(res(200), { check: () => false }),
    verdict(res(200), { check: () => { throw new Error('<message>'); } }),
    verdict(res(200), { okStatus: () => { throw new Error('<message>'); } }),
  ];
  assert.deepEqual(texts, ['HTTP 503', 'check failed', 'check threw: <message>', 'okStatus threw: <message>']);
  for (const text of texts) assert.ok(failures.includes(`\`${text ?? ''}\``), `failure text ${String(text)} is documented`);
  assert.equal(verdict(res(302), undefined), undefined, 'a redirect is a success by default');
  assert.ok(flat(failures).includes('Redirects are **not followed**: a `302` is a success by default'));

  const codes = [
    'ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ECONNABORTED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH',
    'UND_ERR_SOCKET', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_INFO',
    'UND_ERR_RES_CONTENT_LENGTH_MISMATCH', 'UND_ERR_HEADERS_OVERFLOW', 'HPE_INVALID_CONSTANT',
  ];
  for (const code of codes) {
    const text = classifyNetworkError(Object.assign(new Error('x'), { code }));
    assert.ok(text !== undefined, code);
    const shown = text.replace(/\(HPE_\w+\)/, '(HPE_…)');
    assert.ok(failures.includes(`\`${shown}\``), `${code} is recorded as ${text}, which the failures table shows`);
  }
});

/** The numeric properties of `const NAME = { … }` in a source file. */
function constObject(rel: string, name: string): Record<string, number> {
  let found: Record<string, number> | undefined;
  const visit = (node: ts.Node): void => {
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.name.text === name && node.initializer !== undefined) {
      let init: ts.Expression = node.initializer;
      while (ts.isAsExpression(init) || ts.isSatisfiesExpression(init)) init = init.expression;
      assert.ok(ts.isObjectLiteralExpression(init), `${name} is an object literal`);
      found = {};
      for (const p of init.properties) {
        if (ts.isPropertyAssignment(p) && ts.isIdentifier(p.name)) found[p.name.text] = Number(p.initializer.getText().replace(/_/g, ''));
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile(rel));
  assert.ok(found !== undefined, `${rel} declares ${name}`);
  return found;
}

test("the runtime's defaults and limits are the ones the doc states", () => {
  const d = constObject('src/worker/runtime/runner.ts', 'DEFAULTS');
  const s = (key: string): string => {
    const ms = d[key];
    assert.ok(ms !== undefined && Number.isFinite(ms), `runner DEFAULTS.${key}`);
    return String(ms / 1000);
  };
  const phrases = [
    `| \`timeout\` | Seconds (> 0) to wait for the response headers, then for each gap between body chunks; not a limit on the whole request. Default ${s('requestTimeoutMs')}.`,
    `| no connection within ${s('connectTimeoutMs')} s | 0 | \`connect timeout\` |`,
    `server's keep-alive hint allows, else ${s('keepAliveTimeoutMs')} s.`,
    `it gets at most ${s('onStopTimeoutMs')} s`,
    `\`onStop\` runs (up to ${s('onStopTimeoutMs')} s)`,
    `Requests already in flight get up to ${s('drainTimeoutMs')} s to finish`,
    `A run keeps up to ${DEFAULT_MAX_ENDPOINTS} distinct (method, name) rows`,
    `counted under one row \`${OVERFLOW_METHOD}\` \`${OVERFLOW_NAME}\``,
    `one protocol frame (${MAX_FRAME_BYTES / (1024 * 1024)} MiB)`,
  ];
  const text = flat(doc);
  for (const p of phrases) assert.ok(text.includes(p), `docs/loadfile.md says: ${p}`);
});

interface Block {
  lang: 'ts' | 'js';
  text: string;
}

const blocks: Block[] = [...doc.matchAll(/```(ts|js)\n([\s\S]*?)```/g)]
  .map((m) => ({ lang: m[1] as Block['lang'], text: m[2] ?? '' }))
  .filter((b) => b.text.includes("from 'stampede'"));

test('the TypeScript examples type-check against src/index.ts with the project settings', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'stampede-loadfile-doc-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  await writeFile(join(dir, 'package.json'), '{"type":"module"}\n');
  const files: string[] = [];
  for (const [i, b] of blocks.entries()) {
    if (b.lang !== 'ts') continue;
    const file = join(dir, `example${i}.ts`);
    await writeFile(file, b.text);
    files.push(file);
  }
  assert.ok(files.length >= 3, 'the doc has TypeScript examples');
  const config = ts.readConfigFile(join(REPO, 'tsconfig.json'), (p) => ts.sys.readFile(p));
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, REPO);
  const program = ts.createProgram(files, { ...parsed.options, noEmit: true });
  const ours = new Set(files);
  const diagnostics = [...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics(), ...files.flatMap((f) => ts.getPreEmitDiagnostics(program, program.getSourceFile(f)))]
    .filter((d) => d.file === undefined || ours.has(d.file.fileName))
    .map((d) => `${d.file?.fileName ?? ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
  assert.deepEqual(diagnostics, []);
});

test('every example that exports user classes bundles and loads, with those classes', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'stampede-loadfile-doc-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  let loaded = 0;
  for (const [i, b] of blocks.entries()) {
    const declared = [...b.text.matchAll(/^export class (\w+) extends HttpUser/gm)].map((m) => m[1]);
    if (declared.length === 0) continue;
    const file = join(dir, `example${i}.${b.lang}`);
    await writeFile(file, b.text);
    const bundle = await bundleLoadfile(file);
    const { classes } = await loadBundle(bundle.code, bundle.filename);
    assert.deepEqual(classes.map((c) => c.name).sort(), [...declared].sort(), `example ${i} (${b.lang})`);
    loaded++;
  }
  assert.ok(loaded >= 4, 'the complete example, both task styles and the measure example');
});
