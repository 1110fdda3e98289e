/** Judges thresholds against merged data. Pure: no clock, no state. */
import type { ScopeStats, Threshold, ThresholdData, ThresholdOp, ThresholdResult } from './types.js';

/** `==` compares to this many decimals, so 0.1 + 0.2 == 0.3 holds. */
const EQUAL_DECIMALS = 9;

export function compare(observed: number, op: ThresholdOp, bound: number): boolean {
  switch (op) {
    case '<':
      return observed < bound;
    case '<=':
      return observed <= bound;
    case '>':
      return observed > bound;
    case '>=':
      return observed >= bound;
    case '==':
      return Math.abs(observed - bound) < 10 ** -EQUAL_DECIMALS;
  }
}

/** The value a threshold reads from one scope's stats; null when there is nothing to measure. */
export function observe(t: Threshold, s: ScopeStats | null): number | null {
  if (t.metric === 'count') return s?.count ?? 0;
  if (t.metric === 'rps') return s?.rps ?? 0;
  if (s === null || s.count === 0) return null;
  switch (t.metric) {
    case 'p':
      return s.percentileMs(t.q ?? 1);
    case 'avg':
      return s.avgMs;
    case 'med':
      return s.medianMs;
    case 'min':
      return s.minMs;
    case 'max':
      return s.maxMs;
    case 'fail_ratio':
      return s.failures / s.count;
  }
}

export function evaluateOne(t: Threshold, data: ThresholdData): ThresholdResult {
  const stats = t.scope === null ? data.total : data.scope(t.scope.method, t.scope.name);
  const observed = observe(t, stats);
  return { threshold: t, observed, ok: observed !== null && compare(observed, t.op, t.value) };
}

/**
 * Every threshold's verdict. A threshold with nothing to measure (an endpoint that saw no request,
 * for example a misspelt name) fails, so that a budget can never pass unnoticed.
 */
export function evaluate(thresholds: readonly Threshold[], data: ThresholdData): ThresholdResult[] {
  return thresholds.map((t) => evaluateOne(t, data));
}

/** `GET /api/x` or `global`. */
export function scopeLabel(t: Threshold): string {
  return t.scope === null ? 'global' : `${t.scope.method} ${t.scope.name}`;
}
