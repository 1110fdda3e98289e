/**
 * Picks the user class of each open-model arrival by weight, deterministically: smooth weighted
 * round robin (nginx's: every class gains its weight, the richest is picked and pays the total),
 * so any run of arrivals follows the weights as closely as whole arrivals allow. Pure.
 */
export class ClassPicker {
  readonly #weights: readonly number[];
  readonly #credit: number[];
  readonly #total: number;

  constructor(weights: readonly number[]) {
    if (weights.length === 0) throw new RangeError('ClassPicker needs at least one class');
    this.#weights = weights;
    this.#credit = weights.map(() => 0);
    this.#total = weights.reduce((a, b) => a + b, 0);
  }

  /** The index of the class of the next arrival. */
  next(): number {
    const credit = this.#credit;
    let best = 0;
    for (let i = 0; i < credit.length; i++) {
      const value = (credit[i] as number) + (this.#weights[i] as number);
      credit[i] = value;
      if (value > (credit[best] as number)) best = i;
    }
    credit[best] = (credit[best] as number) - this.#total;
    return best;
  }
}
