/**
 * The bucket layout of an HDR histogram with HISTOGRAM_CONFIG, computed exactly as
 * hdr-histogram-js (and the Java original) computes it, so that our bucket indexes are the
 * indexes of its counts array and our percentiles are its percentiles.
 *
 * With 1 µs .. 1 h and 3 digits: 2048 sub-buckets (1024 per half), 22 buckets, a counts array of
 * 23 552 entries. Index i < 2048 holds the value i; above that, bucket b holds values in steps of 2^b.
 */
import { HISTOGRAM_CONFIG } from './types.js';

const { lowestDiscernibleValue, highestTrackableValue, numberOfSignificantValueDigits } = HISTOGRAM_CONFIG;

// The fast index maths below assume unit magnitude 0 and values that fit in 32 bits.
if (lowestDiscernibleValue !== 1 || highestTrackableValue >= 2 ** 32) {
  throw new Error('src/stats/layout.ts assumes lowestDiscernibleValue 1 and highestTrackableValue < 2^32');
}

const largestValueWithSingleUnitResolution = 2 * Math.floor(10 ** numberOfSignificantValueDigits);
const subBucketCountMagnitude = Math.ceil(Math.log2(largestValueWithSingleUnitResolution));

/** log2 of the number of sub-buckets in the top half of a bucket (10). */
export const SUB_BUCKET_HALF_COUNT_MAGNITUDE = Math.max(subBucketCountMagnitude, 1) - 1;
/** Sub-buckets per half bucket (1024); also the page size of LatencyHistogram. */
export const SUB_BUCKET_HALF_COUNT = 2 ** SUB_BUCKET_HALF_COUNT_MAGNITUDE;
/** Sub-buckets of bucket 0 (2048): values below this have their own index. */
export const SUB_BUCKET_COUNT = 2 * SUB_BUCKET_HALF_COUNT;

function bucketsNeeded(value: number): number {
  let smallestUntrackable = SUB_BUCKET_COUNT;
  let buckets = 1;
  while (smallestUntrackable <= value) {
    smallestUntrackable *= 2;
    buckets++;
  }
  return buckets;
}

/** Length of hdr-histogram-js's counts array for HISTOGRAM_CONFIG (23 552). */
export const COUNTS_LENGTH = (bucketsNeeded(highestTrackableValue) + 1) * SUB_BUCKET_HALF_COUNT;
/** The largest value recorded; larger ones are clamped to it. */
export const MAX_VALUE = highestTrackableValue;

/** Counts-array index of an integer value in [0, 2^32). */
export function indexOfValue(value: number): number {
  if (value < SUB_BUCKET_COUNT) return value;
  const bucket = 31 - Math.clz32(value) - SUB_BUCKET_HALF_COUNT_MAGNITUDE;
  return (bucket << SUB_BUCKET_HALF_COUNT_MAGNITUDE) + (value >>> bucket);
}

/** The highest index a recorded value can have (the index of MAX_VALUE). */
export const MAX_INDEX = indexOfValue(MAX_VALUE);

function bucketOfIndex(index: number): number {
  return Math.max((index >>> SUB_BUCKET_HALF_COUNT_MAGNITUDE) - 1, 0);
}

/** The lowest value that lands in `index` (hdr's valueFromIndex). */
export function lowestValueAt(index: number): number {
  const bucket = bucketOfIndex(index);
  const sub = bucket === 0 ? index : (index & (SUB_BUCKET_HALF_COUNT - 1)) + SUB_BUCKET_HALF_COUNT;
  return sub * 2 ** bucket;
}

/** The highest value that lands in `index` (hdr's highestEquivalentValue of valueFromIndex). */
export function highestValueAt(index: number): number {
  return lowestValueAt(index) + 2 ** bucketOfIndex(index) - 1;
}

/** The middle of the values that land in `index` (hdr's medianEquivalentValue), used for means. */
export function medianValueAt(index: number): number {
  return lowestValueAt(index) + Math.floor(2 ** bucketOfIndex(index) / 2);
}
