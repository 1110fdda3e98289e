/**
 * Maximum flow (Dinic) on a small directed graph with whole-number capacities. Deterministic:
 * each node's edges are tried in the order they were added. Used to place users so that every
 * class and every worker gets exactly what it needs, within per-cell limits.
 */
export class MaxFlow {
  readonly #to: number[] = [];
  readonly #cap: number[] = [];
  readonly #original: number[] = [];
  readonly #adj: number[][] = [];
  #level: Int32Array = new Int32Array(0);
  #iter: Int32Array = new Int32Array(0);

  constructor(nodes: number) {
    for (let i = 0; i < nodes; i++) this.#adj.push([]);
  }

  /** Adds an edge and returns its id (for `flowOn`). */
  addEdge(from: number, to: number, cap: number): number {
    const id = this.#to.length;
    this.#to.push(to, from);
    this.#cap.push(cap, 0);
    this.#original.push(cap, 0);
    this.#adj[from]?.push(id);
    this.#adj[to]?.push(id + 1);
    return id;
  }

  /** Flow carried by edge `id` after `run`. */
  flowOn(id: number): number {
    return (this.#original[id] ?? 0) - (this.#cap[id] ?? 0);
  }

  /** Pushes as much flow as possible from `source` to `sink`; returns the amount. */
  run(source: number, sink: number): number {
    let total = 0;
    while (this.#bfs(source, sink)) {
      this.#iter = new Int32Array(this.#adj.length);
      for (;;) {
        const pushed = this.#dfs(source, sink, Infinity);
        if (pushed === 0) break;
        total += pushed;
      }
    }
    return total;
  }

  #bfs(source: number, sink: number): boolean {
    const level = new Int32Array(this.#adj.length).fill(-1);
    level[source] = 0;
    const queue = [source];
    for (let head = 0; head < queue.length; head++) {
      const u = queue[head] ?? 0;
      for (const e of this.#adj[u] ?? []) {
        const v = this.#to[e] ?? 0;
        if ((this.#cap[e] ?? 0) > 0 && level[v] === -1) {
          level[v] = (level[u] ?? 0) + 1;
          queue.push(v);
        }
      }
    }
    this.#level = level;
    return (level[sink] ?? -1) !== -1;
  }

  /** One augmenting path in the level graph (depth <= number of nodes), with current-arc pointers. */
  #dfs(u: number, sink: number, limit: number): number {
    if (u === sink) return limit;
    const edges = this.#adj[u] ?? [];
    for (let k = this.#iter[u] ?? 0; k < edges.length; k++) {
      this.#iter[u] = k;
      const e = edges[k] ?? 0;
      const v = this.#to[e] ?? 0;
      const cap = this.#cap[e] ?? 0;
      if (cap > 0 && this.#level[v] === (this.#level[u] ?? 0) + 1) {
        const pushed = this.#dfs(v, sink, Math.min(limit, cap));
        if (pushed > 0) {
          this.#cap[e] = cap - pushed;
          this.#cap[e ^ 1] = (this.#cap[e ^ 1] ?? 0) + pushed;
          return pushed;
        }
      }
    }
    this.#iter[u] = edges.length;
    return 0;
  }
}
