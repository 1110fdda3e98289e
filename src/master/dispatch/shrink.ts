import { drain } from './drain.js';
import { type Grid } from './grid.js';
import { MaxFlow } from './maxflow.js';

/**
 * Takes away the users of classes that hold more than their new global count (settle cannot when
 * workers that only receive hold them). As many as possible come from workers whose total must
 * shrink anyway (`totals`), so they need no replacement elsewhere (a maximum flow over
 * (worker, class) cells, preferring cells above the class's even share); the rest come from the
 * workers holding the most of the class, the latest joined first.
 */
export function removeSurplus(grid: Grid, perClass: readonly number[], totals: readonly number[]): void {
  removeFromShrinkingWorkers(grid, perClass, totals);
  const latestFirst = [...totals.keys()].reverse();
  for (let c = 0; c < grid.cols; c++) {
    const excess = grid.colSum(c) - (perClass[c] ?? 0);
    if (excess <= 0) continue;
    const held = Array.from({ length: grid.rows }, (_, w) => grid.get(w, c));
    drain(held, excess, latestFirst).forEach((n, w) => grid.set(w, c, n));
  }
}

/**
 * Removes users whose class and worker both shrink, as many as possible. Rounds let a cell go
 * down to the class's ceiling share, then its floor share, then to zero, each round committed, so
 * the cells furthest above an even split go first; should committing cost any removals (it can
 * when no even split exists), one uncommitted maximum flow decides instead.
 */
function removeFromShrinkingWorkers(grid: Grid, perClass: readonly number[], totals: readonly number[]): void {
  const workers = grid.rows;
  const rowExcess = totals.map((t, w) => Math.max(0, grid.rowSum(w) - t));
  const colExcess = perClass.map((t, c) => Math.max(0, grid.colSum(c) - t));
  if (rowExcess.every((e) => e === 0) || colExcess.every((e) => e === 0)) return;
  const best = removalRound(grid, rowExcess, colExcess, () => 0);
  const rounds = grid.clone();
  const floorShare = (c: number): number => Math.floor((perClass[c] ?? 0) / workers);
  const ceilShare = (c: number): number => Math.ceil((perClass[c] ?? 0) / workers);
  let removed = 0;
  for (const level of [ceilShare, floorShare, () => 0]) {
    const round = removalRound(rounds, rowExcess, colExcess, level);
    round.forEach(({ w, c, n }) => {
      rounds.add(w, c, -n);
      rowExcess[w] = (rowExcess[w] ?? 0) - n;
      colExcess[c] = (colExcess[c] ?? 0) - n;
      removed += n;
    });
  }
  if (removed === best.reduce((sum, r) => sum + r.n, 0)) grid.copyFrom(rounds);
  else best.forEach(({ w, c, n }) => grid.add(w, c, -n));
}

/** One maximum flow workers -> classes of removals, no cell going below `level(class)`. */
function removalRound(
  grid: Grid,
  rowExcess: readonly number[],
  colExcess: readonly number[],
  level: (c: number) => number,
): Array<{ w: number; c: number; n: number }> {
  const workers = grid.rows;
  const source = 0;
  const sink = 1 + workers + grid.cols;
  const flow = new MaxFlow(sink + 1);
  rowExcess.forEach((e, w) => {
    if (e > 0) flow.addEdge(source, 1 + w, e);
  });
  colExcess.forEach((e, c) => {
    if (e > 0) flow.addEdge(1 + workers + c, sink, e);
  });
  const cells: Array<{ w: number; c: number; edge: number }> = [];
  for (let w = 0; w < workers; w++) {
    if ((rowExcess[w] ?? 0) === 0) continue;
    for (let c = 0; c < grid.cols; c++) {
      const cap = grid.get(w, c) - level(c);
      if (cap > 0 && (colExcess[c] ?? 0) > 0) cells.push({ w, c, edge: flow.addEdge(1 + w, 1 + workers + c, cap) });
    }
  }
  flow.run(source, sink);
  return cells.map(({ w, c, edge }) => ({ w, c, n: flow.flowOn(edge) })).filter((r) => r.n > 0);
}
