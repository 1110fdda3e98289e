/** A list of callbacks for one kind of event: `add` returns the function that removes the callback. */
export class Listeners<T> {
  #fns: ((value: T) => void)[] = [];

  add(fn: (value: T) => void): () => void {
    this.#fns.push(fn);
    return () => {
      this.#fns = this.#fns.filter((f) => f !== fn);
    };
  }

  emit(value: T): void {
    for (const fn of this.#fns) fn(value);
  }
}
