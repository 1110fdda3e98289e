/**
 * Transport security (issue 8, item 5): a CA made in the test with openssl signs the master's
 * certificate; `--tls-cert/--tls-key` make the master serve wss:// to workers and https:// for the
 * web API. A worker with `--master-ca` runs the whole test and the counts are exact; a worker that
 * does not trust the CA, or speaks plain ws, never gets in. The tokens appear in no log, even at
 * debug level.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { get } from 'node:https';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { runCli, startCountingServer } from '../../helpers/index.js';
import { cleanup, dump, readSummary, startMaster, startWorker, taggedLoadfile, tempDir, waitConnected, writeLoadfile } from '../distributed/harness.js';

const run = promisify(execFile);
const REQUIRED = process.env.STAMPEDE_REQUIRE_SYSTEM_TESTS === '1';
const TOKEN = 'tls-worker-token-5d1c8e0b9a';
const WEB_TOKEN = 'tls-web-token-77aa0c3f21';

after(cleanup);

interface Pki {
  ca: string;
  cert: string;
  key: string;
  /** A key that is not the certificate's. */
  otherKey: string;
}
let pki: Pki | null = null;
let noOpenssl: string | null = null;

/** A CA and a server certificate for 127.0.0.1 and localhost, valid for two days (EC P-256: fast). */
async function makePki(dir: string): Promise<Pki> {
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  const p = (f: string): string => join(dir, f);
  await run('openssl', ['req', '-x509', ...ec, '-keyout', p('ca.key'), '-out', p('ca.pem'), '-days', '2', '-subj', '/CN=stampede test CA']);
  writeFileSync(p('ext.cnf'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n');
  await run('openssl', ['req', ...ec, '-keyout', p('server.key'), '-out', p('server.csr'), '-subj', '/CN=127.0.0.1']);
  await run('openssl', ['x509', '-req', '-in', p('server.csr'), '-CA', p('ca.pem'), '-CAkey', p('ca.key'), '-CAcreateserial', '-out', p('server.pem'), '-days', '2', '-extfile', p('ext.cnf')]);
  await run('openssl', ['req', ...ec, '-keyout', p('other.key'), '-out', p('other.csr'), '-subj', '/CN=other']);
  return { ca: p('ca.pem'), cert: p('server.pem'), key: p('server.key'), otherKey: p('other.key') };
}

before(async () => {
  try {
    await run('openssl', ['version']);
  } catch {
    noOpenssl = '`openssl` is missing (apt-get install openssl)';
    return;
  }
  pki = await makePki(tempDir('pki'));
});

function needPki(t: { skip(msg: string): void }): Pki | null {
  if (pki !== null) return pki;
  if (REQUIRED) assert.fail(`STAMPEDE_REQUIRE_SYSTEM_TESTS=1, but the TLS tests cannot run: ${noOpenssl ?? 'no certificates'}`);
  t.skip(`the TLS tests did NOT run: ${noOpenssl ?? 'no certificates'}`);
  return null;
}

function httpsGet(url: string, ca: string | undefined): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = get(url, { ...(ca === undefined ? {} : { ca: readFileSync(ca) }), timeout: 5000 }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (s: string) => (body += s)).on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
  });
}

