/**
 * One concrete choice of each worker's total: floor(users / W), plus one for `users mod W` workers,
 * those that held the most before (then the earlier joined). From nothing that is Locust's split
 * (7 on 3 -> 3/2/2); it also tells removeSurplus which workers must shrink. (settle chooses the
 * extra places itself, among the same candidates, with the classes in view.)
 */
export function workerTotals(users: number, previousTotals: readonly number[]): number[] {
  const w = previousTotals.length;
  if (w === 0) return [];
  const base = Math.floor(users / w);
  const extra = users - base * w;
  const totals = previousTotals.map(() => base);
  if (extra === 0) return totals;
  const order = previousTotals.map((_, i) => i);
  order.sort((a, b) => (previousTotals[b] ?? 0) - (previousTotals[a] ?? 0) || a - b);
  for (let k = 0; k < extra; k++) {
    const i = order[k] ?? 0;
    totals[i] = base + 1;
  }
  return totals;
}
