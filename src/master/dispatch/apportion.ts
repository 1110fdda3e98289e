import { DispatchInputError, describe, invariant } from './errors.js';
import { type DispatchClass } from './types.js';

/**
 * Splits `total` into whole parts proportional to `weights` by the largest-remainder method:
 * every part gets the floor of its exact quota total·w/W, and the parts left over go to the
 * largest remainders, ties to the earlier index. Exact (BigInt), deterministic, and each part is
 * within one of its quota. Requires sum(weights) > 0 unless total is 0.
 */
export function largestRemainder(total: number, weights: readonly number[]): number[] {
  const parts = weights.map(() => 0);
  if (total === 0) return parts;
  const sum = weights.reduce((a, w) => a + BigInt(w), 0n);
  invariant(sum > 0n, 'largestRemainder: weights sum to 0');
  const t = BigInt(total);
  const remainders: bigint[] = [];
  let given = 0;
  weights.forEach((w, i) => {
    const q = t * BigInt(w);
    parts[i] = Number(q / sum);
    remainders.push(q % sum);
    given += parts[i] ?? 0;
  });
  const order = weights.map((_, i) => i);
  order.sort((a, b) => {
    const ra = remainders[a] ?? 0n;
    const rb = remainders[b] ?? 0n;
    return ra === rb ? a - b : ra > rb ? -1 : 1;
  });
  for (let k = 0; k < total - given; k++) {
    const i = order[k] ?? 0;
    parts[i] = (parts[i] ?? 0) + 1;
  }
  return parts;
}

/**
 * Global users per class, in class order. Fixed classes get their exact count first, in
 * declaration order, until the target runs out; the weighted classes share what is left by
 * largest remainder.
 */
export function usersPerClass(classes: readonly DispatchClass[], users: number): number[] {
  const counts = classes.map(() => 0);
  let left = users;
  classes.forEach((cls, i) => {
    if (cls.fixedCount === null) return;
    const n = Math.min(cls.fixedCount, left);
    counts[i] = n;
    left -= n;
  });
  const weighted = classes.flatMap((cls, i) => (cls.fixedCount === null ? [i] : []));
  if (left === 0) return counts;
  const fixedTotal = users - left;
  if (weighted.length === 0) {
    throw new DispatchInputError(
      `${users} users requested but every user class has a fixedCount and together they make only ${fixedTotal}; ask for at most ${fixedTotal} users or add a class without fixedCount`,
    );
  }
  const weights = weighted.map((i) => classes[i]?.weight ?? 0);
  if (weights.every((w) => w === 0)) {
    const names = weighted.map((i) => describe(classes[i]?.name)).join(', ');
    throw new DispatchInputError(
      `${left} users are left for the weighted classes (${names}) but their weights are all 0; give one of them a weight > 0`,
    );
  }
  largestRemainder(left, weights).forEach((n, k) => {
    counts[weighted[k] ?? 0] = n;
  });
  return counts;
}
