import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { REPO_DIR } from './deploy.js';
import { execForm, parseDockerfile, type Instruction } from './dockerfile.js';

// No Docker engine runs the tests, so the Dockerfile is checked as text against what issue 7 asks:
// multi-stage, a pinned Node 20 slim base, production dependencies only at run time, a numeric
// non-root user, ENTRYPOINT ["stampede"], ports 5557 and 8089, no secrets, a small build context.

const text = readFile(join(REPO_DIR, 'Dockerfile'), 'utf8');
const ignore = readFile(join(REPO_DIR, '.dockerignore'), 'utf8');

const runs = (ins: Instruction[]): string => ins.filter((i) => i.op === 'RUN').map((i) => i.args).join('\n');

void test('two stages on the same exactly pinned Node 20 bookworm-slim base', async () => {
  const df = parseDockerfile(await text);
  assert.equal(df.stages.length, 2, 'build + runtime');
  for (const s of df.stages) assert.match(s.from, /^node:20\.\d+\.\d+-bookworm-slim(@sha256:[0-9a-f]{64})?$/, `FROM ${s.from}: pin an exact Node 20 release`);
  assert.equal(df.stages[0]?.from, df.stages[1]?.from, 'both stages on one base');
  assert.deepEqual(df.stages.map((s) => s.alias), ['build', 'runtime']);
});

void test('the build stage installs from the lockfile, builds, and prunes to production dependencies', async () => {
  const build = parseDockerfile(await text).stages[0];
  assert.ok(build !== undefined);
  const script = runs(build.instructions);
  assert.match(script, /npm ci\b[^\n]*--ignore-scripts/, 'npm ci from package-lock.json, without install scripts');
  assert.match(script, /npm run build/);
  assert.match(script, /npm prune --omit=dev/);
  assert.ok(script.indexOf('npm run build') < script.indexOf('npm prune'), 'prune after the build');
  const copies = build.instructions.filter((i) => i.op === 'COPY').map((i) => i.args);
  assert.ok(copies.some((c) => c.includes('package-lock.json')), 'the lockfile is copied');
});

void test('the build stage copies in every file `npm run build` names', async () => {
  const pkg = JSON.parse(await readFile(join(REPO_DIR, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  const build = parseDockerfile(await text).stages[0];
  const copied = (build?.instructions ?? []).filter((i) => i.op === 'COPY').flatMap((i) => i.args.split(' ').slice(0, -1));
  const named = (pkg.scripts.build ?? '').split(/\s+/).filter((w) => /^[\w.-]+(\/[\w.-]+)*\.(json|mjs|cjs|js|ts)$/.test(w));
  assert.ok(named.length > 0, `no file found in the build script: ${pkg.scripts.build ?? ''}`);
  for (const file of named) {
    assert.ok(copied.some((c) => c === file || file.startsWith(`${c}/`)), `the Dockerfile's build stage must COPY ${file} (npm run build: ${pkg.scripts.build ?? ''})`);
  }
});

void test('the runtime stage takes only dist, production node_modules (with the stubs they link to) and package.json, as a numeric non-root user', async () => {
  const rt = parseDockerfile(await text).stages[1];
  assert.ok(rt !== undefined);
  const copies = rt.instructions.filter((i) => i.op === 'COPY').map((i) => i.args);
  assert.deepEqual(copies.map((c) => c.split(' ')[1]).sort(), ['/app/dist', '/app/node_modules', '/app/package.json', '/app/stubs']);
  assert.ok(copies.every((c) => c.startsWith('--from=build ')), copies.join('\n'));
  assert.ok(!rt.instructions.some((i) => i.op === 'RUN' && /npm (ci|install)/.test(i.args)), 'no dependency install at run time');
  assert.match(rt.user ?? '', /^[1-9]\d*:[1-9]\d*$/, `USER ${rt.user ?? '(none)'}: numeric uid:gid, not root`);
  assert.equal(rt.instructions.at(-1)?.op, 'CMD');
  assert.ok(rt.instructions.findIndex((i) => i.op === 'USER') > rt.instructions.findLastIndex((i) => i.op === 'RUN'), 'nothing runs as root after USER');
});

void test('ENTRYPOINT ["stampede"] reaches the CLI, and 5557 and 8089 are exposed', async () => {
  const rt = parseDockerfile(await text).stages[1];
  assert.ok(rt !== undefined);
  const find = (op: string): string | undefined => rt.instructions.find((i) => i.op === op)?.args;
  assert.deepEqual(execForm(find('ENTRYPOINT') ?? ''), ['stampede']);
  assert.match(runs(rt.instructions), /ln -s \/app\/dist\/cli\/main\.js \/usr\/local\/bin\/stampede/, 'stampede on PATH');
  const build = parseDockerfile(await text).stages[0];
  assert.match(runs(build?.instructions ?? []), /chmod 0?755 dist\/cli\/main\.js/, 'the entry script is executable (its shebang runs node)');
  assert.deepEqual(find('EXPOSE')?.split(' ').sort(), ['5557', '8089']);
});

void test('no secret is baked in: no ARG/ENV token, password or key, no .npmrc', async () => {
  const df = parseDockerfile(await text);
  for (const ins of [...df.preamble, ...df.stages.flatMap((s) => s.instructions)]) {
    if (ins.op === 'ARG' || ins.op === 'ENV') assert.doesNotMatch(ins.args, /token|passw|secret|key|auth/i, `${ins.op} ${ins.args}`);
    if (ins.op === 'COPY' || ins.op === 'ADD') assert.doesNotMatch(ins.args, /\.npmrc|\.env\b|\.pem|\.key/, `${ins.op} ${ins.args}`);
  }
});

void test('.dockerignore keeps node_modules, .git, build and test output and local secrets out of the context', async () => {
  const entries = new Set((await ignore).split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#')));
  for (const must of ['node_modules', '.git', 'dist', 'coverage', '*.log', '.bench-out', 'test', '.env', '.npmrc']) {
    assert.ok(entries.has(must), `.dockerignore lacks ${must}`);
  }
  for (const needed of ['src', 'scripts', 'package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json']) {
    assert.ok(!entries.has(needed), `.dockerignore must not exclude ${needed}: the build needs it`);
  }
});
