import type { Logger } from '../logger.js';
import { History, sampleOf } from '../master/history.js';
import type { Master } from '../master/master.js';
import { formatThresholdReport, thresholdData, ThresholdMonitor, evaluate, type Threshold, type ThresholdResult } from '../master/thresholds/index.js';
import { CsvWriter } from '../report/csv-writer.js';
import { HdrLogWriter, type HistogramSource } from '../report/hdr-log-writer.js';
import { writeHtmlReport } from '../report/html.js';
import { buildJsonSummary, formatStatsTable, formatSummary, writeJson, type JsonSummary, type RunInfo, type WorkerRow } from '../report/index.js';
import type { StatsView } from '../stats/view.js';
import type { CliIo } from './io.js';
import type { Options } from './options.js';

/** The reports tick every second; the console table is printed every second tick (2 s, as Locust). */
const TICK_MS = 1000;
const TABLE_EVERY_TICKS = 2;

export interface ReporterOptions {
  io: CliIo;
  master: Master;
  options: Options;
  host: string;
  logger: Logger;
  /** From --threshold and the loadfile, already parsed. */
  thresholds?: readonly Threshold[];
  /** Called once when an abortOnFail threshold is crossed (the run should stop with exit 3). */
  onThresholdAbort?: (message: string) => void;
  /** How the load is shaped (the JSON's run.loadShape). */
  loadShape?: string;
}

/**
 * The CLI's reporter. While the run goes, every second: the time series, the CSV files, the
 * HdrHistogram log and the thresholds (abortOnFail stops the run); every 2 s the console table.
 * --reset-stats and --warmup reset the merged statistics. At the end: the console summary and the
 * thresholds, then the JSON, HTML, CSV and HDR files.
 */
export class ConsoleReporter {
  #o: ReporterOptions;
  #timer: NodeJS.Timeout | null = null;
  #ticks = 0;
  #warmupTimer: NodeJS.Timeout | null = null;
  #offChange: (() => void) | null = null;
  /** Stops feeding the HDR log the reports that predate a reset. */
  #offLate: (() => void) | null = null;
  readonly #history = new History();
  readonly #monitor: ThresholdMonitor;
  #final: ThresholdResult[] = [];
  #csv: CsvWriter | null = null;
  #hdr: HdrLogWriter | null = null;
  #warned = false;

  constructor(o: ReporterOptions) {
    this.#o = o;
    this.#monitor = new ThresholdMonitor(o.thresholds ?? []);
  }

  /** The run's time series (one point a second), for other views of the run such as the HTTP API. */
  get history(): History {
    return this.#history;
  }

  /** Whether the run has any threshold (from --threshold or the loadfile). */
  get hasThresholds(): boolean {
    return this.#monitor.thresholds.length > 0;
  }

  /** The thresholds' latest results: the final ones after thresholdsPassed(), else the last check's. */
  get thresholdResults(): readonly ThresholdResult[] {
    return this.#final.length > 0 ? this.#final : this.#monitor.results;
  }

  /** Opens the report files and starts the ticks. Call right after master.start(). */
  async start(): Promise<void> {
    const { options, master, io } = this.#o;
    const base = master.runStartedAt ?? master.now();
    if (options.csv !== undefined) {
      this.#csv = new CsvWriter({ prefix: options.csv, fullHistory: options.csvFullHistory });
      await this.#csv.open();
    }
    if (options.hdrLog !== undefined) {
      const hdr = new HdrLogWriter({ path: options.hdrLog, baseMs: base, version: io.version });
      await hdr.open();
      this.#hdr = hdr;
      this.#offLate = master.onReportBeforeReset((snapshot) => hdr.late(snapshot));
    }
    this.#scheduleResets(base);
    this.#timer = setInterval(() => this.#tick(), TICK_MS);
    this.#timer.unref();
  }

