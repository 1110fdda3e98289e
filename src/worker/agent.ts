import { createHash } from 'node:crypto';
import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import { codeOf, type StampedeError } from '../errors.js';
import * as wire from '../protocol/index.js';
import { CLOCK_SYNC_SAMPLES, MAX_UNACKED_REPORTS, MasterTag, type MasterMessage, type PlanMessage, type ReportMessage } from '../protocol/index.js';
import { loadBundle, type LoadedLoadfile } from '../scenario/index.js';
import { IntervalRecorder, type IntervalSnapshot } from '../stats/index.js';
import { Runner } from './runtime/index.js';
import { MasterConnection } from './connection.js';
import { ClockSync } from './clock-sync.js';
import { Outbox } from './outbox.js';
import { splitTooLarge } from './report-split.js';
import { StatusSampler } from './status-sampler.js';

export interface AgentOptions {
  url: string;
  token: string | undefined;
  workerId: string;
  host: string;
  pid: number;
  cpus: number;
  version: string;
  logger: Logger;
  clock: Clock;
  connectTimeoutMs: number;
  /** CA certificate(s) (PEM) that the master's TLS certificate must chain to (`--master-ca`); default Node's store. */
  ca?: string | Buffer;
}

interface ActiveRun {
  id: string;
  runner: Runner;
  recorder: IntervalRecorder;
  reportTimer: NodeJS.Timeout | null;
  startTimer: NodeJS.Timeout | null;
}

/**
 * A worker: loads the bundle the master sends, runs its share of users, reports every interval
 * with a seq and keeps each report until acked. It never computes global statistics.
 */
export class WorkerAgent {
  #o: AgentOptions;
  #log: Logger;
  #conn: MasterConnection;
  #instance = createHash('sha256').update(`${Date.now()}-${Math.random()}`).digest('hex').slice(0, 16);
  #sync = new ClockSync();
  #outbox = new Outbox<ReportMessage>(MAX_UNACKED_REPORTS);
  #status = new StatusSampler();
  #statusTimer: NodeJS.Timeout | null = null;
  #seq = 0;
  #reportIntervalMs = 1000;
  #loaded: { hash: string; file: LoadedLoadfile } | null = null;
  #run: ActiveRun | null = null;
  #done!: (code: number) => void;
  #finished: Promise<number>;
  #leaving = false;

