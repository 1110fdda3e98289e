/**
 * Writes the four CSV files of `--csv PREFIX` while the run goes: `PREFIX_stats_history.csv` gets
 * its rows appended every second; `PREFIX_stats.csv`, `PREFIX_failures.csv` and
 * `PREFIX_exceptions.csv` are replaced every second (written to a temporary file, then renamed, so a
 * reader never sees half a file) and once more at the end.
 */
import { mkdir, open, rename, writeFile, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { StampedeError } from '../errors.js';
import type { StatsView } from '../stats/view.js';
import { exceptionsCsv, failuresCsv, historyHeader, historyRows, statsCsv } from './csv-format.js';

export interface CsvPaths {
  stats: string;
  history: string;
  failures: string;
  exceptions: string;
}

/** Locust's file names for a prefix: `results/run` → `results/run_stats.csv`, … */
export function csvPaths(prefix: string): CsvPaths {
  return {
    stats: `${prefix}_stats.csv`,
    history: `${prefix}_stats_history.csv`,
    failures: `${prefix}_failures.csv`,
    exceptions: `${prefix}_exceptions.csv`,
  };
}

function writeError(path: string, err: unknown): StampedeError {
  const reason = err instanceof Error ? err.message : String(err);
  return new StampedeError('STAMPEDE_ERR_REPORT_WRITE', `cannot write the CSV file "${path}" (${reason}); give --csv a prefix in a writable directory`, { cause: err });
}

async function replaceFile(path: string, text: string): Promise<void> {
  const tmp = `${path}.tmp`;
  try {
    await writeFile(tmp, text, 'utf8');
    await rename(tmp, path);
  } catch (err) {
    throw writeError(path, err);
  }
}

export class CsvWriter {
  readonly paths: CsvPaths;
  readonly #fullHistory: boolean;
  #history: FileHandle | null = null;
  #queue: Promise<void> = Promise.resolve();
  #busy = 0;
  #error: StampedeError | null = null;
  #lastTimestamp = Number.NEGATIVE_INFINITY;

  constructor(options: { prefix: string; fullHistory: boolean }) {
    this.paths = csvPaths(options.prefix);
    this.#fullHistory = options.fullHistory;
  }

  /** The first write that failed, if any (the run goes on; close() throws it). */
  get error(): StampedeError | null {
    return this.#error;
  }

  /** Creates the directory and the history file with its header (truncating old files). */
  async open(): Promise<void> {
    try {
      await mkdir(dirname(this.paths.history), { recursive: true });
      this.#history = await open(this.paths.history, 'w');
      await this.#history.write(historyHeader());
    } catch (err) {
      throw writeError(this.paths.history, err);
    }
  }

  /** One second of the run: appends its history rows and replaces the other three files. */
  tick(view: StatsView, users: number): void {
    const second = Math.floor(view.now / 1000);
    if (second <= this.#lastTimestamp) return;
    this.#lastTimestamp = second;
    const rows = historyRows(view, second, users, this.#fullHistory);
    // If the disk is slower than a second, the full files wait for the next tick; history rows never do.
    const files = this.#busy > 0 ? null : this.#files(view);
    this.#enqueue(async () => {
      await this.#append(rows);
      if (files !== null) await Promise.all(files.map(([path, text]) => replaceFile(path, text)));
    });
  }

  /**
   * The end of the run: a last history row (its timestamp one second after the previous row at
   * least, so timestamps stay unique), the final files, and the history file closed. Throws
   * STAMPEDE_ERR_REPORT_WRITE if any write failed during the run or now.
   */
  async close(view: StatsView, users: number): Promise<void> {
    const second = Math.max(Math.floor(view.now / 1000), this.#lastTimestamp + 1);
    this.#lastTimestamp = second;
    const rows = historyRows(view, second, users, this.#fullHistory);
    const files = this.#files(view);
    this.#enqueue(async () => {
      await this.#append(rows);
      await Promise.all(files.map(([path, text]) => replaceFile(path, text)));
    });
    await this.#queue;
    try {
      await this.#history?.close();
    } catch (err) {
      this.#error ??= writeError(this.paths.history, err);
    }
    this.#history = null;
    if (this.#error !== null) throw this.#error;
  }

  #files(view: StatsView): [string, string][] {
    return [
      [this.paths.stats, statsCsv(view)],
      [this.paths.failures, failuresCsv(view)],
      [this.paths.exceptions, exceptionsCsv(view)],
    ];
  }

  async #append(rows: string): Promise<void> {
    if (this.#history === null) return;
    try {
      await this.#history.write(rows);
    } catch (err) {
      throw writeError(this.paths.history, err);
    }
  }

  #enqueue(task: () => Promise<void>): void {
    this.#busy++;
    this.#queue = this.#queue
      .then(task)
      .catch((err: unknown) => {
        this.#error ??= err instanceof StampedeError ? err : writeError(this.paths.history, err);
      })
      .finally(() => {
        this.#busy--;
      });
  }
}
