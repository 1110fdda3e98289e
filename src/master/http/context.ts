/** What the route handlers work with: the master, the run control, and the report sources. */
import type { RunInfo } from '../../report/types.js';
import type { Master } from '../master.js';
import type { ThresholdResult } from '../thresholds/index.js';
import type { ApiConfig } from './api-types.js';
import type { HistorySource } from './history-sampler.js';
import type { RunControl } from './run-control.js';

/**
 * Report inputs the CLI owns (docs/http-api.md#options): the history and thresholds it keeps for
 * its own reports, and the run info (version, loadfile, exit code so far) for the downloads.
 */
export interface HttpReports {
  /** The run's per-second history (src/master/history.ts History); the server keeps one itself when absent. */
  history?: HistorySource;
  /** The live threshold verdicts (ThresholdMonitor); leave out when the run has no thresholds. */
  thresholds?: { readonly results: readonly ThresholdResult[] };
  /** The run info of the JSON and HTML downloads; the server builds one from the master when absent. */
  runInfo?: () => RunInfo;
  /** The loadfile path shown in the downloads when `runInfo` is absent. */
  locustfile?: string;
}

export interface ApiContext {
  master: Master;
  control: RunControl;
  history: HistorySource;
  /** Called after a new run started from the API (the server's own history starts afresh). */
  onFreshRun(): void;
  config: ApiConfig;
  reports: HttpReports;
  maxBodyBytes: number;
}

/** The live threshold results, or null when the run has none. */
export function thresholdResults(ctx: ApiContext): readonly ThresholdResult[] | null {
  return ctx.reports.thresholds?.results ?? null;
}
