import { test } from 'node:test';
import assert from 'node:assert/strict';
import { access, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderKustomization } from '../../unit/k8s/kustomize.js';
import { DEMO_TARGET_DIR, DEPLOY_DIR, REPO_DIR } from '../../unit/k8s/deploy.js';
import { execForm, parseDockerfile } from '../../unit/k8s/dockerfile.js';
import type { JsonObject } from '../../unit/k8s/field-path.js';
import { byComponent, containerOf, mountsOf, nameOf, objectsOf, podSpecOf, resolveArgv, resolveEnv } from '../../unit/k8s/pod.js';
import { Network, sweepLeftovers, whyNoNamespaces, type Host } from './netns.js';
import { probe } from './probe.js';
import type { Proc } from './proc.js';
import { pvcDir, startPod, type ImageFacts } from './sandbox.js';

// The cluster rehearsal (issue 7): the master, three workers and the demo target each run on their
// own network "host" (a network namespace), started exactly as deploy/k8s and the Dockerfile
// describe them: args and env from the rendered manifests (the token from the Secret, worker ids
// from the completion index), the loadfile at the ConfigMap's mount path, results on the PVC's,
// the pods' uid/gid and read-only root. Workers find the master by its Service name through
// /etc/netns/<ns>/hosts, and start before it, as pods may. The run must finish, the master must
// exit 0, and its count must equal the count the target answered.

const REQUIRED = process.env.STAMPEDE_REQUIRE_SYSTEM_TESTS === '1';

function whyItCannotRun(): Promise<string | null> {
  return whyNoNamespaces('network namespaces, mounts, chroot', [
    ['ip', ['-V'], 'iproute2'],
    ['unshare', ['--version'], 'util-linux'],
    ['chroot', ['--version'], 'coreutils'],
  ]);
}

/** The image as the pods see it, from the Dockerfile's runtime stage. */
async function imageFacts(): Promise<ImageFacts> {
  const rt = parseDockerfile(await readFile(join(REPO_DIR, 'Dockerfile'), 'utf8')).stages.at(-1);
  assert.ok(rt !== undefined);
  const env: Record<string, string> = {};
  for (const ins of rt.instructions.filter((i) => i.op === 'ENV')) {
    for (const pair of ins.args.split(' ')) {
      const [k, ...v] = pair.split('=');
      if (k !== undefined && v.length > 0) env[k] = v.join('=');
    }
  }
  const entry = execForm(rt.instructions.find((i) => i.op === 'ENTRYPOINT')?.args ?? '');
  assert.deepEqual(entry, ['stampede']);
  const link = rt.instructions.map((i) => /ln -s (\S+) \/usr\/local\/bin\/stampede/.exec(i.args)?.[1]).find((s) => s !== undefined);
  if (link === undefined || !link.startsWith('/app/')) assert.fail('the image must link /usr/local/bin/stampede to the CLI under /app');
  const workdir = rt.instructions.filter((i) => i.op === 'WORKDIR').at(-1)?.args ?? '/';
  // What the runtime stage copies into /app (`COPY --from=build /app/X ./X`): the pods see those entries of the repository.
  const appEntries = rt.instructions
    .filter((i) => i.op === 'COPY')
    .map((i) => /^--from=\S+\s+\/app\/(\S+)\s+\.\/(\S+)$/.exec(i.args))
    .map((m) => {
      if (m === null || m[1] !== m[2]) assert.fail('every COPY of the runtime stage must be `COPY --from=build /app/X ./X`');
      return m[1]!;
    });
  assert.ok(appEntries.includes('dist') && appEntries.includes('node_modules'), `the image's /app: ${appEntries.join(', ')}`);
  return { entrypoint: [process.execPath, link], env, workdir, appEntries };
}

function podUser(workload: JsonObject): { uid: number; gid: number; fsGroup: number | undefined; readOnly: boolean } {
  const psc = podSpecOf(workload).securityContext as JsonObject;
  const csc = containerOf(workload).securityContext as JsonObject;
  return { uid: Number(psc.runAsUser), gid: Number(psc.runAsGroup), fsGroup: psc.fsGroup === undefined ? undefined : Number(psc.fsGroup), readOnly: csc.readOnlyRootFilesystem === true };
}

/** The Service's port named `name`, checked to equal its pod's port (there is no kube-proxy here). */
function servicePort(svc: JsonObject, workload: JsonObject, name: string): number {
  const port = ((svc.spec as JsonObject).ports as JsonObject[]).find((p) => p.name === name);
  const target = ((containerOf(workload).ports as JsonObject[]) ?? []).find((p) => p.name === port?.targetPort);
  assert.ok(port !== undefined && target !== undefined && port.port === target.containerPort, `Service ${nameOf(svc)} port ${name} maps straight to the pod`);
  return Number(port.port);
}

