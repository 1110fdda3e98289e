/**
 * The exported ws options and auth helpers on real sockets (127.0.0.1:0): a wrong token gets
 * HTTP 401 before any upgrade, compression is off on both ends, frames travel as binary msgpack,
 * and an oversized frame closes the connection with 1009.
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { test } from 'node:test';
import { WebSocket, WebSocketServer } from 'ws';
import {
  MAX_FRAME_BYTES,
  SERVER_WS_OPTIONS,
  WorkerTag,
  decodeMasterMessage,
  decodeWorkerMessage,
  encode,
  generateToken,
  masterUrl,
  tokenFromHeaders,
  tokensEqual,
  welcome,
  wsClientOptions,
  type WorkerMessage,
} from '../../../src/protocol/index.js';
import { workerSamples } from './fixtures.js';

interface Master {
  url: string;
  received: WorkerMessage[];
  errors: string[];
  serverSockets: WebSocket[];
  close(): Promise<void>;
}

async function startMaster(token: string): Promise<Master> {
  const wss = new WebSocketServer({ ...SERVER_WS_OPTIONS, noServer: true });
  const received: WorkerMessage[] = [];
  const errors: string[] = [];
  const serverSockets: WebSocket[] = [];
  const http: Server = createServer((_req, res) => res.writeHead(426).end());
  http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (!tokensEqual(tokenFromHeaders(req.headers), token)) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      serverSockets.push(ws);
      // ws reports an oversized frame as an error, then closes with 1009.
      ws.on('error', (err: Error & { code?: string }) => errors.push(err.code ?? err.message));
      ws.on('message', (data: Buffer, isBinary: boolean) => {
        const msg = decodeWorkerMessage(data, isBinary);
        received.push(msg);
        if (msg.t === WorkerTag.hello) {
          ws.send(encode(welcome({ index: 0, workerId: msg.workerId, heartbeatMs: 15_000, reportIntervalMs: 1000, masterTime: Date.now() })));
        }
      });
    });
  });
  http.listen(0, '127.0.0.1');
  await once(http, 'listening');
  const { port } = http.address() as AddressInfo;
  return {
    url: masterUrl('127.0.0.1', port),
    received,
    errors,
    serverSockets,
    close: async () => {
      for (const ws of wss.clients) ws.terminate();
      wss.close();
      http.close();
      await once(http, 'close');
    },
  };
}

test('a wrong or missing token is refused with HTTP 401 before the upgrade', async () => {
  const master = await startMaster(generateToken());
  try {
    for (const token of ['wrong', undefined]) {
      const ws = new WebSocket(master.url, wsClientOptions(token));
      ws.on('error', () => {});
      const [, res] = (await once(ws, 'unexpected-response')) as [unknown, IncomingMessage];
      assert.equal(res.statusCode, 401);
      res.resume();
      ws.terminate();
    }
    assert.equal(master.serverSockets.length, 0);
  } finally {
    await master.close();
  }
});

test('with the token: hello → welcome as binary msgpack, no compression negotiated', async () => {
  const token = generateToken();
  const master = await startMaster(token);
  try {
    const ws = new WebSocket(master.url, wsClientOptions(token));
    await once(ws, 'open');
    assert.equal(ws.extensions, '', 'permessage-deflate must be off');
    const hello = workerSamples()[0];
    assert.ok(hello !== undefined);
    ws.send(encode(hello));
    const [data, isBinary] = (await once(ws, 'message')) as [Buffer, boolean];
    assert.equal(isBinary, true);
    const reply = decodeMasterMessage(data, isBinary);
    assert.equal(reply.t, 'welcome');
    assert.deepStrictEqual(master.received, [hello]);
    ws.close(1000);
    await once(ws, 'close');
  } finally {
    await master.close();
  }
});

test('a frame over MAX_FRAME_BYTES makes the master close with 1009', async () => {
  const token = generateToken();
  const master = await startMaster(token);
  try {
    const ws = new WebSocket(master.url, wsClientOptions(token));
    await once(ws, 'open');
    ws.on('error', () => {});
    ws.send(new Uint8Array(MAX_FRAME_BYTES + 1));
    const [code] = (await once(ws, 'close')) as [number, Buffer];
    assert.equal(code, 1009);
    assert.equal(master.received.length, 0);
    assert.deepStrictEqual(master.errors, ['WS_ERR_UNSUPPORTED_MESSAGE_LENGTH']);
  } finally {
    await master.close();
  }
});
