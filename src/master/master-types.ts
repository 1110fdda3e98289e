import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import type { DispatchClass } from './dispatch.js';

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
}

export interface RunTarget {
  users: number;
  spawnRate: number;
  host: string;
  runTimeMs: number | null;
}

export interface AbortReason {
  kind: 'worker-load' | 'worker-lost';
  message: string;
}

