import type { Logger } from '../logger.js';
import type { Master } from '../master/master.js';
import { buildJsonSummary, formatStatsTable, formatSummary, writeJson, type RunInfo, type WorkerRow } from '../report/index.js';
import type { CliIo } from './io.js';
import type { Options } from './options.js';

const PERIOD_MS = 2000;

/** Prints the periodic table every 2 s and, at the end, the summary and the JSON file. */
export class ConsoleReporter {
  #o: { io: CliIo; master: Master; options: Options; host: string; logger: Logger };
  #timer: NodeJS.Timeout | null = null;

  constructor(o: { io: CliIo; master: Master; options: Options; host: string; logger: Logger }) {
    this.#o = o;
  }

  startPeriodic(): void {
    if (this.#o.options.onlySummary) return;
    this.#timer = setInterval(() => {
      const view = this.#o.master.view();
      this.#tables().write(`${formatStatsTable(view, { current: true })}\n`);
    }, PERIOD_MS);
    this.#timer.unref();
  }

  /** Tables go to stdout, or to stderr when stdout carries the JSON summary (--json - or --json-stdout). */
  #tables(): NodeJS.WritableStream {
    const { json, jsonStdout } = this.#o.options;
    return json === '-' || jsonStdout ? this.#o.io.stderr : this.#o.io.stdout;
  }

  stopPeriodic(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
  }

  workerRows(): WorkerRow[] {
    const now = Date.now();
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
    return {
      version: this.#o.io.version,
      startedAt: master.runStartedAt ?? Date.now(),
      endedAt: Date.now(),
      host: this.#o.host,
      users: target?.users ?? options.users,
      spawnRate: target?.spawnRate ?? options.spawnRate,
      runTimeS: options.runTime === undefined ? null : options.runTime / 1000,
      locustfile: options.locustfile ?? '',
      exitCode,
      workers: [...master.workers.values()].map((w) => ({ id: w.id, host: w.host, state: w.state, users: { ...w.target } })),
      startSkewMs: master.startSkewMs(),
    };
  }

  /** The final summary on stdout (Locust layout) and the JSON file when asked for. */
  async final(exitCode: number): Promise<void> {
    this.stopPeriodic();
    const view = this.#o.master.view();
    const run = this.runInfo(exitCode);
    const showWorkers = this.#o.options.master || this.#o.options.processes > 1;
    this.#tables().write(`${formatSummary(view, run, showWorkers ? { workers: this.workerRows() } : {})}\n`);
    const lost = this.#o.master.lostWorkers;
    if (lost.length > 0) this.#tables().write(`Lost workers: ${lost.join(', ')}\n`);
    const { json, jsonStdout } = this.#o.options;
    // stdout first: if the file then cannot be written, the summary has been printed all the same.
    const targets = [...(jsonStdout && json !== '-' ? ['-'] : []), ...(json === undefined ? [] : [json])];
    if (targets.length === 0) return;
    const summary = buildJsonSummary(view, run);
    for (const target of targets) await writeJson(target, summary, { stdout: this.#o.io.stdout });
  }
}
