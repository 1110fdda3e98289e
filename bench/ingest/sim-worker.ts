/**
 * One simulated worker of the ingest benchmark: a real WebSocket to the master speaking the real
 * protocol (hello, clock sync, ready, started, report every second with a seq until acked,
 * status, stopped), without running any users. Its reports replay realistic snapshots.
 */
import { WebSocket } from 'ws';
import * as wire from '../../src/protocol/index.js';
import { MasterTag, type MasterMessage, type PlanMessage } from '../../src/protocol/index.js';
import type { IntervalSnapshot } from '../../src/stats/types.js';

export interface SimCounters {
  connected: number;
  ready: number;
  started: number;
  sent: number;
  acked: number;
  closed: number;
  refused: number;
  /** Ack round trips since the last reset, ms. */
  ackMs: number[];
}

export interface SimWorkerOptions {
  url: string;
  index: number;
  /** The simulator's pid (every simulated worker says it runs there). */
  pid: number;
  version: string;
  pool: readonly IntervalSnapshot[];
  counters: SimCounters;
}

export class SimWorker {
  readonly #o: SimWorkerOptions;
  readonly #ws: WebSocket;
  #seq = 0;
  #runId = '';
  #users: Record<string, number> = {};
  #intervalStart = 0;
  #startTimer: NodeJS.Timeout | null = null;
  #reportTimer: NodeJS.Timeout | null = null;
  #statusTimer: NodeJS.Timeout | null = null;
  readonly #sentAt = new Map<number, number>();

  constructor(o: SimWorkerOptions) {
    this.#o = o;
    this.#ws = new WebSocket(o.url, wire.wsClientOptions(undefined));
    this.#ws.binaryType = 'nodebuffer';
    this.#ws.on('open', () => {
      o.counters.connected++;
      const instance = `sim-${o.pid}-${o.index}`;
      this.#send(wire.hello({ workerId: `sim-${o.index}`, instance, host: 'bench-sim', pid: o.pid, cpus: 1, version: o.version }));
      this.#statusTimer = setInterval(() => this.#send(wire.status({ cpuPercent: 50, rssBytes: 100 * 2 ** 20, loopLagMs: 1 })), 1000);
    });
    this.#ws.on('message', (data: Buffer) => this.#onMessage(wire.decodeMasterMessage(data)));
    this.#ws.on('error', () => undefined);
    this.#ws.on('close', (code: number) => {
      this.#clearTimers();
      if (code !== 1000 && code !== wire.CloseCode.MASTER_QUIT) o.counters.refused++;
      o.counters.closed++;
    });
  }

  close(): void {
    this.#clearTimers();
    if (this.#ws.readyState === WebSocket.OPEN) this.#ws.close(1000, 'bench over');
    else this.#ws.terminate();
  }

  #send(msg: wire.WorkerMessage): void {
    if (this.#ws.readyState === WebSocket.OPEN) this.#ws.send(wire.encode(msg), { binary: true });
  }

  #onMessage(msg: MasterMessage): void {
    switch (msg.t) {
      case MasterTag.welcome:
        for (let i = 0; i < wire.CLOCK_SYNC_SAMPLES; i++) this.#send(wire.clockRequest(i, Date.now()));
        return;
      case MasterTag.clockReply:
        return;
      case MasterTag.bundle:
        this.#send(wire.ready(msg.hash));
        this.#o.counters.ready++;
        return;
      case MasterTag.plan:
        this.#plan(msg);
        return;
      case MasterTag.ack: {
        const at = this.#sentAt.get(msg.seq);
        if (at === undefined) return;
        this.#sentAt.delete(msg.seq);
        this.#o.counters.acked++;
        this.#o.counters.ackMs.push(performance.now() - at);
        return;
      }
      case MasterTag.stop:
        this.#clearTimers();
        if (this.#runId !== '') this.#report(true);
        this.#send(wire.stopped());
        return;
      case MasterTag.quit:
        this.close();
        return;
      default:
        wire.assertNever(msg);
    }
  }

  #plan(plan: PlanMessage): void {
    this.#users = plan.users;
    if (plan.runId === this.#runId) return;
    this.#runId = plan.runId;
    this.#startTimer = setTimeout(() => {
      this.#intervalStart = Date.now();
      this.#send(wire.started(plan.runId, this.#intervalStart));
      this.#o.counters.started++;
      this.#reportTimer = setInterval(() => this.#report(false), 1000);
    }, Math.max(0, plan.startAt - Date.now()));
  }

  #report(final: boolean): void {
    const pool = this.#o.pool;
    const base = pool[(this.#o.index + this.#seq) % pool.length];
    if (base === undefined) return;
    const start = this.#intervalStart;
    const end = Math.max(Date.now(), start + 1);
    this.#intervalStart = end;
    const errors = base.errors.map((e) => ({ ...e, firstSeen: start + e.firstSeen, lastSeen: start + e.lastSeen }));
    const seq = ++this.#seq;
    this.#sentAt.set(seq, performance.now());
    this.#o.counters.sent++;
    this.#send(wire.report({ seq, users: this.#users, snapshot: { ...base, start, end, errors }, final, dropped: 0 }));
  }

  #clearTimers(): void {
    if (this.#startTimer) clearTimeout(this.#startTimer);
    if (this.#reportTimer) clearInterval(this.#reportTimer);
    if (this.#statusTimer) clearInterval(this.#statusTimer);
    this.#startTimer = this.#reportTimer = this.#statusTimer = null;
  }
}
