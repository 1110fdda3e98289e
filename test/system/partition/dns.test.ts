/**
 * A target whose host name does not resolve (issue 8, item 6): a standalone run in a network
 * namespace with no way out, whose resolver is a DNS server on the namespace's loopback that
 * answers NXDOMAIN for everything (dns-main.ts). No query can reach a real DNS server. The
 * requests to `nothing.invalid` (RFC 2606) are failures of class ENOTFOUND, each counted once,
 * while the run goes on and counts its other endpoint exactly.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { JsonSummary } from '../../../src/report/json-summary.js';
import { Cluster, REQUIRED, TARGET_PORT, whyItCannotRun } from './cluster.js';

const DNS_MAIN = fileURLToPath(new URL('./dns-main.ts', import.meta.url));

const LOADFILE = `import { HttpUser, constant, task } from 'stampede';
export class Lost extends HttpUser {
  static fixedCount = 1;
  waitTime = constant(0.05);
  @task async unknownHost(): Promise<void> {
    await this.client.get('http://nothing.invalid:${TARGET_PORT}/x', { name: '/dns' });
  }
}
export class Fine extends HttpUser {
  static fixedCount = 1;
  waitTime = constant(0.05);
  @task async ok(): Promise<void> {
    await this.client.get('/ok');
  }
}
`;

void test('a host name that does not resolve: ENOTFOUND failures, each counted; the run goes on and the rest is exact', { timeout: 60_000 }, async (t) => {
  const why = await whyItCannotRun();
  if (why !== null) {
    if (REQUIRED) assert.fail(`STAMPEDE_REQUIRE_SYSTEM_TESTS=1, but the DNS test cannot run: ${why}`);
    t.skip(`the DNS failure test did NOT run: ${why}`);
    return;
  }
  const c = new Cluster();
  t.after(() => c.destroy());
  const [host] = await c.create(['dns']);
  assert.ok(host !== undefined);
  // What `ip netns exec` shows the namespace as /etc: only loopback names, files then DNS, DNS at 127.0.0.1.
  await c.net.setHosts(host, {});
  await writeFile(join('/etc/netns', host.ns, 'resolv.conf'), 'nameserver 127.0.0.1\noptions timeout:1 attempts:1\n');
  await writeFile(join('/etc/netns', host.ns, 'nsswitch.conf'), 'hosts: files dns\n');
  const dns = c.node(host, 'dns', ['--import', 'tsx', DNS_MAIN]);
  await dns.waitFor(/dns listening/, 20_000);
  const target = await c.target(host, ['/ok']);
  const loadfile = join(c.dir, 'loadfile.ts');
  await writeFile(loadfile, LOADFILE);
  const json = join(c.dir, 'summary.json');
  const run = c.stampede(host, 'stampede', ['-f', loadfile, '-H', `http://127.0.0.1:${TARGET_PORT}`, '-u', '2', '-r', '10', '-t', '3s', '--headless', '--only-summary', '--no-web', '--json', json]);
  const exit = await run.exit(40_000);
  assert.deepEqual(exit, { code: 1, signal: null }, `exit 1: requests failed\n${run.tail()}`);
  dns.kill('SIGTERM');
  await dns.exit(10_000);
  const queries = JSON.parse(/queries (\{.*\})/.exec(dns.stdout)?.[1] ?? '{}') as Record<string, number>;
  const ok = (await target.stop())['/ok'] ?? 0;

  const summary = JSON.parse(await readFile(json, 'utf8')) as JsonSummary;
  const e = summary.endpoints.find((x) => x.name === '/dns');
  assert.ok(e !== undefined, 'the failed requests are counted');
  t.diagnostic(`/dns: ${e.count} failures; /ok: ${ok}; DNS queries ${JSON.stringify(queries)}`);
  assert.ok(e.count > 10, `${e.count} lookups failed`);
  assert.equal(e.failures, e.count);
  assert.deepEqual(e.status, {}, 'no response, so no status');
  assert.deepEqual(summary.errors.map((x) => [x.name, x.error, x.occurrences]), [['/dns', 'ENOTFOUND', e.count]]);
  assert.deepEqual(Object.keys(queries), ['nothing.invalid'], 'only our resolver was asked, only for that name');
  assert.ok((queries['nothing.invalid'] ?? 0) >= e.count, 'every failure was a real lookup');
  assert.equal(summary.endpoints.find((x) => x.name === '/ok')?.count, ok, 'the other endpoint is counted exactly');
  assert.ok(ok > 10);
  assert.equal(summary.exceptions.length, 0, 'a DNS failure is not an exception in user code');
});