void test('wss and https with a CA made here: a worker with --master-ca runs the test, the counts are exact, no token in any log', async (t) => {
  const p = needPki(t);
  if (p === null) return;
  const target = await startCountingServer();
  t.after(() => target.close());
  const dir = tempDir('tls');
  const json = join(dir, 'summary.json');
  const master = await startMaster([
    '-f', writeLoadfile(dir, taggedLoadfile(0.05)), '-H', target.url, '--expect-workers', '1', '--expect-workers-max-wait', '30s',
    '--tls-cert', p.cert, '--tls-key', p.key, '--auth-token', TOKEN, '--web-auth-token', WEB_TOKEN, '--web-port', '0',
    '-u', '4', '-r', '40', '--only-summary', '--json', json, '--loglevel', 'debug',
  ]);
  const web = /web API and \/metrics url=(\S+)/.exec(await master.proc.waitForOutput(/web API and \/metrics url=\S+/, { stream: 'stderr' }))?.[1];
  assert.ok(web?.startsWith('https://127.0.0.1:'), `the web API is https: ${web}`);
  assert.match(master.proc.stderr(), /master listening for workers port=\d+ expect=1 tls=true/);

  const untrusting = startWorker(master.port, 'untrusting', { args: ['--master-tls', '--auth-token', TOKEN, '--master-connect-timeout', '2s'] });
  const plain = startWorker(master.port, 'plain', { args: ['--auth-token', TOKEN, '--master-connect-timeout', '2s'] });
  const good = startWorker(master.port, 'trusting', { args: ['--master-ca', p.ca, '--auth-token', TOKEN, '--loglevel', 'debug'] });
  await waitConnected(master.proc, ['trusting']);

  const u = await untrusting.exited;
  assert.equal(u.code, 4, `a worker that does not trust the master's CA never gets in\n${dump(u)}`);
  assert.match(u.stderr, /the master's TLS certificate is not trusted: pass --master-ca FILE/);
  assert.match(u.stderr, /gave up on the master at wss:\/\/127\.0\.0\.1:\d+ .*last error (SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT_LOCALLY)/);
  const pl = await plain.exited;
  assert.equal(pl.code, 4, `plain ws to a TLS master never gets in\n${dump(pl)}`);

  assert.equal((await httpsGet(`${web}/healthz`, p.ca)).status, 200, 'https with the CA');
  await assert.rejects(httpsGet(`${web}/healthz`, undefined), /self-signed certificate in certificate chain|unable to verify/, 'https without the CA is refused by the client');
  await assert.rejects(fetch(`${web!.replace('https:', 'http:')}/healthz`, { signal: AbortSignal.timeout(5000) }), 'plain http to the https port gets nothing');
  await target.waitForRequests(100, { path: '/w/trusting', timeoutMs: 20_000 });

  master.proc.kill('SIGTERM');
  const m = await master.proc.exited;
  assert.equal(m.code, 0, dump(m));
  const w = await good.exited;
  assert.equal(w.code, 0, dump(w));
  const summary = readSummary(json);
  assert.equal(summary.totals.count, target.received(), 'the run over wss is counted exactly');
  assert.deepEqual(summary.run.workers.map((x) => x.id), ['trusting']);
  const tlsLines = m.stderr.split('\n').filter((l) => /TLS handshake failed/.test(l));
  assert.equal(tlsLines.length, 1, `the refused handshakes are logged once: ${tlsLines.join('\n')}`);
  for (const [who, out] of [['master', m], ['trusting', w], ['untrusting', u], ['plain', pl]] as const) {
    for (const secret of [TOKEN, WEB_TOKEN]) {
      assert.ok(!out.stdout.includes(secret) && !out.stderr.includes(secret), `${who}'s output holds a token`);
    }
  }
});

void test('a standalone run with --tls-cert serves its web API over https; its local workers stay on loopback', async (t) => {
  const p = needPki(t);
  if (p === null) return;
  const target = await startCountingServer();
  t.after(() => target.close());
  const dir = tempDir('tls-standalone');
  const r = await runCli(['-f', writeLoadfile(dir, taggedLoadfile(0.05)), '-H', target.url, '-u', '2', '-r', '20', '-t', '1s', '--headless', '--only-summary', '--tls-cert', p.cert, '--tls-key', p.key, '--web-port', '0'], { timeoutMs: 30_000 });
  assert.equal(r.code, 0, dump(r));
  assert.match(r.stderr, /web API and \/metrics url=https:\/\/127\.0\.0\.1:\d+/);
  assert.ok(target.received() > 0);
});

void test('TLS options that cannot work are usage errors (exit 2) that say what to give', async (t) => {
  const p = needPki(t);
  if (p === null) return;
  const dir = tempDir('tls-bad');
  const file = writeLoadfile(dir, taggedLoadfile(1));
  const base = ['-f', file, '-H', 'http://127.0.0.1:9', '--master', '--headless', '--master-bind-port', '0', '--no-web'];
  const cases: [string[], RegExp][] = [
    [['--tls-cert', p.cert], /--tls-cert and --tls-key go together/],
    [['--tls-cert', p.cert, '--tls-key', join(dir, 'nope.key')], /cannot read --tls-key .*nope\.key \(ENOENT\)/],
    [['--tls-cert', file, '--tls-key', p.key], /--tls-cert .* is not a PEM file/],
    [['--tls-cert', p.cert, '--tls-key', p.otherKey], /--tls-cert\/--tls-key cannot be used \(.*\): give a PEM certificate .* and the PEM private key that belongs to it/],
  ];
  for (const [args, message] of cases) {
    const r = await runCli([...base, ...args], { timeoutMs: 20_000 });
    assert.equal(r.code, 2, `${args.join(' ')}\n${dump(r)}`);
    assert.match(r.stderr, message);
  }
  const w = await runCli(['--worker', '--master-ca', join(dir, 'missing-ca.pem')], { timeoutMs: 20_000 });
  assert.equal(w.code, 2, dump(w));
  assert.match(w.stderr, /cannot read --master-ca .*missing-ca\.pem \(ENOENT\)/);
});
