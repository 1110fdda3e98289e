import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { parseAllDocuments } from 'yaml';
import { DEMO_TARGET_DIR, DEPLOY_DIR, OVERLAY_DIR } from './deploy.js';
import type { JsonObject } from './field-path.js';
import { renderKustomization } from './kustomize.js';
import { label } from './schema.js';

// The other k8s tests render deploy/k8s with the small renderer in kustomize.ts, because CI has no
// kubectl (Debian's kubernetes-client is 1.20, whose kustomize predates `replacements`). Here the
// renderer's output must equal `kubectl kustomize` object for object wherever kubectl exists.

const run = promisify(execFile);

async function kubectlVersion(): Promise<string | null> {
  try {
    const { stdout } = await run('kubectl', ['version', '--client'], { timeout: 10_000 });
    return stdout.trim().split('\n')[0] ?? 'kubectl';
  } catch {
    return null;
  }
}

const sorted = (objs: JsonObject[]): JsonObject[] => [...objs].sort((a, b) => label(a).localeCompare(label(b)));

for (const [what, dir] of [['deploy/k8s', DEPLOY_DIR], ['deploy/k8s/demo-target', DEMO_TARGET_DIR], ['the side-by-side overlay', OVERLAY_DIR]] as const) {
  void test(`the test renderer and \`kubectl kustomize\` agree on ${what}`, async (t) => {
    const version = await kubectlVersion();
    if (version === null) {
      t.skip('kubectl is not installed: the test renderer (test/unit/k8s/kustomize.ts) is NOT cross-checked against kustomize on this machine');
      return;
    }
    t.diagnostic(version);
    const { stdout } = await run('kubectl', ['kustomize', dir], { timeout: 30_000, maxBuffer: 16 * 1024 * 1024 });
    const theirs = parseAllDocuments(stdout).map((d) => d.toJS() as JsonObject).filter((o) => o !== null);
    const ours = await renderKustomization(dir);
    assert.deepEqual(sorted(ours), sorted(theirs));
  });
}
