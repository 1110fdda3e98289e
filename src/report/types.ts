/** Inputs of the console and JSON reporters that do not come from the stats view. */

/** One line of the per-worker console table. */
export interface WorkerRow {
  id: string;
  host: string;
  /** Registry state as text: `ready`, `running`, `missing`, … */
  state: string;
  users: number;
  /** The worker's current request rate. */
  rps: number;
  cpuPercent: number;
  /** Event-loop lag, milliseconds. */
  loopLagMs: number;
  /** Milliseconds since the worker's last report reached the master; negative when none has. */
  lastReportAgeMs: number;
}

/** What the CLI knows about a run, for the final summary. Times are epoch milliseconds. */
export interface RunInfo {
  version: string;
  startedAt: number;
  endedAt: number;
  host: string;
  users: number;
  spawnRate: number;
  /** null when the run had no time limit. */
  runTimeS: number | null;
  locustfile: string;
  exitCode: number;
  workers: Array<{ id: string; host: string; state: string; users: Record<string, number>; share?: number }>;
  /** Measured spread of the workers' actual start times; null when it was not measured. */
  startSkewMs: number | null;
  /** Interval reports that never reached the master (lost workers). */
  lostReports?: number;
}

/** Layout options shared by the console tables. */
export interface ConsoleOptions {
  /** Width of the Name column; longer names are shortened in the middle. Default DEFAULT_NAME_WIDTH. */
  nameWidth?: number;
}

export interface SummaryOptions extends ConsoleOptions {
  /** Per-worker rows, shown after the error and exception reports when given and not empty. */
  workers?: WorkerRow[];
}
