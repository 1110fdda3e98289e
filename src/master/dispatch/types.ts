/** A user class as dispatch sees it. `fixedCount` (when not null) overrides `weight`. */
export interface DispatchClass {
  name: string;
  /** Whole number >= 0; weighted classes share the users the fixed classes leave. */
  weight: number;
  /** Exactly this many users of the class (taken first), or null to use the weight. */
  fixedCount: number | null;
}

export interface DispatchInput {
  classes: DispatchClass[];
  /** Global target number of users (whole number >= 0). */
  users: number;
  /** Global spawn rate in users per second (finite, > 0): starts and stops across the cluster. */
  spawnRate: number;
  /** Worker ids in join order. */
  workers: string[];
  /** The dispatch currently applied; the new one moves as few users as it can from it. */
  previous?: DispatchResult;
}

/** One worker's share. */
export interface WorkerShare {
  /** Users per class name (every class is listed, 0 included). */
  users: Record<string, number>;
  /** Sum of `users`. */
  total: number;
  /**
   * Users per second this worker starts or stops to reach its share: the global rate split in
   * proportion to the starts + stops each worker must make, so every worker finishes together.
   * 0 when this worker has nothing to change (and some other worker does).
   */
  spawnRate: number;
}

export interface DispatchResult {
  /** Keyed by worker id; empty when there are no workers yet. */
  perWorker: Record<string, WorkerShare>;
  /** Global users per class name; adds up to the target. */
  perClass: Record<string, number>;
}
