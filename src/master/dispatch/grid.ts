/** Users per (worker, class): a dense row-major matrix of whole numbers. Rows are workers. */
export class Grid {
  readonly rows: number;
  readonly cols: number;
  readonly #cells: Float64Array;

  constructor(rows: number, cols: number) {
    this.rows = rows;
    this.cols = cols;
    this.#cells = new Float64Array(rows * cols);
  }

  get(row: number, col: number): number {
    return this.#cells[row * this.cols + col] ?? 0;
  }

  set(row: number, col: number, value: number): void {
    this.#cells[row * this.cols + col] = value;
  }

  add(row: number, col: number, delta: number): void {
    this.#cells[row * this.cols + col] = this.get(row, col) + delta;
  }

  rowSum(row: number): number {
    let s = 0;
    for (let c = 0; c < this.cols; c++) s += this.get(row, c);
    return s;
  }

  colSum(col: number): number {
    let s = 0;
    for (let r = 0; r < this.rows; r++) s += this.get(r, col);
    return s;
  }

  isEmpty(): boolean {
    return this.#cells.every((v) => v === 0);
  }

  /** Overwrites every cell with `other`'s (same shape). */
  copyFrom(other: Grid): void {
    this.#cells.set(other.#cells);
  }

  clone(): Grid {
    const copy = new Grid(this.rows, this.cols);
    copy.#cells.set(this.#cells);
    return copy;
  }
}
