import { invariant } from './errors.js';

/**
 * Removes `amount` units from `values`, highest values first ("water draining"). Among values left
 * level with each other, units are taken in `order` (a list of indexes, first = taken first).
 * Returns the new values; `amount` must not exceed their sum. O(n log max): no per-unit loop, so
 * it stays cheap for large amounts.
 */
export function drain(values: readonly number[], amount: number, order: readonly number[]): number[] {
  if (amount <= 0) return [...values];
  const removedAt = (level: number): number => values.reduce((sum, v) => sum + Math.max(0, v - level), 0);
  // The lowest level whose drain removes no more than `amount`.
  let lo = 0;
  let hi = Math.max(0, ...values);
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (removedAt(mid) <= amount) hi = mid;
    else lo = mid + 1;
  }
  const result = values.map((v) => Math.min(v, lo));
  let rest = amount - removedAt(lo);
  for (const i of order) {
    if (rest === 0) break;
    if (result[i] === lo && lo > 0) {
      result[i] = lo - 1;
      rest--;
    }
  }
  invariant(rest === 0, `drain: ${rest} units left to take`);
  return result;
}