  constructor(options: AgentOptions) {
    this.#o = options;
    this.#log = options.logger;
    this.#finished = new Promise((resolve) => (this.#done = resolve));
    this.#conn = new MasterConnection({
      url: options.url,
      token: options.token,
      logger: options.logger,
      connectTimeoutMs: options.connectTimeoutMs,
      silenceTimeoutMs: 10_000,
      ...(options.ca === undefined ? {} : { ca: options.ca }),
      onOpen: () => this.#onOpen(),
      onMessage: (msg) => this.#onMessage(msg),
      onFatal: (err) => this.#fatal(err),
    });
  }

  /** Master time now (local clock corrected by the measured offset). */
  masterNow(): number {
    return this.#o.clock.now() + this.#sync.offsetMs;
  }

  /** Runs until the master says quit (0), or a fatal error (its exit code via onFatal). */
  run(): Promise<number> {
    this.#conn.start();
    this.#statusTimer = setInterval(() => this.#conn.send(wire.status(this.#status.sample())), 1000);
    return this.#finished;
  }

  /** Graceful leave (SIGTERM): stop users, flush the final report, wait for acks, exit 0. */
  async leave(): Promise<void> {
    if (this.#leaving) return;
    this.#leaving = true;
    await this.#stopRun();
    await this.#flush(5000);
    await this.#shutdown(0);
  }

  #onOpen(): void {
    this.#conn.send(wire.hello({
      workerId: this.#o.workerId,
      instance: this.#instance,
      host: this.#o.host,
      pid: this.#o.pid,
      cpus: this.#o.cpus,
      version: this.#o.version,
    }));
  }

  #onMessage(msg: MasterMessage): void {
    switch (msg.t) {
      case MasterTag.welcome:
        this.#reportIntervalMs = msg.reportIntervalMs;
        this.#sync.reset();
        for (let i = 0; i < CLOCK_SYNC_SAMPLES; i++) this.#conn.send(wire.clockRequest(i, this.#o.clock.now()));
        if (this.#loaded !== null) this.#conn.send(wire.ready(this.#loaded.hash));
        for (const report of this.#outbox.pending()) this.#conn.send(report);
        return;
      case MasterTag.clockReply:
        this.#sync.add(msg.t0, msg.masterTime, this.#o.clock.now());
        return;
      case MasterTag.bundle:
        void this.#loadBundle(msg.code, msg.hash, msg.filename);
        return;
      case MasterTag.plan:
        this.#plan(msg);
        return;
      case MasterTag.ack:
        this.#outbox.ack(msg.seq);
        return;
      case MasterTag.stop:
        void this.#stopRun().then(() => this.#conn.send(wire.stopped()));
        return;
      case MasterTag.quit:
        void this.leave();
        return;
      default:
        wire.assertNever(msg);
    }
  }

  async #loadBundle(code: string, hash: string, filename: string): Promise<void> {
    if (this.#loaded?.hash === hash) {
      this.#conn.send(wire.ready(hash));
      return;
    }
    const actual = createHash('sha256').update(code).digest('hex');
    if (actual !== hash) {
      const message = `bundle hash mismatch: got ${actual}, the master announced ${hash}`;
      this.#conn.send(wire.ready(actual, { code: 'STAMPEDE_ERR_BUNDLE_HASH', message }));
      return;
    }
    try {
      const file = await loadBundle(code, filename);
      this.#loaded = { hash, file };
      this.#log.info({ filename, classes: file.classes.map((c) => c.name) }, 'loadfile bundle loaded');
      this.#conn.send(wire.ready(hash));
    } catch (err) {
      const message = (err as Error).message;
      this.#log.error({ err: message }, 'could not load the loadfile bundle');
      this.#conn.send(wire.ready(hash, { code: codeOf(err) ?? 'STAMPEDE_ERR_LOADFILE', message }));
    }
  }

  #plan(plan: PlanMessage): void {
    if (this.#loaded === null) {
      this.#log.error('got a plan before a bundle; ignoring it');
      return;
    }
    const run = this.#run;
    if (run !== null && run.id === plan.runId) {
      if (run.startTimer === null) this.#apply(run.runner, plan);
      else {
        clearTimeout(run.startTimer);
        run.startTimer = this.#scheduleStart(run, plan);
      }
      return;
    }
    if (run !== null) void this.#stopRun();
    const recorder = new IntervalRecorder({ clock: { now: () => this.masterNow() }, maxEndpoints: plan.options.maxEndpoints, mapTraceback: this.#loaded.file.mapStack });
    let runner: Runner;
    try {
      runner = this.#runner(plan, recorder);
    } catch (err) {
      const message = `could not start the plan: ${(err as Error).message}`;
      this.#log.error(message);
      this.#conn.send(wire.ready(this.#loaded.hash, { code: codeOf(err) ?? 'STAMPEDE_ERR_INTERNAL', message }));
      return;
    }
    const next: ActiveRun = { id: plan.runId, runner, recorder, reportTimer: null, startTimer: null };
    next.startTimer = this.#scheduleStart(next, plan);
    this.#run = next;
  }

  #runner(plan: PlanMessage, recorder: IntervalRecorder): Runner {
    if (this.#loaded === null) throw new Error('no bundle loaded');
    return new Runner({
      classes: this.#loaded.file.classes,
      host: plan.host,
      recorder,
      clock: this.#o.clock,
      logger: this.#log,
      tags: plan.options.tags,
      excludeTags: plan.options.excludeTags,
      stopTimeoutMs: plan.options.stopTimeoutMs,
    });
  }

  #scheduleStart(run: ActiveRun, plan: PlanMessage): NodeJS.Timeout {
    const delay = Math.max(0, plan.startAt - this.masterNow());
    return setTimeout(() => {
      run.startTimer = null;
      const at = this.masterNow();
      run.recorder.take(at);
      this.#apply(run.runner, plan);
      this.#conn.send(wire.started(run.id, at));
      run.reportTimer = setInterval(() => this.#report(run, false), this.#reportIntervalMs);
    }, delay);
  }

  /** Closed model: ramp to the user counts; open model: run this worker's stripe of the arrival schedule. */
  #apply(runner: Runner, plan: PlanMessage): void {
    const open = plan.open;
    if (open === undefined) {
      runner.setTarget(plan.users, plan.spawnRate);
      return;
    }
    runner.setOpenPlan({
      t0: open.t0 - this.#sync.offsetMs,
      schedule: { startRate: open.startRate, stages: open.stages },
      fromArrival: open.fromArrival,
      stripeIndex: open.stripeIndex,
      stripeCount: open.stripeCount,
      maxUsers: open.maxUsers,
    });
  }

  /**
   * Reports the interval that ends now. One too large for a frame is sent as several reports over
   * the same interval (see report-split.ts); only the last of a final interval is marked final.
   */
  #report(run: ActiveRun, final: boolean): void {
    const snapshot = run.recorder.take(this.masterNow());
    const users = run.runner.users();
    const dropped = this.#outbox.dropped;
    const build = (part: IntervalSnapshot, seq: number, last: boolean): ReportMessage => wire.report({ seq, users, snapshot: part, final: final && last, dropped });
    const whole = build(snapshot, this.#seq + 1, true);
    const frame = wire.encodeIfFits(whole);
    if (frame !== null) {
      // The usual case: one report, encoded once.
      this.#seq++;
      this.#outbox.push(whole);
      this.#conn.send(whole, frame);
      return;
    }
    const parts = splitTooLarge(snapshot, (part) => wire.encodeIfFits(build(part, this.#seq + 1, true)) !== null);
    this.#log.warn({ parts: parts.length, entries: snapshot.entries.length, errors: snapshot.errors.length, exceptions: snapshot.exceptions.length }, 'an interval report was too large for one frame; sent in parts');
    for (const [i, part] of parts.entries()) {
      const report = build(part, ++this.#seq, i === parts.length - 1);
      this.#outbox.push(report);
      this.#conn.send(report);
    }
  }

  async #stopRun(): Promise<void> {
    const run = this.#run;
    if (run === null) return;
    this.#run = null;
    if (run.startTimer) clearTimeout(run.startTimer);
    if (run.reportTimer) clearInterval(run.reportTimer);
    await run.runner.stop();
    this.#report(run, true);
  }

  /** Waits until every report is acked (or the time is up, or the link is down). */
  async #flush(limitMs: number): Promise<void> {
    const until = Date.now() + limitMs;
    while (this.#outbox.size > 0 && this.#conn.connected && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 20));
    }
    if (this.#outbox.size > 0) this.#log.warn({ unacked: this.#outbox.size }, 'leaving with reports the master has not acked');
  }

  async #shutdown(code: number): Promise<void> {
    if (this.#statusTimer) clearInterval(this.#statusTimer);
    this.#status.close();
    await this.#conn.close();
    this.#done(code);
  }

  #fatal(err: StampedeError): void {
    this.#log.error({ code: err.code }, err.message);
    void this.#stopRun().finally(() => void this.#shutdown(err.code === 'STAMPEDE_ERR_MASTER_UNREACHABLE' ? 4 : 2));
  }
}
