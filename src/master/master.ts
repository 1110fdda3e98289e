import type { IncomingMessage } from 'node:http';
import type { WebSocket } from 'ws';
import type { Logger } from '../logger.js';
import { Aggregator, DEFAULT_MAX_ENDPOINTS, type IntervalSnapshot } from '../stats/index.js';
import type { StatsView } from '../stats/view.js';
import * as wire from '../protocol/index.js';
import { CloseCode, WorkerTag, type WorkerMessage } from '../protocol/index.js';
import { WorkerPeer } from './peer.js';
import type { WorkerEntry } from './worker-entry.js';
import { WorkerRegistry } from './registry.js';
import { Planner } from './planner.js';
import { livenessChange } from './liveness.js';
import { canMove, type RunState } from './run-state.js';
import { acceptHello, greet } from './handshake.js';
import { LogLimiter } from './log-limiter.js';
import { lostReports } from './lost-reports.js';
import { Listeners } from './listeners.js';
import { ReportIntake } from './report-intake.js';
import { waitForReady } from './wait-ready.js';
import { quitWorkers, StopBarrier } from './worker-exit.js';
import type { AbortReason, MasterOptions, RunTarget } from './master-types.js';

export type { AbortReason, MasterOptions, RunTarget } from './master-types.js';

/** Time between the plan being sent and the synchronized start. */
const START_DELAY_MS = 250;
/** A worker that closes with 1000 is leaving on purpose (SIGTERM, quit). */
const NORMAL_CLOSURE = 1000;
/** Time a new connection has to say hello. */
const HELLO_TIMEOUT_MS = 10_000;

/**
 * The master: owns the worker registry, the run state machine, dispatch and aggregation.
 * It never runs users. Sockets come in through attach(); everything else is method calls.
 */
export class Master {
  readonly aggregator: Aggregator;
  readonly workers: ReadonlyMap<string, WorkerEntry>;
  #registry: WorkerRegistry;
  #o: MasterOptions;
  #log: Logger;
  #state: RunState = 'waiting';
  #target: RunTarget | null = null;
  #runId = '';
  #runStartedAt: number | null = null;
  #planner: Planner;
  #ticker: NodeJS.Timeout;
  #tickCount = 0;
  readonly #aborts = new Listeners<AbortReason>();
  readonly #beforeReset = new Listeners<IntervalSnapshot>();
  readonly #changes = new Listeners<void>();
  readonly #stopped = new StopBarrier();
  #lostWorkers: string[] = [];
  #droppedArrivals = 0;
  #limiter: LogLimiter;
  #intake: ReportIntake;
  /** lostReports() at the start of the current run. */
  #lostBaseline = 0;

