import { invariant } from './errors.js';
import { MaxFlow } from './maxflow.js';

/**
 * A circulation in which every edge carries between its `lo` and `hi` (flow in = flow out at
 * every node). The standard reduction: each edge keeps hi − lo of free capacity, its lower bound
 * becomes a supply at its head and a demand at its tail, and one maximum flow from the supplies to
 * the demands decides. Deterministic.
 */
export class Circulation {
  readonly #nodes: number;
  readonly #flow: MaxFlow;
  readonly #balance: Float64Array;
  readonly #lo: number[] = [];
  readonly #ids: number[] = [];
  #solved = false;

  constructor(nodes: number) {
    this.#nodes = nodes;
    this.#flow = new MaxFlow(nodes + 2);
    this.#balance = new Float64Array(nodes);
  }

  /** Adds an edge carrying between lo and hi units; returns its index for `flowOn`. */
  addEdge(from: number, to: number, lo: number, hi: number): number {
    this.#balance[to] = (this.#balance[to] ?? 0) + lo;
    this.#balance[from] = (this.#balance[from] ?? 0) - lo;
    this.#lo.push(lo);
    this.#ids.push(this.#flow.addEdge(from, to, hi - lo));
    return this.#ids.length - 1;
  }

  /** Whether a circulation meeting every bound exists (then `flowOn` reads it). Call once. */
  solve(): boolean {
    invariant(!this.#solved, 'Circulation.solve called twice');
    this.#solved = true;
    const superSource = this.#nodes;
    const superSink = this.#nodes + 1;
    let wanted = 0;
    this.#balance.forEach((b, node) => {
      if (b > 0) {
        this.#flow.addEdge(superSource, node, b);
        wanted += b;
      } else if (b < 0) {
        this.#flow.addEdge(node, superSink, -b);
      }
    });
    return this.#flow.run(superSource, superSink) === wanted;
  }

  /** Flow on edge `index` (as returned by addEdge) after a successful `solve`. */
  flowOn(index: number): number {
    return (this.#lo[index] ?? 0) + this.#flow.flowOn(this.#ids[index] ?? 0);
  }
}
