/**
 * Remembers which report sequence numbers of one worker instance were applied, so a resent
 * or replayed report is acked but never counted twice. Memory stays small: everything up to
 * the highest contiguous seq is one number; only gaps above it are kept in a set.
 */
export class SeqTracker {
  #contiguous = 0;
  #highest = 0;
  #above = new Set<number>();

  has(seq: number): boolean {
    return seq <= this.#contiguous || this.#above.has(seq);
  }

  /** True when seq is new (and marks it seen); false for a duplicate. */
  accept(seq: number): boolean {
    if (seq <= this.#contiguous || this.#above.has(seq)) return false;
    this.#above.add(seq);
    if (seq > this.#highest) this.#highest = seq;
    while (this.#above.has(this.#contiguous + 1)) {
      this.#above.delete(this.#contiguous + 1);
      this.#contiguous += 1;
    }
    return true;
  }

  get highestContiguous(): number {
    return this.#contiguous;
  }

  /** The highest seq applied (0 before any). */
  get highest(): number {
    return this.#highest;
  }

  /** Seqs below the highest one that never came: reports known to exist but not (yet) received. */
  get missing(): number {
    return this.#highest - this.#contiguous - this.#above.size;
  }

  /** Seqs received beyond a gap; a gap means reports that were never received (yet). */
  get pendingAboveGap(): number {
    return this.#above.size;
  }
}
