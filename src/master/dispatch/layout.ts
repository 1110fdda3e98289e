import { Grid } from './grid.js';

/**
 * The layout from nothing: lay the users out class after class (declaration order) and deal them
 * round-robin over the workers, the workers that take one extra user first (join order), then the
 * rest (join order). Each class is one contiguous run of the cycle, so per class no two workers
 * differ by more than one, and each worker gets exactly its total.
 */
export function layoutFresh(perClass: readonly number[], totals: readonly number[]): Grid {
  const workers = totals.length;
  const grid = new Grid(workers, perClass.length);
  if (workers === 0) return grid;
  const cycle = [...totals.keys()].sort((a, b) => (totals[b] ?? 0) - (totals[a] ?? 0) || a - b);
  let offset = 0;
  perClass.forEach((count, c) => {
    cycle.forEach((w, pos) => {
      grid.set(w, c, dealtTo(pos, offset + count, workers) - dealtTo(pos, offset, workers));
    });
    offset += count;
  });
  return grid;
}

/** How many of the slots 0..end-1 land on cycle position `pos` when dealt round-robin over `n`. */
function dealtTo(pos: number, end: number, n: number): number {
  return end > pos ? Math.floor((end - pos - 1) / n) + 1 : 0;
}
