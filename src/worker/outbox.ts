/**
 * Reports the master has not acked yet. They are kept (bounded) and resent in seq order after a
 * reconnect; the master deduplicates by (worker, seq). When full, the oldest is dropped and counted.
 */
export class Outbox<T extends { seq: number }> {
  #items = new Map<number, T>();
  #limit: number;
  dropped = 0;

  constructor(limit: number) {
    this.#limit = limit;
  }

  push(item: T): void {
    this.#items.set(item.seq, item);
    while (this.#items.size > this.#limit) {
      const oldest = this.#items.keys().next().value as number;
      this.#items.delete(oldest);
      this.dropped += 1;
    }
  }

  ack(seq: number): void {
    this.#items.delete(seq);
  }

  /** Unacked items in seq order. */
  pending(): T[] {
    return [...this.#items.values()].sort((a, b) => a.seq - b.seq);
  }

  get size(): number {
    return this.#items.size;
  }
}
