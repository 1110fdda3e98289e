/**
 * Export to hdr-histogram-js, for the HdrHistogram interval log and the V2 compressed base64
 * format (interop with Java, Go, Python, C). Built as a 64-bit JS histogram (Float64 counts: exact,
 * no 32-bit wrap), same config, no auto-resize. A JS histogram holds no WASM memory; calling
 * destroy() on it is harmless.
 */
import { Float64Histogram } from 'hdr-histogram-js';
import type { LatencyHistogram } from './histogram.js';
import { lowestValueAt } from './layout.js';
import { decodeSparse } from './sparse-codec.js';
import { HISTOGRAM_CONFIG } from './types.js';

/** A new hdr-histogram-js histogram (64-bit counts) holding the samples of `h`. */
export function toHdrHistogram(h: LatencyHistogram): Float64Histogram {
  const out = new Float64Histogram(
    HISTOGRAM_CONFIG.lowestDiscernibleValue,
    HISTOGRAM_CONFIG.highestTrackableValue,
    HISTOGRAM_CONFIG.numberOfSignificantValueDigits,
  );
  out.autoResize = false;
  h.forEachBucket((index, count) => {
    out.recordValueWithCount(lowestValueAt(index), count);
  });
  return out;
}

/** Decodes (validating) a sparse histogram straight into a new hdr-histogram-js histogram. */
export function sparseToHdrHistogram(bytes: unknown): Float64Histogram {
  return toHdrHistogram(decodeSparse(bytes));
}
