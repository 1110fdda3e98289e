import type { TaskInfo } from '../../scenario/discover.js';

/** Picks a task name by weight, from a uniform random number in [0, 1). */
export class TaskPicker {
  readonly #names: string[];
  /** Running sums of the weights. */
  readonly #cumulative: number[];
  readonly #total: number;

  constructor(tasks: readonly TaskInfo[]) {
    if (tasks.length === 0) throw new RangeError('TaskPicker needs at least one task');
    this.#names = tasks.map((t) => t.name);
    let sum = 0;
    this.#cumulative = tasks.map((t) => (sum += t.weight));
    this.#total = sum;
  }

  pick(random: number): string {
    const x = random * this.#total;
    const c = this.#cumulative;
    let lo = 0;
    let hi = c.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (x < (c[mid] as number)) hi = mid;
      else lo = mid + 1;
    }
    return this.#names[lo] as string;
  }
}
