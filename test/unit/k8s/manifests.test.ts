import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { renderAll, REPO_DIR, type Rendered } from './deploy.js';
import { isObject, type JsonObject } from './field-path.js';
import { byComponent, containerOf, containersOf, nameOf, objectsOf, podSpecOf } from './pod.js';
import { parseQuantity } from './quantity.js';
import { label, schemaErrors, unknownFieldErrors } from './schema.js';
import { parseDockerfile } from './dockerfile.js';

// deploy/k8s rendered as `kubectl apply -k` would send it (the renderer is checked against
// kubectl in kustomize-crosscheck.test.ts), then checked against the Kubernetes API schemas and
// against what issue 7 asks of each object.

const rendered: Promise<Rendered> = renderAll();

function workloads(r: Rendered): JsonObject[] {
  return [...r.base, ...r.overlay, ...r.demoTarget, ...r.resultsReader].filter((o) => ['Job', 'Deployment', 'Pod'].includes(String(o.kind)));
}

void test('every object deploy/k8s ships validates against the Kubernetes API schemas, unknown fields included', async () => {
  const r = await rendered;
  const all = [...r.base, ...r.overlay, ...r.demoTarget, ...r.resultsReader];
  assert.deepEqual(r.base.map(label).sort(), [
    'ConfigMap/stampede-loadfile', 'Job/stampede-master', 'Job/stampede-worker',
    'PersistentVolumeClaim/stampede-results', 'Secret/stampede-auth', 'Service/stampede-master',
  ]);
  assert.deepEqual(all.flatMap(schemaErrors), []);
  assert.deepEqual(unknownFieldErrors(all), []);
});

void test('the schema checks have teeth: a mistyped field name and a wrongly typed value are both refused', async () => {
  const master = structuredClone(byComponent((await rendered).base, 'Job', 'master'));
  const container = containerOf(master);
  (container.securityContext as JsonObject).readOnlyRootFileSystem = true;
  (master.spec as JsonObject).backoffLimit = 'none';
  assert.match(unknownFieldErrors([master]).join('\n'), /Job\/stampede-master: .*'"?readOnlyRootFileSystem"?' does not exist/);
  assert.deepEqual(schemaErrors(master), ['Job/stampede-master: /spec/backoffLimit must be integer']);
});

void test('the master Job runs once, is never restarted, is cleaned up, and has probes on the worker port', async () => {
  const master = byComponent((await rendered).base, 'Job', 'master');
  const spec = master.spec as JsonObject;
  assert.equal(spec.backoffLimit, 0);
  assert.ok(typeof spec.ttlSecondsAfterFinished === 'number' && spec.ttlSecondsAfterFinished > 0, 'ttlSecondsAfterFinished');
  assert.equal(podSpecOf(master).restartPolicy, 'Never');
  const c = containerOf(master);
  const ports = (c.ports as JsonObject[]).map((p) => [p.name, p.containerPort]);
  assert.deepEqual(ports, [['workers', 5557], ['web', 8089]]);
  for (const probe of ['readinessProbe', 'livenessProbe']) {
    assert.deepEqual((c[probe] as JsonObject).tcpSocket, { port: 'workers' }, `${probe}: TCP on 5557 (/readyz waits for the workers, who need the Service ready first)`);
  }
});

void test('the worker Job is Indexed, runs N pods at once, fails fast on refusal, and is cleaned up', async () => {
  const worker = byComponent((await rendered).base, 'Job', 'worker');
  const spec = worker.spec as JsonObject;
  assert.equal(spec.completionMode, 'Indexed');
  assert.equal(spec.parallelism, spec.completions);
  assert.ok(typeof spec.ttlSecondsAfterFinished === 'number' && spec.ttlSecondsAfterFinished > 0, 'ttlSecondsAfterFinished');
  assert.equal(podSpecOf(worker).restartPolicy, 'Never', 'podFailurePolicy needs restartPolicy Never');
  const rules = (spec.podFailurePolicy as JsonObject).rules as JsonObject[];
  assert.deepEqual(rules[0], { action: 'FailJob', onExitCodes: { containerName: 'worker', operator: 'In', values: [2, 4] } }, 'exit 2 (refused) and 4 (master unreachable) are final (docs/errors.md)');
});

