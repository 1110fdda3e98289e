import { Circulation } from './bounded-flow.js';
import { type Grid } from './grid.js';

/**
 * Brings every worker to floor(U/W) or floor(U/W) + 1 users (exactly U mod W of them to the
 * latter) and every class to its count. A worker holding more than it may keep only gives users
 * up, and one holding less only receives, so no user moves unless it must; the workers holding
 * more get the extra places first, so as few users as possible move. Within that, each class is
 * split as evenly as possible: every cell ends between floor(count/W) − j and ceil(count/W) + j
 * (or stays put if it is already outside and may not move that way), for the smallest
 * j = 0, 1, 2, 4, … that is feasible, and then each class in turn is tightened back as far as it
 * goes. Each try is one bounded circulation, so when a split with every class within one across
 * workers exists without extra moves, it is the one found.
 *
 * Returns false (grid untouched) only when a class must lose users that only receiving workers
 * hold; take those away first (removeSurplus), after which settle always succeeds.
 */
export function settle(grid: Grid, perClass: readonly number[], users: number): boolean {
  const slacks = perClass.map(() => 0);
  const most = Math.max(1, ...perClass);
  let found = trySettle(grid, perClass, users, slacks);
  for (let j = 1; found === null; j = Math.min(most, j * 2)) {
    slacks.fill(j);
    found = trySettle(grid, perClass, users, slacks);
    if (found === null && j === most) return false;
  }
  for (let c = 0; c < slacks.length; c++) {
    tightenFitting(found, perClass, grid.rows, slacks);
    const loose = slacks[c] ?? 0;
    for (let j = 0; j < loose; j = j < 2 ? j + 1 : j * 2) {
      slacks[c] = j;
      const tighter = trySettle(grid, perClass, users, slacks);
      if (tighter !== null) {
        found = tighter;
        break;
      }
      slacks[c] = loose;
    }
  }
  for (let w = 0; w < grid.rows; w++) for (let c = 0; c < grid.cols; c++) grid.set(w, c, found[w * grid.cols + c] ?? 0);
  return true;
}

/** Sets slack 0 for every class whose cells in `cells` already lie within one of each other's even share. */
function tightenFitting(cells: Float64Array, perClass: readonly number[], workers: number, slacks: number[]): void {
  const classes = perClass.length;
  perClass.forEach((count, c) => {
    if (slacks[c] === 0) return;
    const low = Math.floor(count / workers);
    const high = Math.ceil(count / workers);
    for (let w = 0; w < workers; w++) {
      const n = cells[w * classes + c] ?? 0;
      if (n < low || n > high) return;
    }
    slacks[c] = 0;
  });
}

/**
 * One try as a circulation: source -> {workers that may keep an extra place, the others} -> worker
 * -> class -> sink -> source. Returns the new cells, or null if these slacks admit no split.
 */
function trySettle(grid: Grid, perClass: readonly number[], users: number, slacks: readonly number[]): Float64Array | null {
  const { rows: workers, cols: classes } = grid;
  const base = Math.floor(users / workers);
  const extras = users - base * workers;
  const kept = Array.from({ length: workers }, (_, w) => grid.rowSum(w));
  const highExtras = Math.min(extras, kept.filter((k) => k > base).length);
  const [source, sink, highGroup, lowGroup] = [0, 1, 2, 3];
  const circulation = new Circulation(4 + workers + classes);
  const lo = new Float64Array(workers * classes);
  const colLo = new Float64Array(classes);
  const cellEdge = new Int32Array(workers * classes).fill(-1);
  let highNeed = highExtras;
  let lowNeed = extras - highExtras;
  for (let w = 0; w < workers; w++) {
    const gives = (kept[w] ?? 0) > base;
    let rowLo = 0;
    for (let c = 0; c < classes; c++) {
      const have = grid.get(w, c);
      const count = perClass[c] ?? 0;
      const bandLo = Math.max(0, Math.floor(count / workers) - (slacks[c] ?? 0));
      const bandHi = Math.ceil(count / workers) + (slacks[c] ?? 0);
      const cellLo = gives ? Math.min(have, bandLo) : Math.max(have, bandLo);
      const cellHi = gives ? Math.min(have, bandHi) : Math.max(have, bandHi);
      const i = w * classes + c;
      lo[i] = cellLo;
      colLo[c] = (colLo[c] ?? 0) + cellLo;
      rowLo += cellLo;
      if (cellHi > cellLo) cellEdge[i] = circulation.addEdge(4 + w, 4 + workers + c, 0, cellHi - cellLo);
    }
    if (rowLo > base + 1) return null;
    // The row takes base − rowLo more, or one more than that if it gets an extra place.
    circulation.addEdge(gives ? highGroup : lowGroup, 4 + w, Math.max(0, base - rowLo), base + 1 - rowLo);
    if (gives) highNeed += base - rowLo;
    else lowNeed += base - rowLo;
  }
  if (highNeed < 0 || lowNeed < 0) return null;
  circulation.addEdge(source, highGroup, highNeed, highNeed);
  circulation.addEdge(source, lowGroup, lowNeed, lowNeed);
  for (let c = 0; c < classes; c++) {
    const need = (perClass[c] ?? 0) - (colLo[c] ?? 0);
    if (need < 0) return null;
    circulation.addEdge(4 + workers + c, sink, need, need);
  }
  circulation.addEdge(sink, source, 0, users);
  if (!circulation.solve()) return null;
  cellEdge.forEach((edge, i) => {
    if (edge >= 0) lo[i] = (lo[i] ?? 0) + circulation.flowOn(edge);
  });
  return lo;
}
