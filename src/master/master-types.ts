import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import type { DispatchClass } from './dispatch.js';
import type { OpenTarget } from './open-split.js';

export interface MasterOptions {
  logger: Logger;
  clock: Clock;
  bundle: { code: string; hash: string; filename: string };
  classes: DispatchClass[];
  heartbeatTimeoutMs: number;
  onWorkerLoss: 'rebalance' | 'continue' | 'abort';
  reportIntervalMs: number;
  stopTimeoutMs: number;
  tags: string[];
  excludeTags: string[];
  /** Distinct endpoint names kept apart (`--max-endpoints`); the rest are grouped as '* (other)'. Default 1000. */
  maxEndpoints?: number;
}

export interface RunTarget {
  users: number;
  spawnRate: number;
  host: string;
  runTimeMs: number | null;
  /** Only these user classes (a custom shape's `classes`); default all. */
  classes?: string[];
  /** The open model: arrivals on a schedule instead of a user count (`users` is then ignored). */
  open?: OpenTarget;
}

export interface AbortReason {
  kind: 'worker-load' | 'worker-lost';
  message: string;
}