void test('every pod runs as the image\'s non-root user, read-only, unprivileged, without service links, and with requests and limits', async () => {
  const dockerfile = parseDockerfile(await readFile(join(REPO_DIR, 'Dockerfile'), 'utf8'));
  const imageUser = dockerfile.stages.at(-1)?.user;
  for (const w of workloads(await rendered)) {
    const pod = podSpecOf(w);
    const where = label(w);
    // Service links would put STAMPEDE_MASTER_PORT=tcp://… (from the Service stampede-master) in the
    // env, which the CLI reads as --master-port and refuses.
    assert.equal(pod.enableServiceLinks, false, `${where}: enableServiceLinks`);
    assert.equal(pod.automountServiceAccountToken, false, `${where}: automountServiceAccountToken`);
    const psc = pod.securityContext as JsonObject;
    assert.equal(psc.runAsNonRoot, true, `${where}: runAsNonRoot`);
    assert.equal(`${String(psc.runAsUser)}:${String(psc.runAsGroup)}`, imageUser, `${where}: the Dockerfile's USER`);
    assert.deepEqual(psc.seccompProfile, { type: 'RuntimeDefault' }, `${where}: seccompProfile`);
    for (const c of containersOf(w)) {
      const sc = c.securityContext as JsonObject;
      assert.deepEqual(
        { runAsNonRoot: sc.runAsNonRoot, allowPrivilegeEscalation: sc.allowPrivilegeEscalation, readOnlyRootFilesystem: sc.readOnlyRootFilesystem, privileged: sc.privileged, capabilities: sc.capabilities },
        { runAsNonRoot: true, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, privileged: false, capabilities: { drop: ['ALL'] } },
        `${where}: container securityContext`,
      );
      const res = c.resources as JsonObject;
      for (const r of ['cpu', 'memory']) {
        const req = (res.requests as Record<string, string>)[r];
        const lim = (res.limits as Record<string, string>)[r];
        assert.ok(req !== undefined && lim !== undefined, `${where}: ${r} request and limit`);
        assert.ok(parseQuantity(req) <= parseQuantity(lim), `${where}: ${r} request ${req} above limit ${lim}`);
      }
    }
  }
});

void test('the Service exposes 5557 and 8089, invites Prometheus, and selects the master Job\'s pods, prefixed or not', async () => {
  const r = await rendered;
  for (const objs of [r.base, r.overlay]) {
    const [svc, ...more] = objectsOf(objs, 'Service');
    assert.ok(svc !== undefined && more.length === 0);
    const spec = svc.spec as JsonObject;
    assert.deepEqual((spec.ports as JsonObject[]).map((p) => [p.name, p.port, p.targetPort]), [['workers', 5557, 'workers'], ['web', 8089, 'web']]);
    assert.deepEqual(spec.selector, { 'batch.kubernetes.io/job-name': nameOf(byComponent(objs, 'Job', 'master')) });
    const ann = (svc.metadata as JsonObject).annotations;
    assert.ok(isObject(ann));
    assert.deepEqual([ann['prometheus.io/scrape'], ann['prometheus.io/port'], ann['prometheus.io/path']], ['true', '8089', '/metrics']);
  }
});

void test('every image is stampede at this package\'s version', async () => {
  const pkg = JSON.parse(await readFile(join(REPO_DIR, 'package.json'), 'utf8')) as { version: string };
  const r = await rendered;
  for (const w of workloads(r)) {
    for (const c of containersOf(w)) {
      assert.equal(c.image, `stampede:${pkg.version}`, `${label(w)}: bump the image tags in deploy/k8s (kustomization.yaml, demo-target/, tools/) with the version`);
    }
  }
});
