/**
 * An interval's snapshot that does not fit one report frame (MAX_FRAME_BYTES, or a list limit) is
 * sent as several reports over the same [start, end): the master adds reports up, so the parts
 * count exactly as the whole would. The recorder's limits (src/stats/limits.ts) make this rare:
 * it takes thousands of long, distinct endpoint names or error texts in one second.
 */
import type { IntervalSnapshot } from '../stats/index.js';

/** `snapshot` cut in parts that each `fits`, in order; the whole, alone, when it fits. */
export function splitToFit(snapshot: IntervalSnapshot, fits: (part: IntervalSnapshot) => boolean): IntervalSnapshot[] {
  if (fits(snapshot)) return [snapshot];
  return halves(snapshot).flatMap((half) => splitToFit(half, fits));
}

/**
 * `splitToFit` for a snapshot already known not to fit (the caller tried it whole): the same parts,
 * without asking `fits` about the whole again.
 */
export function splitTooLarge(snapshot: IntervalSnapshot, fits: (part: IntervalSnapshot) => boolean): IntervalSnapshot[] {
  return halves(snapshot).flatMap((half) => splitToFit(half, fits));
}

/** The three lists as one sequence, cut in the middle: each half is strictly smaller. */
function halves(snapshot: IntervalSnapshot): [IntervalSnapshot, IntervalSnapshot] {
  const { entries, errors, exceptions } = snapshot;
  if (entries.length + errors.length + exceptions.length <= 1) {
    throw new Error(`an interval snapshot part with ${entries.length} entries, ${errors.length} errors and ${exceptions.length} exceptions cannot be sent as a report (a bug: the recorder's limits should prevent this)`);
  }
  let left = Math.ceil((entries.length + errors.length + exceptions.length) / 2);
  const take = <T>(list: readonly T[]): [T[], T[]] => {
    const n = Math.min(left, list.length);
    left -= n;
    return [list.slice(0, n), list.slice(n)];
  };
  const [e1, e2] = take(entries);
  const [r1, r2] = take(errors);
  const [x1, x2] = take(exceptions);
  const first: IntervalSnapshot = { start: snapshot.start, end: snapshot.end, entries: e1, errors: r1, exceptions: x1 };
  if (snapshot.dropped !== undefined) first.dropped = snapshot.dropped;
  const second: IntervalSnapshot = { start: snapshot.start, end: snapshot.end, entries: e2, errors: r2, exceptions: x2 };
  return [first, second];
}
