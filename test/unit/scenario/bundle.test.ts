import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as api from '../../../src/index.js';
import { API_EXPORT_NAMES, bundleLoadfile, HttpUser, loadBundle } from '../../../src/scenario/index.js';

async function withDir<T>(files: Record<string, string>, fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'stampede-bundle-'));
  try {
    for (const [name, text] of Object.entries(files)) {
      await mkdir(join(dir, name, '..'), { recursive: true });
      await writeFile(join(dir, name), text);
    }
    return await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const loadfileError = (pattern: RegExp) => (err: unknown): boolean => {
  assert.equal((err as { code?: unknown }).code, 'STAMPEDE_ERR_LOADFILE');
  assert.match((err as Error).message, pattern);
  return true;
};

const LOADFILE = `import { HttpUser, task, tag, between, type Response } from 'stampede';
import { helper } from './lib/helper';
import { createHash } from 'node:crypto';
import dep from 'cjsdep';

export abstract class Base extends HttpUser {
  static abstract = true;
  @task async shared(): Promise<void> {}
}

export class ApiUser extends HttpUser {
  static weight = 3;
  waitTime = between(1, 3);
  @task(3) async listUsers(): Promise<void> { const r: Response = await this.client.get('/api/users'); void r; }
  @task @tag('read') async getUser(): Promise<void> { helper(createHash('sha1').update(dep.name).digest('hex')); }
}

export class Admin extends Base {
  static fixedCount = 1;
  static host = 'http://127.0.0.1:1';
  @task(2) async audit(): Promise<void> {}
}

export { ApiUser as AliasOfApiUser };
export const thresholds = { 'p(95)': '<500' };
export function shape(): undefined { return undefined; }
`;

const FILES = {
  // A tsconfig asking for legacy decorators must not change how the loadfile is compiled.
  'tsconfig.json': JSON.stringify({ compilerOptions: { experimentalDecorators: true } }),
  'lib/helper.ts': 'export function helper(s: string): number { return s.length; }\n',
  // A CommonJS dependency that requires a builtin, as many npm packages do.
  'node_modules/cjsdep/index.js': 'module.exports = { name: typeof require("node:os").cpus === "function" ? "cjs" : "?" };\n',
  'node_modules/cjsdep/package.json': '{"name":"cjsdep","main":"index.js"}',
};

test('a TS loadfile with standard decorators bundles, loads and describes its classes', async () => {
  await withDir({ ...FILES, 'loadfile.ts': LOADFILE }, async (dir) => {
    const bundle = await bundleLoadfile(join(dir, 'loadfile.ts'));
    assert.equal(bundle.filename, 'loadfile.ts');
    assert.equal(bundle.hash, createHash('sha256').update(bundle.code).digest('hex'));
    assert.doesNotMatch(bundle.code, /class HttpUser/, 'the stampede API is not bundled');
    assert.match(bundle.code, /Symbol\.for\("stampede\.api"\)/);
    assert.doesNotMatch(bundle.code, new RegExp(dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')), 'no absolute paths in the bundle');

    const loaded = await loadBundle(bundle.code, bundle.filename);
    assert.deepEqual(
      loaded.classes.map((c) => ({ name: c.name, weight: c.weight, fixedCount: c.fixedCount, host: c.host, tasks: c.tasks })),
      [
        { name: 'Admin', weight: 1, fixedCount: 1, host: 'http://127.0.0.1:1', tasks: [{ name: 'audit', weight: 2, tags: [] }, { name: 'shared', weight: 1, tags: [] }] },
        { name: 'ApiUser', weight: 3, fixedCount: 0, host: undefined, tasks: [{ name: 'listUsers', weight: 3, tags: [] }, { name: 'getUser', weight: 1, tags: ['read'] }] },
      ],
    );
    const apiUser = loaded.classes.find((c) => c.name === 'ApiUser');
    assert.ok(apiUser !== undefined);
    assert.ok(apiUser.ctor.prototype instanceof HttpUser, "the loadfile's classes extend the worker's own HttpUser");
    const user = new apiUser.ctor() as HttpUser & { getUser(): Promise<void>; waitTime: unknown };
    await user.getUser(); // runs the bundled helper, node:crypto and the CommonJS dependency
    assert.equal(typeof (user.waitTime as api.WaitTime).nextDelayMs, 'function');
    assert.deepEqual(loaded.thresholds, { 'p(95)': '<500' });
    assert.equal(typeof loaded.shape, 'function');

    // The same loadfile in another folder gives the same bytes.
    await withDir({ ...FILES, 'loadfile.ts': LOADFILE }, async (other) => {
      assert.equal((await bundleLoadfile(join(other, 'loadfile.ts'))).hash, bundle.hash);
    });
  });
});

test('a syntax error is STAMPEDE_ERR_LOADFILE with file:line:column', async () => {
  const text = "import { HttpUser, task } from 'stampede';\nexport class U extends HttpUser {\n  @task async a() { const x = ; }\n}\n";
  await withDir({ 'broken.ts': text }, async (dir) => {
    await assert.rejects(bundleLoadfile(join(dir, 'broken.ts')), loadfileError(/broken\.ts:3:31: Unexpected ";"/));
  });
});

test('an unresolvable import or an unknown stampede export is STAMPEDE_ERR_LOADFILE', async () => {
  await withDir({ 'a.ts': "import { nothing } from './nope';\nexport const x = nothing;\n" }, async (dir) => {
    await assert.rejects(bundleLoadfile(join(dir, 'a.ts')), loadfileError(/a\.ts:1:25: Could not resolve "\.\/nope"/));
  });
  await withDir({ 'b.ts': "import { FastHttpUser } from 'stampede';\nexport const x = FastHttpUser;\n" }, async (dir) => {
    await assert.rejects(bundleLoadfile(join(dir, 'b.ts')), loadfileError(/b\.ts:1:10: No matching export in "stampede-api:stampede" for import "FastHttpUser"/));
  });
  await assert.rejects(bundleLoadfile(join(tmpdir(), 'stampede-no-such-loadfile.ts')), loadfileError(/Could not resolve/));
});

test('a throw at import is STAMPEDE_ERR_LOADFILE naming the file and the original line', async () => {
  const text = "import { HttpUser, task } from 'stampede';\nconst n: number = 1;\nif (n === 1) throw new Error('no config');\nexport class U extends HttpUser { @task a(): void {} }\n";
  await withDir({ 'throws.ts': text }, async (dir) => {
    const bundle = await bundleLoadfile(join(dir, 'throws.ts'));
    await assert.rejects(loadBundle(bundle.code, bundle.filename), loadfileError(/loadfile throws\.ts threw while being imported at throws\.ts:3:20: Error: no config/));
  });
});

test("mapStack turns the bundle's frames in a run-time stack into the loadfile's own lines; other frames stay", async () => {
  const text = [
    "import { HttpUser, task } from 'stampede';",
    "import { check } from './lib/check';",
    'export class U extends HttpUser {',
    '  @task a(): void {',
    "    check('order 7');",
    '  }',
    '}',
    '',
  ].join('\n');
  const lib = "export function check(what: string): void {\n  if (what !== '') throw new Error(`bad ${what}`);\n}\n";
  await withDir({ 'main.ts': text, 'lib/check.ts': lib }, async (dir) => {
    const bundle = await bundleLoadfile(join(dir, 'main.ts'));
    const loaded = await loadBundle(bundle.code, bundle.filename);
    const user = new loaded.classes[0]!.ctor() as unknown as { a(): void };
    let stack = '';
    try {
      user.a();
    } catch (err) {
      stack = (err as Error).stack ?? '';
    }
    assert.match(stack, /stampede-loadfile\/main\.ts:\d+:\d+/, 'the raw stack points into the bundle');
    const mapped = loaded.mapStack(stack);
    const frames = mapped.split('\n').filter((l) => l.includes('.ts:'));
    assert.match(frames[0] ?? '', /at check \(.*lib\/check\.ts:2:26\)$/);
    assert.match(frames[1] ?? '', /at _?U\.a \(.*main\.ts:5:5\)$/);
    assert.doesNotMatch(mapped, /stampede-loadfile\//);
    assert.equal(loaded.mapStack('Error: x\n    at node:internal/foo:1:2'), 'Error: x\n    at node:internal/foo:1:2');
  });
});

test('a wrong API use at import (between(3, 1)) keeps its message and gets the position', async () => {
  const text = "import { HttpUser, task, between } from 'stampede';\nexport const w = between(3, 1);\nexport class U extends HttpUser { @task a(): void {} }\n";
  await withDir({ 'bad.ts': text }, async (dir) => {
    const bundle = await bundleLoadfile(join(dir, 'bad.ts'));
    await assert.rejects(loadBundle(bundle.code, bundle.filename), loadfileError(/loadfile bad\.ts \(bad\.ts:2:\d+\): between\(3, 1\): max is below min/));
  });
});

test('no user class, a class without tasks, or malformed shape/thresholds are STAMPEDE_ERR_LOADFILE', async () => {
  const cases: [string, RegExp][] = [
    ["export const x = 1;\n", /exports no user class: export a class that extends HttpUser/],
    ["import { HttpUser } from 'stampede';\nexport class Lazy extends HttpUser {}\n", /Lazy has no tasks/],
    ["import { HttpUser, task } from 'stampede';\nexport class U extends HttpUser { @task a(): void {} }\nexport const shape = 3;\n", /export "shape" must be a function/],
    ["import { HttpUser, task } from 'stampede';\nexport class U extends HttpUser { @task a(): void {} }\nexport const thresholds = [];\n", /export "thresholds" must be an object/],
  ];
  for (const [i, [text, pattern]] of cases.entries()) {
    await withDir({ [`case${i}.ts`]: text }, async (dir) => {
      const bundle = await bundleLoadfile(join(dir, `case${i}.ts`));
      await assert.rejects(loadBundle(bundle.code, bundle.filename), loadfileError(pattern));
    });
  }
});

test("the names a loadfile can import are exactly src/index.ts's values", () => {
  assert.deepEqual(API_EXPORT_NAMES, Object.keys(api).sort());
  assert.deepEqual(API_EXPORT_NAMES, ['HttpUser', 'between', 'constant', 'constantPacing', 'constantThroughput', 'tag', 'task']);
});
