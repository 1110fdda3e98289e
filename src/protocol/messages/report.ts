import type { IntervalSnapshot } from '../../stats/types.js';
import { message, Shape } from '../check.js';
import { LIMITS } from '../constants.js';
import { decodeIntervalSnapshot } from '../snapshot.js';
import type { MessageSpec } from '../spec.js';

export const REPORT = 'report';

/**
 * Worker → master, every report interval. The worker keeps it until an `ack` covers its seq,
 * and sends it again after a reconnect; the master applies each (workerId, instance, seq) once.
 */
export interface ReportMessage {
  t: typeof REPORT;
  /** 1, 2, 3, … per worker process (instance), never reused. */
  seq: number;
  /** Users per class running on the worker at the end of the interval. */
  users: Record<string, number>;
  snapshot: IntervalSnapshot;
  /** The last report of a run (sent after all users stopped, before `stopped`). */
  final: boolean;
  /**
   * Reports this worker process dropped so far because its unacked buffer was full (cumulative).
   * Their requests are lost to the master's totals, which must say so.
   */
  dropped: number;
}

export function report(f: Omit<ReportMessage, 't'>): ReportMessage {
  return { t: REPORT, seq: f.seq, users: f.users, snapshot: f.snapshot, final: f.final, dropped: f.dropped };
}

const SHAPE = new Shape(['t', 'seq', 'users', 'snapshot', 'final', 'dropped']);

export function decodeReport(u: unknown): ReportMessage {
  const f = message(u, REPORT, SHAPE);
  return {
    t: REPORT,
    seq: f.int('seq', 1),
    users: f.counts('users', LIMITS.userClasses, LIMITS.classNameChars),
    snapshot: decodeIntervalSnapshot(f.raw('snapshot'), f.path, 'snapshot'),
    final: f.bool('final'),
    dropped: f.int('dropped'),
  };
}

export const reportSpec = { tag: REPORT, direction: 'worker-to-master', decode: decodeReport } as const satisfies MessageSpec<ReportMessage>;
