/**
 * A real Master and its WebSocket server in the test process, with every log record captured,
 * and one well-behaved hand-spoken worker ("good") with a run in progress whose numbers the test
 * knows exactly. Hostile peers are then thrown at the same port (hostile-input.test.ts).
 */
import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import type { Master } from '../../../src/master/master.js';
import { startMasterServer, type MasterServer } from '../../../src/master/server.js';
import { MasterTag, report, started, type PlanMessage, type ReportMessage } from '../../../src/protocol/index.js';
import { IntervalRecorder, type IntervalSnapshot } from '../../../src/stats/index.js';
import { testMaster } from '../../helpers/master.js';
import { FakeWorker } from '../distributed/fake-worker.js';

export interface LogRecord {
  level: number;
  msg: string;
  reason?: string;
  [key: string]: unknown;
}

export interface InProcMaster {
  master: Master;
  server: MasterServer;
  port: number;
  token: string;
  logs: LogRecord[];
  /** Log records whose `reason` field is `reason`. */
  linesFor(reason: string): LogRecord[];
  close(): Promise<void>;
}

export const BUNDLE = { code: 'export {};\n', hash: 'hardening-bundle-1', filename: 'hostile.ts' };

export async function startInProcMaster(o: { maxEndpoints?: number } = {}): Promise<InProcMaster> {
  const logs: LogRecord[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString().split('\n')) if (line.trim() !== '') logs.push(JSON.parse(line) as LogRecord);
      done();
    },
  });
  const logger = pino({ level: 'debug' }, sink);
  const master = testMaster({
    logger,
    bundle: BUNDLE,
    classes: [{ name: 'U', weight: 1, fixedCount: null }],
    heartbeatTimeoutMs: 60_000,
    onWorkerLoss: 'continue',
    ...(o.maxEndpoints === undefined ? {} : { maxEndpoints: o.maxEndpoints }),
  });
  const token = randomBytes(16).toString('hex');
  const server = await startMasterServer({ host: '127.0.0.1', port: 0, token, logger, onConnection: (ws, req) => master.attach(ws, req) });
  return {
    master,
    server,
    port: server.port,
    token,
    logs,
    linesFor: (reason) => logs.filter((r) => r.reason === reason),
    close: async () => {
      await master.quit();
      await server.close();
    },
  };
}

/** A snapshot of `latenciesUs` as `GET name` over [start, end), with known numbers. */
export function snapshotOf(latenciesUs: readonly number[], name: string, start: number, end: number): IntervalSnapshot {
  const rec = new IntervalRecorder({ clock: { now: () => start }, start });
  for (const durationUs of latenciesUs) rec.record({ method: 'GET', name, durationUs, ok: true, status: 200, bytes: 10 });
  return rec.take(end);
}

export function reportOf(seq: number, snapshot: IntervalSnapshot, final = false): ReportMessage {
  return report({ seq, users: { U: 1 }, snapshot, final, dropped: 0 });
}

export interface GoodWorker {
  id: string;
  instance: string;
  hash: string;
  plan: PlanMessage;
  /** The live connection (a rejoin replaces it). */
  fw: FakeWorker;
}

/** Joins "good", starts a run of one user, and plays the worker's side up to `started`. */
export async function joinAndStart(m: InProcMaster, id = 'good'): Promise<GoodWorker> {
  const instance = randomBytes(8).toString('hex');
  const fw = await FakeWorker.open(m.port, m.token);
  const hash = await fw.join(id, instance);
  m.master.start({ users: 1, spawnRate: 1, host: 'http://127.0.0.1:9', runTimeMs: null });
  const plan = await fw.next(MasterTag.plan);
  fw.send(started(plan.runId, plan.startAt));
  await fw.sync();
  return { id, instance, hash, plan, fw };
}

/** Sends `r` and resolves with the seq of the ack that answers it. */
export async function sendReport(fw: FakeWorker, r: ReportMessage): Promise<number> {
  fw.send(r);
  return (await fw.next(MasterTag.ack)).seq;
}

/** A raw TCP connection to the port (for bytes that are not HTTP, or hand-made WebSocket frames). */
export function rawSocket(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = connect(port, '127.0.0.1', () => resolve(s));
    s.once('error', reject);
  });
}

/** Resolves with everything the peer sent once it closes the connection (bounded by `ms`). */
export function readUntilClosed(s: Socket, ms = 5000): Promise<{ data: Buffer; closed: boolean }> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    s.on('data', (c: Buffer) => chunks.push(c));
    s.on('error', () => undefined);
    const timer = setTimeout(() => {
      s.destroy();
      resolve({ data: Buffer.concat(chunks), closed: false });
    }, ms);
    s.once('close', () => {
      clearTimeout(timer);
      resolve({ data: Buffer.concat(chunks), closed: true });
    });
  });
}

/** An upgrade done by hand over `s`, so the frames after it can be anything; resolves after the 101. */
export function handUpgrade(s: Socket, token: string): Promise<void> {
  const key = randomBytes(16).toString('base64');
  s.write(`GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\nAuthorization: Bearer ${token}\r\n\r\n`);
  return new Promise((resolve, reject) => {
    let head = '';
    const onData = (c: Buffer): void => {
      head += c.toString('latin1');
      if (!head.includes('\r\n\r\n')) return;
      s.off('data', onData);
      if (head.startsWith('HTTP/1.1 101')) resolve();
      else reject(new Error(`no 101: ${head.split('\r\n')[0]}`));
    };
    s.on('data', onData);
  });
}

/** The status code of the first close frame in `data` (server frames are unmasked), or null. */
export function closeCodeIn(data: Buffer): number | null {
  let at = 0;
  while (at + 2 <= data.length) {
    const opcode = data[at]! & 0x0f;
    let len = data[at + 1]! & 0x7f;
    let head = 2;
    if (len === 126) {
      len = data.readUInt16BE(at + 2);
      head = 4;
    } else if (len === 127) {
      return null;
    }
    if (opcode === 0x8) return len >= 2 ? data.readUInt16BE(at + head) : null;
    at += head + len;
  }
  return null;
}
