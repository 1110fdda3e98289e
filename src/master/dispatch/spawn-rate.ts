/**
 * Splits the global spawn rate over the workers in proportion to the starts + stops each one must
 * make, so every worker finishes at the same moment and the cluster as a whole changes users at
 * the global rate. When nobody has anything to change, the rate is split evenly. The last share
 * absorbs the floating-point rounding, so the shares add up to the global rate.
 */
export function splitSpawnRate(rate: number, changes: readonly number[]): number[] {
  if (changes.length === 0) return [];
  const total = changes.reduce((a, b) => a + b, 0);
  const weights = total === 0 ? changes.map(() => 1) : changes;
  const sum = total === 0 ? changes.length : total;
  const shares = weights.map((w) => (rate * w) / sum);
  let last = -1;
  weights.forEach((w, i) => {
    if (w > 0) last = i;
  });
  const others = shares.reduce((acc, s, i) => (i === last ? acc : acc + s), 0);
  shares[last] = Math.max(0, rate - others);
  return shares;
}
