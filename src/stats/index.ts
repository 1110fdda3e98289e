/** The stats core, shared by worker (IntervalRecorder) and master (Aggregator). */
export { Aggregator, TOTAL_METHOD, TOTAL_NAME, type AggregatorOptions } from './aggregator.js';
export { sparseToHdrHistogram, toHdrHistogram } from './hdr-export.js';
export { LatencyHistogram, normalizeUs } from './histogram.js';
export {
  DEFAULT_MAX_ENDPOINTS,
  IntervalRecorder,
  OVERFLOW_METHOD,
  OVERFLOW_NAME,
  type IntervalRecorderOptions,
} from './interval-recorder.js';
export { COUNTS_LENGTH, highestValueAt, indexOfValue, lowestValueAt, MAX_INDEX, MAX_VALUE } from './layout.js';
export { clampToRange, exactPercentile, percentileFromCounts, percentileKey, rankAtPercentile } from './percentile.js';
export { decodeSparse, encodeSparse, mergeSparse, SPARSE_FORMAT, sparseTotal } from './sparse-codec.js';
export { describeThrown, type ThrownDescription } from './thrown.js';
export * from './types.js';
export type * from './view.js';
