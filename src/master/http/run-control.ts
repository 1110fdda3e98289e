/**
 * Steering the master from the web API: start a run, retarget the running one, stop, reset.
 *
 * - A new run (from `waiting` or `stopped`) takes the request's fields, then the defaults (the CLI
 *   flags), and starts with fresh statistics, as Locust's "New test" does.
 * - A request during a run retargets it: absent fields keep their current values. The host and the
 *   model (closed users or open arrival rate) cannot change mid-run (409).
 * - `runTime` counts from the run's start; the run stops when it has passed (also when a retarget
 *   sets a `runTime` the run has already passed). A run started without one goes on until stopped.
 */
import type { Logger } from '../../logger.js';
import type { Master } from '../master.js';
import type { RunTarget } from '../master-types.js';
import { retargetSchedule, switchAtMs, type OpenTarget } from '../open-split.js';
import { FOREVER_MS } from '../shapes/stages.js';
import { badFields, HttpError } from './reply.js';
import type { RunRequest } from './run-body.js';

export interface RunDefaults {
  host: string;
  users: number;
  spawnRate: number;
  runTimeMs: number | null;
}

export interface RunOutcome {
  /** True when a new run started, false when the running one was retargeted. */
  started: boolean;
  target: RunTarget;
  /** Epoch ms at which the run will be stopped, or null. */
  stopsAt: number | null;
}

export class RunControl {
  #master: Master;
  #log: Logger;
  #defaults: RunDefaults;
  #timer: NodeJS.Timeout | null = null;
  #stopsAt: number | null = null;
  #offChange: () => void;

  constructor(o: { master: Master; logger: Logger; defaults: RunDefaults }) {
    this.#master = o.master;
    this.#log = o.logger;
    this.#defaults = o.defaults;
    this.#offChange = o.master.onChange(() => {
      if (o.master.state === 'stopped' || o.master.state === 'waiting') this.#clearTimer();
    });
  }

  /** Epoch ms at which the API-started run will stop, or null. */
  get stopsAt(): number | null {
    return this.#stopsAt;
  }

  /** Starts a run or retargets the running one; throws HttpError 400/409. */
  run(req: RunRequest): RunOutcome {
    const m = this.#master;
    if (m.state === 'stopping') throw new HttpError(409, 'the run is stopping: wait until it has stopped (GET /api/stats shows "stopped"), then start again');
    if (m.readyWorkers().length === 0) throw new HttpError(409, 'no worker is ready: start workers (stampede --worker --master-host …) and wait until GET /api/workers shows them ready');
    const fresh = m.state === 'waiting' || m.state === 'stopped';
    const current = m.target;
    const target = fresh || current === null ? this.#fresh(req) : this.#retarget(req, current);
    const now = m.now();
    m.start(target);
    if (fresh) {
      m.aggregator.reset(m.runStartedAt ?? now);
      this.#clearTimer();
    }
    const runTimeMs = fresh ? target.runTimeMs : req.runTimeMs;
    if (runTimeMs !== undefined) this.#arm(runTimeMs, now);
    this.#log.info({ users: target.users, spawnRate: target.spawnRate, open: target.open !== undefined, fresh }, fresh ? 'run started from the web API' : 'run retargeted from the web API');
    return { started: fresh, target, stopsAt: this.#stopsAt };
  }

  /** Stops the run and resolves once the workers' final reports are in. */
  async stop(): Promise<void> {
    this.#clearTimer();
    await this.#master.stop();
  }

  /**
   * Forgets the statistics. During a run, rates count again from now; between runs, from the next
   * run's first report.
   */
  reset(): void {
    const s = this.#master.state;
    if (s === 'waiting' || s === 'stopped') this.#master.aggregator.reset();
    else this.#master.aggregator.reset(this.#master.now());
  }

  dispose(): void {
    this.#clearTimer();
    this.#offChange();
  }

  #fresh(req: RunRequest): RunTarget {
    const d = this.#defaults;
    const host = req.host ?? d.host;
    if (host === '') throw badFields([{ field: 'host', message: 'host is required: the master was started without -H, so give the target URL, e.g. "http://127.0.0.1:8000"' }]);
    const runTimeMs = req.runTimeMs === undefined ? d.runTimeMs : req.runTimeMs;
    const base = { users: req.users ?? d.users, spawnRate: req.spawnRate ?? d.spawnRate, host, runTimeMs, ...(req.classes ? { classes: req.classes } : {}) };
    if (req.arrivalRate === undefined) return base;
    if (req.maxUsers === undefined) throw badFields([{ field: 'maxUsers', message: 'maxUsers is required with arrivalRate: the cap on concurrent users across all workers' }]);
    const open: OpenTarget = { startRate: req.arrivalRate, stages: [{ durationMs: runTimeMs ?? FOREVER_MS, target: req.arrivalRate }], maxUsers: req.maxUsers };
    return { ...base, users: 0, open };
  }

  #retarget(req: RunRequest, current: RunTarget): RunTarget {
    if (req.host !== undefined && req.host !== current.host) {
      throw new HttpError(409, `host cannot change during a run (it is ${current.host}): stop the run, then start a new one with the new host`);
    }
    const open = current.open;
    if ((open === undefined) !== (req.arrivalRate === undefined)) {
      const now = open === undefined ? 'a user count (closed model)' : 'an arrival rate (open model)';
      throw new HttpError(409, `the run is driven by ${now} and cannot switch model: ${open === undefined ? 'send users, not arrivalRate' : 'send arrivalRate, not users'}, or stop and start a new run`);
    }
    const next: RunTarget = {
      ...current,
      users: req.users ?? current.users,
      spawnRate: req.spawnRate ?? current.spawnRate,
      ...(req.classes ? { classes: req.classes } : {}),
    };
    if (req.runTimeMs !== undefined) next.runTimeMs = req.runTimeMs;
    if (open !== undefined && req.arrivalRate !== undefined) {
      // The change takes effect at the split's switch-over point, so old and new schedules agree on
      // every arrival before it and the union over the workers stays exactly the schedule.
      const at = switchAtMs(this.#master.now(), this.#master.runStartedAt);
      const moved = retargetSchedule(open, at, req.arrivalRate, 0, FOREVER_MS);
      next.open = { ...moved, maxUsers: req.maxUsers ?? open.maxUsers };
    }
    return next;
  }

  #arm(runTimeMs: number | null, now: number): void {
    this.#clearTimer();
    if (runTimeMs === null) return;
    const start = this.#master.runStartedAt ?? now;
    this.#stopsAt = start + runTimeMs;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.#log.info({ runTimeMs }, 'run time is up: stopping the run');
      void this.stop().catch((err: unknown) => this.#log.error({ err }, 'stopping the run at its run time failed'));
    }, Math.max(0, this.#stopsAt - now));
    this.#timer.unref();
  }

  #clearTimer(): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
    this.#stopsAt = null;
  }
}