  constructor(options: MasterOptions) {
    this.#o = options;
    this.#log = options.logger;
    const maxEndpoints = options.maxEndpoints ?? DEFAULT_MAX_ENDPOINTS;
    this.aggregator = new Aggregator({ maxEndpoints });
    this.#limiter = new LogLimiter({ clock: options.clock });
    this.#intake = new ReportIntake({
      aggregator: this.aggregator,
      clock: options.clock,
      logger: options.logger,
      limiter: this.#limiter,
      onBeforeReset: (snapshot) => this.#beforeReset.emit(snapshot),
    });
    this.#registry = new WorkerRegistry(options.logger);
    this.#planner = new Planner({ ...options, maxEndpoints });
    this.workers = this.#registry.byId;
    this.#ticker = setInterval(() => this.#tick(), 500);
    this.#ticker.unref();
  }

  get state(): RunState {
    return this.#state;
  }

  get target(): RunTarget | null {
    return this.#target;
  }

  get runStartedAt(): number | null {
    return this.#runStartedAt;
  }

  /** Open model: arrivals the workers dropped because no user was free under the cap. */
  get droppedArrivals(): number {
    return this.#droppedArrivals;
  }

  /**
   * Interval reports of the current run that never reached the master and never will: seq gaps,
   * reports workers dropped from a full buffer, and the interval under way of each worker that was
   * lost (or still silent at the end). See lost-reports.ts and docs/guarantees.md.
   */
  get lostReports(): number {
    return Math.max(0, lostReports(this.workers.values(), this.#state === 'stopped') - this.#lostBaseline);
  }

  /** Ids of the workers that were lost during this master's life, in order. */
  get lostWorkers(): readonly string[] {
    return this.#lostWorkers;
  }

  /**
   * Called with each report that arrived after a reset of the statistics but covers an interval
   * before it (the aggregator leaves it out of the final statistics; the HDR log still wants it).
   */
  onReportBeforeReset(fn: (snapshot: IntervalSnapshot) => void): () => void {
    return this.#beforeReset.add(fn);
  }

  onAbort(fn: (r: AbortReason) => void): () => void {
    return this.#aborts.add(fn);
  }

  /** Called whenever worker states or the run state change (for waiters and UIs). */
  onChange(fn: () => void): () => void {
    return this.#changes.add(fn);
  }

  /** Workers that loaded the bundle and can take users. */
  readyWorkers(): WorkerEntry[] {
    return this.#registry.ready();
  }

  /** Users running now, as the workers last reported them (a lost worker's count none). */
  get runningUsers(): number {
    let n = 0;
    for (const w of this.workers.values()) if (w.state !== 'lost') n += w.totalUsers;
    return n;
  }

  /** The master's clock (epoch ms): the one runStartedAt and view().now are measured on. */
  now(): number {
    return this.#o.clock.now();
  }

  view(): StatsView {
    return this.aggregator.view(this.#o.clock.now());
  }

  /** Start skew: spread of the workers' actual start times, in ms (null before any start). */
  startSkewMs(): number | null {
    return this.#registry.startSkewMs();
  }

  attach(ws: WebSocket, req: IncomingMessage): void {
    const remote = `${req.socket.remoteAddress ?? '?'}:${req.socket.remotePort ?? '?'}`;
    const peer = new WorkerPeer(ws, remote, this.#o.clock.now(), this.#log, this.#limiter);
    let entry: WorkerEntry | null = null;
    const helloTimer = setTimeout(() => peer.close(CloseCode.UNEXPECTED_MESSAGE, 'no hello within 10 s'), HELLO_TIMEOUT_MS);
    helloTimer.unref();
    peer.onMessage((msg) => {
      if (entry === null) {
        clearTimeout(helloTimer);
        entry = this.#hello(peer, msg);
        return;
      }
      this.#handle(entry, peer, msg);
    });
    peer.onClose((code, reason) => {
      clearTimeout(helloTimer);
      if (entry !== null && entry.peer === peer) this.#disconnected(entry, code, reason);
    });
  }

  /** Waits until `n` workers are ready; resolves false when `maxWaitMs` passes first. */
  waitForWorkers(n: number, maxWaitMs: number | undefined): Promise<boolean> {
    return waitForReady(this, n, maxWaitMs);
  }

  /** Starts a run (or retargets the running one) across the ready workers. */
  start(target: RunTarget): void {
    const fresh = this.#state === 'waiting' || this.#state === 'stopped';
    this.#target = target;
    if (fresh) {
      this.#runId = `run-${Date.now().toString(36)}`;
      this.#runStartedAt = this.#o.clock.now() + START_DELAY_MS;
      for (const w of this.workers.values()) {
        w.planned = false;
        w.startedAt = null;
        w.reportsDue = false;
      }
      this.#lostBaseline = lostReports(this.workers.values(), false);
      this.#planner.reset();
      this.#droppedArrivals = 0;
    }
    this.#move('spawning');
    this.#redispatch();
  }

  /** Stops every worker's users and waits for their final reports. */
  async stop(): Promise<void> {
    if (this.#state === 'stopped' || this.#state === 'waiting') {
      this.#move('stopped');
      return;
    }
    this.#move('stopping');
    const waits: Promise<void>[] = [];
    for (const w of this.workers.values()) {
      if (w.peer === null || !w.peer.open || !w.planned) continue;
      waits.push(this.#stopped.expect(w.id));
      w.peer.send(wire.stop());
    }
    const limit = this.#o.stopTimeoutMs + 10_000;
    await Promise.race([Promise.all(waits), new Promise((r) => setTimeout(r, limit).unref())]);
    this.#stopped.clear();
    // `target` is kept: it is what each worker ran, for the summary (a new run replaces it).
    for (const w of this.workers.values()) {
      w.planned = false;
      if (w.state === 'spawning' || w.state === 'running') w.state = 'ready';
    }
    this.#move('stopped');
  }

  /** Tells every worker to exit and closes their connections. */
  async quit(): Promise<void> {
    clearInterval(this.#ticker);
    await quitWorkers(this.workers.values());
  }

  #hello(peer: WorkerPeer, msg: WorkerMessage): WorkerEntry | null {
    const verdict = acceptHello(msg, this.workers);
    if (verdict.kind === 'refuse') {
      this.#limiter.log(this.#log, 'warn', `refused-hello:${verdict.code}`, { remote: peer.remote, code: verdict.code, why: verdict.reason }, 'refused a worker');
      peer.close(verdict.code, verdict.reason);
      return null;
    }
    const entry = this.#registry.register(peer, verdict.hello, verdict.kind === 'rejoin');
    greet(peer, entry, { reportIntervalMs: this.#o.reportIntervalMs, masterTime: this.#o.clock.now(), bundle: this.#o.bundle });
    this.#changed();
    return entry;
  }

  #handle(entry: WorkerEntry, peer: WorkerPeer, msg: WorkerMessage): void {
    switch (msg.t) {
      case WorkerTag.hello:
        this.#unexpected(peer, 'hello was already received on this connection');
        return;
      case WorkerTag.clockRequest:
        peer.send(wire.clockReply(msg, this.#o.clock.now()));
        return;
      case WorkerTag.ready:
        this.#ready(entry, msg.hash, msg.error);
        return;
      case WorkerTag.report:
        if (!entry.bundleLoaded) {
          this.#unexpected(peer, 'a report before this worker process loaded the bundle (ready)');
          return;
        }
        if (!this.#intake.take(entry, peer, msg, this.#target?.open !== undefined)) return;
        this.#droppedArrivals += msg.snapshot.dropped ?? 0;
        if (this.#state === 'spawning' && this.#allAtTarget()) {
          this.#move('running');
          this.#log.info({ users: this.#target?.users }, 'all users spawned');
        }
        return;
      case WorkerTag.status:
        entry.cpuPercent = msg.cpuPercent;
        entry.rssBytes = msg.rssBytes;
        entry.loopLagMs = msg.loopLagMs;
        return;
      case WorkerTag.started:
        if (msg.runId === this.#runId && entry.startedAt === null) entry.startedAt = msg.at;
        return;
      case WorkerTag.stopped:
        entry.users = {};
        this.#stopped.arrived(entry.id);
        return;
      default:
        wire.assertNever(msg);
    }
  }

  /** A valid message in the wrong state: 4003, logged once per window. */
  #unexpected(peer: WorkerPeer, why: string): void {
    this.#limiter.log(this.#log, 'warn', `refused-message:${CloseCode.UNEXPECTED_MESSAGE}`, { remote: peer.remote, why }, 'closing a worker connection: unexpected message');
    peer.close(CloseCode.UNEXPECTED_MESSAGE, why);
  }

  #ready(entry: WorkerEntry, hash: string, error: { code: string; message: string } | undefined): void {
    if (error !== undefined || hash !== this.#o.bundle.hash) {
      const message = error
        ? `worker ${entry.id} could not load the loadfile: ${error.message}`
        : `worker ${entry.id} loaded a bundle with hash ${hash}, expected ${this.#o.bundle.hash}`;
      this.#log.error({ worker: entry.id }, message);
      this.#aborts.emit({ kind: 'worker-load', message });
      return;
    }
    entry.bundleLoaded = true;
    if (entry.state === 'connecting') entry.state = 'ready';
    this.#changed();
    if ((this.#state === 'spawning' || this.#state === 'running') && !entry.planned) this.#redispatch();
  }

  #allAtTarget(): boolean {
    const planned = [...this.workers.values()].filter((w) => w.planned && w.active);
    if (planned.length === 0) return false;
    return planned.every((w) => w.totalUsers === w.totalTarget);
  }

  #redispatch(): void {
    const target = this.#target;
    if (target === null) return;
    const ready = this.readyWorkers();
    if (ready.length === 0) return;
    const now = this.#o.clock.now();
    const open = this.#planner.apply({ target, ready, runId: this.#runId, runStartedAt: this.#runStartedAt ?? now, now });
    if (open) this.#move('running');
    else if (this.#state === 'running' && !this.#allAtTarget()) this.#move('spawning');
    this.#changed();
  }

  #disconnected(entry: WorkerEntry, code: number, reason: string): void {
    // Silence is counted from the last frame of the dropped connection, not from the last report.
    entry.lastSeen = Math.max(entry.lastSeen, entry.peer?.lastSeen ?? 0);
    entry.peer = null;
    if (code === NORMAL_CLOSURE || entry.state === 'connecting') {
      this.#log.info({ worker: entry.id, code, reason }, 'worker left');
      this.#lose(entry, 'left');
      return;
    }
    this.#log.warn({ worker: entry.id, code, reason }, 'worker connection closed; waiting for it to reconnect');
    entry.markMissing();
    this.#changed();
  }

  #tick(): void {
    this.#tickCount += 1;
    const now = this.#o.clock.now();
    for (const w of this.workers.values()) {
      if (this.#tickCount % 2 === 0) w.peer?.ping();
      const lastSeen = w.peer?.lastSeen ?? w.lastSeen;
      const change = livenessChange(w.state, Math.max(lastSeen, w.lastReportAt), now, this.#o.heartbeatTimeoutMs);
      if (change === 'missing') {
        w.markMissing();
        this.#log.warn({ worker: w.id }, 'worker is missing (no heartbeat for 3 s)');
        this.#changed();
      } else if (change === 'lost') {
        this.#lose(w, 'heartbeat timeout', (peer) => peer.close(CloseCode.HEARTBEAT_TIMEOUT, 'no heartbeat within the heartbeat timeout'));
      }
    }
  }

  /**
   * A worker process this master started (a standalone run's --processes) exited on its own: it is
   * lost now, not after the heartbeat timeout, and --on-worker-loss applies. `detail` says how it
   * exited ("exit code 1", "signal SIGKILL").
   */
  workerProcessExited(id: string, detail: string): void {
    const entry = this.workers.get(id);
    if (entry === undefined || entry.state === 'lost') return;
    this.#lose(entry, `its process exited (${detail})`, (peer) => peer.terminate());
  }

  /** The worker is lost (`why`); a connection it still has is detached, then ended by `end`. */
  #lose(entry: WorkerEntry, why: string, end?: (peer: WorkerPeer) => void): void {
    const peer = entry.peer;
    entry.peer = null;
    if (peer !== null) end?.(peer);
    const hadUsers = entry.planned;
    entry.state = 'lost';
    entry.planned = false;
    entry.users = {};
    entry.target = {};
    this.#stopped.arrived(entry.id);
    if (why !== 'left') this.#lostWorkers.push(entry.id);
    this.#log.warn({ worker: entry.id, why, policy: this.#o.onWorkerLoss }, 'worker lost');
    this.#changed();
    const running = this.#state === 'spawning' || this.#state === 'running';
    if (!running || !hadUsers) return;
    if (this.#o.onWorkerLoss === 'abort' && why !== 'left') {
      this.#aborts.emit({ kind: 'worker-lost', message: `worker ${entry.id} was lost (${why}) and --on-worker-loss is abort` });
    } else if (this.#o.onWorkerLoss === 'rebalance' || why === 'left') {
      this.#redispatch();
    }
  }

  #move(to: RunState): void {
    if (this.#state === to) return;
    if (!canMove(this.#state, to)) {
      this.#log.debug({ from: this.#state, to }, 'ignored run state change');
      return;
    }
    this.#state = to;
    this.#changed();
  }

  #changed(): void {
    this.#changes.emit();
  }
}