  stopPeriodic(): void {
    if (this.#timer) clearInterval(this.#timer);
    if (this.#warmupTimer) clearTimeout(this.#warmupTimer);
    this.#offChange?.();
    this.#timer = null;
    this.#warmupTimer = null;
    this.#offChange = null;
  }

  /** Tables go to stdout, or to stderr when stdout carries the JSON summary (--json - or --json-stdout). */
  #tables(): NodeJS.WritableStream {
    const { json, jsonStdout } = this.#o.options;
    return json === '-' || jsonStdout ? this.#o.io.stderr : this.#o.io.stdout;
  }

  #source(view: StatsView): HistogramSource {
    const aggregator = this.#o.master.aggregator;
    return { endpoints: view.endpoints, histogramOf: (m, n) => aggregator.histogramOf(m, n) };
  }

  #tick(): void {
    const { master, logger } = this.#o;
    const view = master.view();
    const users = this.#o.master.runningUsers;
    this.#history.add(sampleOf(view, users));
    this.#csv?.tick(view, users);
    this.#hdr?.tick(view.now, this.#source(view));
    const failed = this.#csv?.error ?? this.#hdr?.error ?? null;
    if (failed !== null && !this.#warned) {
      this.#warned = true;
      logger.warn({ err: failed.message }, 'a report file could not be written; the run goes on');
    }
    if (this.#monitor.thresholds.length > 0) {
      const abort = this.#monitor.check(thresholdData(view, (m, n) => master.aggregator.histogramOf(m, n)), view.now - (master.runStartedAt ?? view.now));
      if (abort !== null) this.#o.onThresholdAbort?.(abort.message);
    }
    // The table reads the same view as the rest of the tick: building a view merges every endpoint.
    if (!this.#o.options.onlySummary && ++this.#ticks % TABLE_EVERY_TICKS === 0) this.#tables().write(`${formatStatsTable(view, { current: true })}\n`);
  }

  /** --warmup: reset when it has passed since the start; --reset-stats: reset when every user runs. */
  #scheduleResets(base: number): void {
    const { options, master } = this.#o;
    if (options.warmup !== undefined && options.warmup > 0) {
      // Measured on master.now() (the clock of runStartedAt and view().now), not Date.now():
      // the two drift apart, and a timer may fire a little early; then it waits for the rest.
      const end = base + options.warmup;
      const arm = (): void => {
        const left = end - master.now();
        if (left > 0) {
          this.#warmupTimer = setTimeout(arm, Math.ceil(left));
          this.#warmupTimer.unref();
          return;
        }
        this.#warmupTimer = null;
        this.#reset('the warm-up is over');
      };
      arm();
    }
    if (options.resetStats) {
      const check = (): void => {
        if (master.state !== 'running' || this.#offChange === null) return;
        this.#offChange();
        this.#offChange = null;
        this.#reset('every user has started');
      };
      this.#offChange = master.onChange(check);
      check();
    }
  }

