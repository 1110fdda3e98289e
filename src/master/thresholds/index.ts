/** Thresholds: parse (`--threshold`, loadfile), evaluate on merged data, monitor, report. */
export type { ScopeStats, Threshold, ThresholdData, ThresholdMetric, ThresholdOp, ThresholdResult, ThresholdScope, ThresholdUnit } from './types.js';
export { metricLabel, METRIC_HELP } from './expression.js';
export { GLOBAL_KEY, parseLoadfileThresholds, parseThresholdText, parseThresholdTexts } from './parse.js';
export { compare, evaluate, evaluateOne, observe, scopeLabel } from './evaluate.js';
export { thresholdData, type HistogramSource } from './data.js';
export { ThresholdMonitor, type ThresholdAbort } from './monitor.js';
export { formatObserved, formatThresholdReport } from './format.js';
