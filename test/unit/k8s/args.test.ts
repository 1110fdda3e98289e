import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { parseArgs } from '../../../src/cli/parse.js';
import type { Options } from '../../../src/cli/options.js';
import { codeOf } from '../../../src/errors.js';
import { parseThresholdTexts } from '../../../src/master/thresholds/index.js';
import { DEPLOY_DIR, renderAll } from './deploy.js';
import type { JsonObject } from './field-path.js';
import { byComponent, containerOf, mountsOf, nameOf, objectsOf, resolveArgv, resolveEnv, type PodFacts } from './pod.js';

// The containers' args and env, resolved as the kubelet would, go through the CLI's own parser:
// a renamed or removed flag, or a value the schema refuses, fails here before it fails in a cluster.

const rendered = renderAll();

function facts(obj: JsonObject, index?: number): PodFacts {
  return {
    name: `${nameOf(obj)}-${index ?? 0}-abcde`,
    annotations: index === undefined ? {} : { 'batch.kubernetes.io/job-completion-index': String(index) },
    labels: {},
  };
}

async function optionsOf(objects: JsonObject[], component: string, index?: number): Promise<{ options: Options; env: Record<string, string>; args: string[] }> {
  const kind = component === 'demo-target' ? 'Deployment' : 'Job';
  const obj = byComponent(objects, kind, component);
  const container = containerOf(obj);
  const env = resolveEnv(container, objects, facts(obj, index));
  const { command, args } = resolveArgv(container, env);
  assert.deepEqual(command, [], 'the image\'s ENTRYPOINT (stampede) runs: no command override');
  const parsed = await parseArgs(args, env, '0.0.0-test');
  assert.equal(parsed.kind, 'run');
  return { options: parsed.options, env, args };
}

const secretToken = (objects: JsonObject[]): string => {
  const [secret] = objectsOf(objects, 'Secret');
  return Buffer.from(String((secret?.data as JsonObject).token), 'base64').toString('utf8');
};

void test('the master\'s args parse: a headless master on 0.0.0.0:5557 waiting up to 300 s for N workers, with the token from the Secret', async () => {
  for (const objects of [(await rendered).base, (await rendered).overlay]) {
    const { options } = await optionsOf(objects, 'master');
    const workers = (byComponent(objects, 'Job', 'worker').spec as JsonObject).parallelism;
    assert.equal(options.master, true);
    assert.equal(options.worker, false);
    assert.equal(options.headless, true);
    assert.equal(options.expectWorkers, workers, '--expect-workers follows the worker Job\'s parallelism');
    assert.equal(options.expectWorkersMaxWait, 300_000);
    assert.equal(options.masterBindHost, '0.0.0.0');
    assert.equal(options.masterBindPort, 5557);
    assert.equal(options.authToken, secretToken(objects));
    assert.ok(options.authToken !== undefined && options.authToken.length >= 16, 'a token long enough to mean something');
    assert.equal(options.jsonStdout, true, 'the JSON summary is printed to stdout');
    assert.ok(options.host !== undefined && options.users > 0 && options.runTime !== undefined, 'run options: -H, -u, -t');
    assert.ok(options.threshold.length > 0, 'a budget gates the run');
    assert.equal(parseThresholdTexts(options.threshold).length, options.threshold.length, 'every --threshold parses');
  }
});

void test('the master reads its loadfile from the ConfigMap mount and writes its reports to the results volume', async () => {
  const objects = (await rendered).base;
  const master = byComponent(objects, 'Job', 'master');
  const { options } = await optionsOf(objects, 'master');
  const mounts = mountsOf(master, containerOf(master), objects);
  const lf = options.locustfile ?? '';
  const lfMount = mounts.find((m) => m.mountPath === dirname(lf));
  assert.ok(lfMount?.source.type === 'configMap', `-f ${lf} lies in a ConfigMap mount`);
  assert.equal(lfMount.readOnly, true);
  assert.equal(lfMount.source.data[basename(lf)], await readFile(join(DEPLOY_DIR, 'loadfile.ts'), 'utf8'), 'the ConfigMap holds deploy/k8s/loadfile.ts');
  const json = options.json ?? '';
  const results = mounts.find((m) => json.startsWith(`${m.mountPath}/`));
  assert.ok(results?.source.type === 'pvc' && !results.readOnly, `--json ${json} lies in a writable PVC mount`);
  for (const [flag, path] of [['--csv', options.csv], ['--html', options.html]] as const) {
    assert.ok(path?.startsWith(`${results.mountPath}/`), `${flag} ${path ?? '(none)'} writes to the results volume too`);
  }
  assert.ok(objectsOf(objects, 'PersistentVolumeClaim').some((p) => nameOf(p) === (results.source as { claimName: string }).claimName));
  assert.ok(mounts.some((m) => m.mountPath === '/tmp' && m.source.type === 'emptyDir'), 'a writable /tmp under readOnlyRootFilesystem');
});

void test('the workers\' args parse: they dial the master Service on its worker port, with the Secret\'s token and one id per index', async () => {
  for (const objects of [(await rendered).base, (await rendered).overlay]) {
    const [svc] = objectsOf(objects, 'Service');
    assert.ok(svc !== undefined);
    const port = ((svc.spec as JsonObject).ports as JsonObject[]).find((p) => p.name === 'workers')?.port;
    const ids = new Set<string | undefined>();
    for (const index of [0, 1, 2]) {
      const { options } = await optionsOf(objects, 'worker', index);
      assert.equal(options.worker, true);
      assert.equal(options.masterHost, nameOf(svc), '--master-host is the Service\'s name (prefix included)');
      assert.equal(options.masterPort, port);
      assert.equal(options.authToken, secretToken(objects));
      assert.equal(options.masterConnectTimeout, 300_000, 'retries the master for 5 min while its pod starts');
      assert.equal(options.workerId, `worker-${index}`);
      ids.add(options.workerId);
    }
    assert.equal(ids.size, 3);
  }
});

void test('the parser the manifests rely on refuses a flag it does not know', async () => {
  const { args, env } = await optionsOf((await rendered).base, 'worker', 0);
  await assert.rejects(parseArgs([...args, '--master-hostname', 'x'], env, '0'), (err: unknown) => codeOf(err) === 'STAMPEDE_ERR_USAGE');
});

void test('the demo target\'s args are what `stampede demo-target` takes, listening on all addresses', async () => {
  const dt = byComponent((await rendered).demoTarget, 'Deployment', 'demo-target');
  const { args } = resolveArgv(containerOf(dt), {});
  assert.deepEqual(args, ['demo-target', '--port', '8000', '--host', '0.0.0.0']);
  const port = ((containerOf(dt).ports as JsonObject[])[0] as JsonObject).containerPort;
  assert.equal(port, 8000);
  const [svc] = objectsOf((await rendered).demoTarget, 'Service');
  const master = await optionsOf((await rendered).base, 'master');
  assert.equal(master.options.host, `http://${nameOf(svc ?? {})}:8000`, 'the base runs against the demo target\'s Service');
});