  /** Resets the merged statistics; the HDR log first gets the interval up to the reset. */
  #reset(why: string): void {
    const master = this.#o.master;
    const view = master.view();
    this.#hdr?.tick(view.now, this.#source(view));
    master.aggregator.reset(view.now);
    this.#hdr?.rebase();
    this.#o.logger.info({ requests: view.total.count }, `statistics reset: ${why}`);
  }

  /** Judges the thresholds on the final data (call after master.stop()); true when all passed and none aborted. */
  thresholdsPassed(): boolean {
    const master = this.#o.master;
    this.#final = evaluate(this.#monitor.thresholds, thresholdData(master.view(), (m, n) => master.aggregator.histogramOf(m, n)));
    return this.#monitor.passed(this.#final);
  }

  workerRows(): WorkerRow[] {
    const now = this.#o.master.now();
    return [...this.#o.master.workers.values()].map((w) => ({
      id: w.id,
      host: w.host,
      state: w.state,
      users: w.totalUsers,
      rps: w.rps,
      cpuPercent: w.cpuPercent,
      loopLagMs: w.loopLagMs,
      lastReportAgeMs: w.lastReportAt > 0 ? now - w.lastReportAt : -1,
    }));
  }

  runInfo(exitCode: number): RunInfo {
    const { master, options } = this.#o;
    const target = master.target;
    const workers = [...master.workers.values()];
    const planned = workers.reduce((sum, w) => sum + w.totalTarget, 0);
    return {
      version: this.#o.io.version,
      startedAt: master.runStartedAt ?? master.now(),
      endedAt: master.now(),
      host: this.#o.host,
      users: target?.users ?? options.users,
      spawnRate: target?.spawnRate ?? options.spawnRate,
      runTimeS: options.runTime === undefined ? null : options.runTime / 1000,
      locustfile: options.locustfile ?? '',
      exitCode,
      workers: workers.map((w) => ({ id: w.id, host: w.host, state: w.state, users: { ...w.target }, ...(planned > 0 ? { share: w.totalTarget / planned } : {}) })),
      startSkewMs: master.startSkewMs(),
      lostReports: master.lostReports,
    };
  }

  /**
   * The final summary and thresholds on stdout (Locust layout), then the files asked for. Every
   * file is attempted; the first that could not be written is thrown afterwards.
   */
  async final(exitCode: number, abortReason: string | null = null, shapeOutcome: string | null = null): Promise<void> {
    this.stopPeriodic();
    const { master, options } = this.#o;
    const view = master.view();
    const users = this.#o.master.runningUsers;
    this.#history.add(sampleOf(view, users));
    const run = this.runInfo(exitCode);
    const showWorkers = options.master || options.processes > 1;
    this.#tables().write(`${formatSummary(view, run, showWorkers ? { workers: this.workerRows() } : {})}\n`);
    const lost = master.lostWorkers;
    if (lost.length > 0) this.#tables().write(`Lost workers: ${lost.join(', ')}\n`);
    if (master.target?.open !== undefined) this.#tables().write(`Dropped arrivals: ${master.droppedArrivals} (no free user under --max-users ${master.target.open.maxUsers})\n`);
    if (shapeOutcome !== null) this.#tables().write(`${shapeOutcome}\n`);
    const thresholds = formatThresholdReport(this.#final, this.#monitor.abort?.message ?? null);
    if (thresholds !== '') this.#tables().write(thresholds);
    const summary = buildJsonSummary(view, run, {
      thresholds: this.#final,
      history: { stepS: this.#history.stepS, points: this.#history.points() },
      warmupMs: options.warmup ?? null,
      resetStats: options.resetStats,
      abortReason,
      loadShape: this.#o.loadShape ?? 'steady',
      shapeOutcome,
      droppedArrivals: master.droppedArrivals,
    });
    await this.#writeFiles(summary, view, users);
  }

  async #writeFiles(summary: JsonSummary, view: StatsView, users: number): Promise<void> {
    const { json, jsonStdout, html } = this.#o.options;
    // stdout first: if a file then cannot be written, the summary has been printed all the same.
    const targets = [...(jsonStdout && json !== '-' ? ['-'] : []), ...(json === undefined ? [] : [json])];
    const writes: (() => Promise<void>)[] = targets.map((target) => () => writeJson(target, summary, { stdout: this.#o.io.stdout }));
    if (html !== undefined) writes.push(() => writeHtmlReport(html, summary));
    const csv = this.#csv;
    if (csv !== null) writes.push(() => csv.close(view, users));
    const hdr = this.#hdr;
    if (hdr !== null) {
      writes.push(() => {
        this.#offLate?.();
        return hdr.close(view.now, this.#source(view));
      });
    }
    let first: unknown = null;
    for (const write of writes) {
      try {
        await write();
      } catch (err) {
        first ??= err;
      }
    }
    if (first !== null) throw first;
  }
}
