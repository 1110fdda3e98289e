import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { Client, type buildConnector } from 'undici';
import { systemClock } from '../../../src/clock.js';
import { buildUserConnector } from '../../../src/worker/runtime/connector.js';
import { UserHttpClient } from '../../../src/worker/runtime/http-client.js';
import { startCountingServer } from '../../helpers/counting-server.js';
import { ListRecorder } from './helpers.js';

function connectWith(connector: buildConnector.connector, port: number): Promise<{ err: Error | null; socket: net.Socket | null }> {
  return new Promise((resolve) => {
    connector({ hostname: '127.0.0.1', host: `127.0.0.1:${port}`, protocol: 'http:', port: String(port), localAddress: null }, (err, socket) => resolve({ err, socket }));
  });
}

test('user connector: a connected socket keeps no listener or timer of the connect, and serves requests', async (t) => {
  const server = await startCountingServer();
  t.after(() => server.close());
  const port = Number(new URL(server.url).port);
  const { err, socket } = await connectWith(buildUserConnector(10_000), port);
  assert.equal(err, null);
  assert.ok(socket !== null);
  t.after(() => socket.destroy());
  assert.equal(socket.listenerCount('connect'), 0);
  const onError = socket.listeners('error');
  assert.equal(onError.length, 1, 'one error listener, shared by every socket');
  const other = await connectWith(buildUserConnector(10_000), port);
  t.after(() => other.socket?.destroy());
  assert.equal(other.socket?.listeners('error')[0], onError[0]);
  assert.equal(socket.writableHighWaterMark, 64 * 1024);

  // Through a user's client: the request goes over the connector's socket.
  const rec = new ListRecorder();
  const client = new UserHttpClient({
    origin: server.url,
    originUrl: new URL(server.url),
    basePath: '',
    recorder: rec,
    clock: systemClock,
    clientOptions: { pipelining: 1, connect: buildUserConnector(10_000), webSocket: {}, eventSource: {} },
  });
  t.after(() => client.close());
  const res = await client.get('/x');
  assert.equal(res.status, 200);
  assert.equal(rec.samples[0]?.ok, true);
});

test('user connector: a refused connection fails the request with ECONNREFUSED', async () => {
  const free = net.createServer();
  await new Promise<void>((resolve) => free.listen(0, '127.0.0.1', resolve));
  const port = (free.address() as AddressInfo).port;
  await new Promise<void>((resolve) => free.close(() => resolve()));
  const { err, socket } = await connectWith(buildUserConnector(10_000), port);
  assert.equal(socket, null);
  assert.equal((err as NodeJS.ErrnoException | null)?.code, 'ECONNREFUSED');

  const client = new Client(`http://127.0.0.1:${port}`, { connect: buildUserConnector(10_000) });
  await assert.rejects(client.request({ method: 'GET', path: '/' }), (e: NodeJS.ErrnoException) => e.code === 'ECONNREFUSED');
  await client.destroy();
});

test("user connector: a connect that does not complete in time fails with undici's ConnectTimeoutError", async (t) => {
  // A socket that never connects stands in for an unreachable host.
  const connect = net.connect;
  let made: net.Socket | undefined;
  net.connect = ((): net.Socket => (made = new net.Socket())) as typeof net.connect;
  t.after(() => {
    net.connect = connect;
    made?.destroy();
  });
  const started = performance.now();
  const { err, socket } = await connectWith(buildUserConnector(50), 4321);
  assert.equal(socket, null);
  assert.ok(err !== null);
  assert.equal((err as Error & { code?: string }).code, 'UND_ERR_CONNECT_TIMEOUT');
  assert.equal(err.name, 'ConnectTimeoutError');
  assert.equal(err.message, 'Connect Timeout Error (attempted address: 127.0.0.1:4321, timeout: 50ms)');
  assert.ok(performance.now() - started >= 45);
  assert.equal(made?.destroyed, true);
});

test("user connector: https goes through undici's connector (a TLS handshake starts)", async (t) => {
  let first: number | undefined;
  const server = net.createServer((s) => {
    s.once('data', (chunk: Buffer) => {
      first = chunk[0];
      s.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => server.close());
  const port = (server.address() as AddressInfo).port;
  const { err, socket } = await new Promise<{ err: Error | null; socket: net.Socket | null }>((resolve) => {
    buildUserConnector(10_000)({ hostname: '127.0.0.1', host: `127.0.0.1:${port}`, protocol: 'https:', port: String(port), localAddress: null }, (e, s) => resolve({ err: e, socket: s }));
  });
  socket?.destroy();
  assert.ok(err !== null, 'the handshake cannot complete against a plain TCP server');
  assert.equal(first, 0x16, 'the server received a TLS handshake record');
});