void test('cluster rehearsal: the manifests\' own commands run a distributed test across separate network hosts, and the counts agree', { timeout: 90_000 }, async (t) => {
  const why = await whyItCannotRun();
  if (why !== null) {
    if (REQUIRED) assert.fail(`STAMPEDE_REQUIRE_SYSTEM_TESTS=1, but the cluster rehearsal cannot run: ${why}`);
    t.skip(`the cluster rehearsal did NOT run: ${why}`);
    return;
  }
  await access(join(REPO_DIR, 'dist/cli/main.js')).catch(() => assert.fail('dist/cli/main.js is missing: run `npm run build` first (npm test does)'));
  const swept = await sweepLeftovers();
  if (swept.length > 0) t.diagnostic(`swept namespaces left by earlier runs: ${swept.join(', ')}`);

  const base = await renderKustomization(DEPLOY_DIR);
  const demo = await renderKustomization(DEMO_TARGET_DIR);
  const image = await imageFacts();
  const masterJob = byComponent(base, 'Job', 'master');
  const workerJob = byComponent(base, 'Job', 'worker');
  const targetDeploy = byComponent(demo, 'Deployment', 'demo-target');
  const [masterSvc] = objectsOf(base, 'Service');
  const [targetSvc] = objectsOf(demo, 'Service');
  assert.ok(masterSvc !== undefined && targetSvc !== undefined);
  assert.deepEqual((masterSvc.spec as JsonObject).selector, { 'batch.kubernetes.io/job-name': nameOf(masterJob) }, 'the master Service selects the master Job\'s pod');
  const workersPort = servicePort(masterSvc, masterJob, 'workers');
  servicePort(targetSvc, targetDeploy, 'http');
  const workers = Number((workerJob.spec as JsonObject).parallelism);
  assert.equal(workers, 3, 'the rehearsal runs the shipped worker count');

  const net = new Network();
  const workDir = await mkdtemp(join(tmpdir(), 'stampede-rehearsal-'));
  const procs: Proc[] = [];
  t.after(async () => {
    for (const p of procs) p.kill('SIGKILL');
    await Promise.all(procs.map((p) => p.exited));
    await net.destroy();
    await rm(workDir, { recursive: true, force: true });
  });
  await net.create();
  const masterHost = await net.add('master');
  const workerHosts: Host[] = [];
  for (let i = 0; i < workers; i++) workerHosts.push(await net.add(`worker-${i}`));
  const targetHost = await net.add('target');
  const names = { [nameOf(masterSvc)]: masterHost.ip, [nameOf(targetSvc)]: targetHost.ip };
  for (const h of [masterHost, ...workerHosts, targetHost]) await net.setHosts(h, names);

  const run = async (workload: JsonObject, objects: JsonObject[], host: Host, podName: string, index?: number): Promise<Proc> => {
    const container = containerOf(workload);
    const annotations: Record<string, string> = index === undefined ? {} : { 'batch.kubernetes.io/job-completion-index': String(index) };
    const env = resolveEnv(container, objects, { name: podName, annotations, labels: {} });
    const { command, args } = resolveArgv(container, env);
    assert.deepEqual(command, [], `${podName}: the image's ENTRYPOINT runs`);
    const u = podUser(workload);
    const proc = await startPod(
      { name: podName, host, args, env, mounts: mountsOf(workload, container, objects), uid: u.uid, gid: u.gid, fsGroup: u.fsGroup, readOnlyRootFilesystem: u.readOnly },
      image, REPO_DIR, workDir,
    );
    procs.push(proc);
    return proc;
  };

  const target = await run(targetDeploy, demo, targetHost, `${nameOf(targetDeploy)}-7d9f8-x2b4q`);
  await target.waitFor(/demo target listening on/, 15_000);
  // Workers first: they must keep retrying until the master's pod is up.
  const workerProcs: Proc[] = [];
  for (const [i, h] of workerHosts.entries()) workerProcs.push(await run(workerJob, base, h, `${nameOf(workerJob)}-${i}-k8q2z`, i));
  await Promise.all(workerProcs.map((w) => w.waitFor(/worker starting/, 15_000)));
  await Promise.all(workerProcs.map((w) => w.waitFor(/waiting for the master/, 15_000)));
  const master = await run(masterJob, base, masterHost, `${nameOf(masterJob)}-m4x7v`);
  await master.waitFor(/master listening for workers/, 20_000);

  // The master's readiness and liveness probes (tcpSocket on the worker port), from another host;
  // an HTTP GET there answers 426 (the web API is on 8089; /readyz there waits for the workers).
  assert.deepEqual(await probe(workerHosts[0] as Host, masterHost.ip, workersPort), { tcp: 'ok', httpGet: '426' });

  const masterExit = await master.exit(70_000);
  assert.deepEqual(masterExit, { code: 0, signal: null }, `the master's exit status is the verdict\n${master.tail()}\n${workerProcs.map((w) => w.tail(15)).join('\n')}`);
  for (const w of workerProcs) assert.deepEqual(await w.exit(15_000), { code: 0, signal: null }, `a worker exits 0 when the master says quit\n${w.tail()}`);
  target.kill('SIGTERM');
  assert.deepEqual(await target.exit(10_000), { code: 0, signal: null }, target.tail());
  const answered = Number(/demo target answered (\d+) requests/.exec(target.stdout)?.[1]);

  const claim = String(((podSpecOf(masterJob).volumes as JsonObject[]).find((v) => v.persistentVolumeClaim !== undefined)?.persistentVolumeClaim as JsonObject).claimName);
  const file = await readFile(join(pvcDir(workDir, claim), 'summary.json'), 'utf8');
  const reports = (await readdir(pvcDir(workDir, claim))).sort();
  for (const f of ['report.html', 'stampede_stats.csv', 'stampede_stats_history.csv']) assert.ok(reports.includes(f), `${f} on the results volume: ${reports.join(', ')}`);
  assert.equal(master.stdout, file, 'the JSON summary printed to stdout is the one on the results volume');
  const summary = JSON.parse(file) as { totals: { count: number; failures: number }; run: { workers: { id: string }[] } };
  assert.ok(answered > 100, `the target answered ${answered} requests`);
  assert.equal(summary.totals.count, answered, `the master counted ${summary.totals.count}, the target answered ${answered}`);
  assert.equal(summary.totals.failures, 0, master.tail());
  assert.deepEqual(summary.run.workers.map((w) => w.id).sort(), ['worker-0', 'worker-1', 'worker-2']);
  t.diagnostic(`master exit 0; ${workers} workers exit 0; the target answered ${answered} requests, the master counted ${summary.totals.count}`);
});
