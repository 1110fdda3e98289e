import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEPLOY_DIR, OVERLAY_DIR, renderAll } from './deploy.js';
import type { JsonObject } from './field-path.js';
import { renderKustomization } from './kustomize.js';
import { byComponent, containerOf, nameOf, objectsOf } from './pod.js';

// N, the number of workers, is set in one place (the `workers=` literal of kustomization.yaml) and
// reaches the worker Job's parallelism and completions and the master's --expect-workers.

function counts(objects: JsonObject[]): { parallelism: unknown; completions: unknown; expectWorkers: string | undefined } {
  const worker = byComponent(objects, 'Job', 'worker').spec as JsonObject;
  const args = containerOf(byComponent(objects, 'Job', 'master')).args as string[];
  return { parallelism: worker.parallelism, completions: worker.completions, expectWorkers: args[args.indexOf('--expect-workers') + 1] };
}

void test('the shipped base runs 3 workers, and its settings object stays out of the cluster', async () => {
  const { base } = await renderAll();
  assert.deepEqual(counts(base), { parallelism: 3, completions: 3, expectWorkers: '3' });
  assert.ok(!objectsOf(base, 'ConfigMap').some((c) => nameOf(c) === 'stampede-settings'), 'local-config: not applied');
});

void test('editing the one `workers=` literal changes the worker count and --expect-workers together', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'stampede-k8s-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  await cp(DEPLOY_DIR, dir, { recursive: true });
  const file = join(dir, 'kustomization.yaml');
  const text = await readFile(file, 'utf8');
  assert.equal(text.split('- workers=3').length, 2, 'exactly one place sets N');
  await writeFile(file, text.replace('- workers=3', '- workers=17'));
  assert.deepEqual(counts(await renderKustomization(dir)), { parallelism: 17, completions: 17, expectWorkers: '17' });
});

void test('the side-by-side overlay of the docs prefixes every name and reference, and sets its own N, loadfile and token', async () => {
  const { overlay } = await renderAll();
  assert.deepEqual(counts(overlay), { parallelism: 5, completions: 5, expectWorkers: '5' });
  for (const o of overlay) assert.match(nameOf(o), /^checkout-stampede-/, `${String(o.kind)} ${nameOf(o)}`);
  const [cm] = objectsOf(overlay, 'ConfigMap');
  assert.deepEqual(cm?.data, { 'loadfile.ts': await readFile(join(OVERLAY_DIR, 'loadfile.ts'), 'utf8') });
  const [secret] = objectsOf(overlay, 'Secret');
  assert.equal(Buffer.from(String((secret?.data as JsonObject).token), 'base64').toString(), 'checkout-overlay-token');
  // Every reference follows the prefix: no unprefixed name of a shipped object is left anywhere.
  const text = JSON.stringify(overlay);
  for (const name of ['stampede-master', 'stampede-worker', 'stampede-loadfile', 'stampede-auth', 'stampede-results']) {
    assert.equal(text.split(`"${name}"`).length, 1, `an unprefixed "${name}" is left in the overlay`);
  }
});
