/**
 * A worker spoken by hand over a raw `ws` client: the test decides every frame it sends, so it
 * can send a hello from another protocol version, reuse a worker id, or report snapshots whose
 * samples it chose. Frames it receives are decoded with src/protocol's decoders.
 */
import { randomBytes } from 'node:crypto';
import { Packr } from 'msgpackr';
import { WebSocket } from 'ws';
import {
  CLIENT_WS_OPTIONS,
  MSGPACK_OPTIONS,
  MasterTag,
  authHeaders,
  clockRequest,
  decodeMasterMessage,
  encode,
  hello,
  ready,
  report,
  started,
  stopped,
  type MasterMessage,
  type WorkerMessage,
} from '../../../src/protocol/index.js';
import { IntervalRecorder } from '../../../src/stats/index.js';

export interface Closed {
  code: number;
  reason: string;
}

export type Upgrade = { kind: 'open'; worker: FakeWorker } | { kind: 'refused'; status: number; body: string };

const packr = new Packr({ ...MSGPACK_OPTIONS });

export class FakeWorker {
  readonly closed: Promise<Closed>;
  #ws: WebSocket;
  #inbox: MasterMessage[] = [];
  #waiters = new Set<() => void>();
  #open = true;
  #syncs = 0;

  private constructor(ws: WebSocket) {
    this.#ws = ws;
    ws.binaryType = 'nodebuffer';
    ws.on('message', (data: Buffer) => {
      this.#inbox.push(decodeMasterMessage(data));
      this.#wakeAll();
    });
    this.closed = new Promise((resolve) => {
      ws.once('close', (code: number, reason: Buffer) => {
        this.#open = false;
        this.#wakeAll();
        resolve({ code, reason: reason.toString() });
      });
    });
  }

  /** Opens a WebSocket to the master on `port` with `token`; resolves with the worker or the HTTP refusal. */
  static connect(port: number, token: string | undefined): Promise<Upgrade> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(`ws://127.0.0.1:${port}/`, { ...CLIENT_WS_OPTIONS, headers: authHeaders(token) });
      ws.once('open', () => resolve({ kind: 'open', worker: new FakeWorker(ws) }));
      ws.once('unexpected-response', (_req, res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (s: string) => (body += s));
        res.on('end', () => {
          ws.terminate();
          resolve({ kind: 'refused', status: res.statusCode ?? 0, body });
        });
      });
      ws.once('error', (err) => reject(err));
    });
  }

  /** Connects and fails the test unless the upgrade succeeds. */
  static async open(port: number, token: string | undefined): Promise<FakeWorker> {
    const up = await FakeWorker.connect(port, token);
    if (up.kind !== 'open') throw new Error(`the master refused the upgrade with HTTP ${up.status}: ${up.body}`);
    return up.worker;
  }

  /** A hello of the current protocol version; a fresh instance unless one is given (a rejoin of the same process). */
  hello(workerId: string, instance = randomBytes(8).toString('hex')): void {
    this.send(hello({ workerId, instance, host: 'fake-host', pid: process.pid, cpus: 1, version: '0.0.0-test' }));
  }

  /**
   * Joins as a new worker: hello, welcome, bundle, ready. Resolves once the master has applied the
   * `ready` (see sync), with the bundle hash.
   */
  async join(workerId: string, instance?: string): Promise<string> {
    this.hello(workerId, instance);
    await this.next(MasterTag.welcome);
    const bundle = await this.next(MasterTag.bundle);
    this.send(ready(bundle.hash));
    await this.sync();
    return bundle.hash;
  }

  /** Comes back on a new connection as the same process (same instance), as a real worker does. */
  async rejoin(workerId: string, instance: string, hash: string): Promise<void> {
    this.hello(workerId, instance);
    await this.next(MasterTag.welcome);
    this.send(ready(hash));
    await this.sync();
  }

  /**
   * A clock-sync round trip. The master handles one connection's frames in order, so when the
   * reply comes, everything sent before the request has been applied.
   */
  async sync(): Promise<void> {
    const id = this.#syncs++;
    this.send(clockRequest(id, Date.now()));
    for (let i = 0; i < 100; i++) {
      if ((await this.next(MasterTag.clockReply)).id === id) return;
    }
    throw new Error(`no clock reply with id ${id}`);
  }

  /**
   * Plays one run as a worker: waits for the plan, reports `durationsUs` as `GET name` in report
   * seq 1 (sent twice: the copy must be acked and not counted again), then answers stop with an
   * empty final report and stopped, and quit by closing.
   */
  async playRun(durationsUs: readonly number[], name: string): Promise<void> {
    const plan = await this.next(MasterTag.plan, 20_000);
    this.send(started(plan.runId, plan.startAt));
    const recorder = new IntervalRecorder({ clock: { now: () => Date.now() }, start: plan.startAt });
    for (const durationUs of durationsUs) recorder.record({ method: 'GET', name, durationUs, ok: true, status: 200, bytes: 100 });
    const first = report({ seq: 1, users: plan.users, snapshot: recorder.take(Math.max(Date.now(), plan.startAt + 1)), final: false, dropped: 0 });
    this.send(first);
    if ((await this.next(MasterTag.ack)).seq !== 1) throw new Error('the master acked another seq than 1');
    this.send(first);
    if ((await this.next(MasterTag.ack)).seq !== 1) throw new Error('the master did not ack the resent seq 1');
    await this.next(MasterTag.stop, 30_000);
    this.send(report({ seq: 2, users: {}, snapshot: recorder.take(Date.now()), final: true, dropped: 0 }));
    this.send(stopped());
    await this.next(MasterTag.quit, 30_000);
    await this.close();
  }

  send(msg: WorkerMessage): void {
    this.#ws.send(encode(msg), { binary: true });
  }

  /** Sends any object as a msgpack frame, bypassing the encoder's own checks. */
  sendRaw(value: Record<string, unknown>): void {
    this.#ws.send(packr.pack(value), { binary: true });
  }

  /**
   * The next received message with tag `t`. Messages of other tags stay in the inbox for their
   * own `next`: the master may send a plan before the clock reply a `sync()` waits for, and that
   * plan must still be there for `playRun`. Rejects after `timeoutMs` or when the connection
   * closes first.
   */
  async next<T extends MasterMessage['t']>(t: T, timeoutMs = 10_000): Promise<Extract<MasterMessage, { t: T }>> {
    const end = performance.now() + timeoutMs;
    for (;;) {
      const at = this.#inbox.findIndex((m) => m.t === t);
      if (at >= 0) {
        const [msg] = this.#inbox.splice(at, 1);
        return msg as Extract<MasterMessage, { t: T }>;
      }
      if (!this.#open) throw new Error(`the connection closed before a ${t} message arrived`);
      const left = end - performance.now();
      if (left <= 0) throw new Error(`no ${t} message within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, left);
        function done(): void {
          clearTimeout(timer);
          resolve();
        }
        this.#waiters.add(done);
      });
    }
  }

  close(code = 1000): Promise<Closed> {
    if (this.#open) this.#ws.close(code, 'test done');
    return this.closed;
  }

  terminate(): void {
    this.#ws.terminate();
  }

  #wakeAll(): void {
    const waiters = [...this.#waiters];
    this.#waiters.clear();
    for (const w of waiters) w();
  }
}
