/**
 * Continuous evaluation: the CLI calls check() every second with the master's merged data. The
 * last results are kept for live displays; a crossed `abortOnFail` threshold whose
 * `delayAbortEval` has passed since the run's start is reported once, as the reason to stop.
 * No clock of its own: the caller passes the time.
 */
import { evaluate, scopeLabel } from './evaluate.js';
import { formatObserved } from './format.js';
import type { Threshold, ThresholdData, ThresholdResult } from './types.js';

export interface ThresholdAbort {
  result: ThresholdResult;
  /** Milliseconds after the run's start at which it was crossed. */
  atMs: number;
  message: string;
}

export class ThresholdMonitor {
  readonly thresholds: readonly Threshold[];
  #last: ThresholdResult[] = [];
  #abort: ThresholdAbort | null = null;

  constructor(thresholds: readonly Threshold[]) {
    this.thresholds = thresholds;
  }

  /** The results of the latest check (empty before the first). */
  get results(): readonly ThresholdResult[] {
    return this.#last;
  }

  /** The abortOnFail threshold that stopped the run, if one did. */
  get abort(): ThresholdAbort | null {
    return this.#abort;
  }

  /**
   * Evaluates every threshold; `elapsedMs` is the time since the run started. Returns the abort
   * the first time an abortOnFail threshold is crossed with a known value past its delay, else null.
   */
  check(data: ThresholdData, elapsedMs: number): ThresholdAbort | null {
    this.#last = evaluate(this.thresholds, data);
    if (this.#abort !== null) return null;
    const crossed = this.#last.find((r) => r.threshold.abortOnFail && !r.ok && r.observed !== null && elapsedMs >= r.threshold.delayAbortEvalMs);
    if (crossed === undefined) return null;
    const t = crossed.threshold;
    this.#abort = {
      result: crossed,
      atMs: elapsedMs,
      message: `threshold ${scopeLabel(t)}: ${t.expression} was crossed ${(elapsedMs / 1000).toFixed(1)} s into the run (observed ${formatObserved(crossed)}) and has abortOnFail`,
    };
    return this.#abort;
  }

  /** The final verdict: true when every threshold passed and none aborted the run. */
  passed(results: readonly ThresholdResult[]): boolean {
    return this.#abort === null && results.every((r) => r.ok);
  }
}
