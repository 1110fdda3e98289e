/**
 * Interval reports a worker made that will never reach the master, as far as the master can
 * know (docs/guarantees.md):
 * - seqs below the highest one received that never came (a gap left by a process that died);
 * - reports the worker dropped itself from its full unacked buffer (`report.dropped`);
 * - the interval under way when a worker with a share of the run was lost, or was still silent
 *   when the run ended: its final report never came. That is one report (a partial interval);
 *   reports a dead worker made but never managed to send are invisible to the master and are
 *   counted in it.
 */
import type { WorkerEntry } from './worker-entry.js';

/** What `entry`'s current process has not delivered; `ended`: the run is over or the process gone. */
export function unreceivedReports(entry: WorkerEntry, ended: boolean): number {
  const trailing = entry.reportsDue && (ended || entry.state === 'lost') ? 1 : 0;
  return entry.seq.missing + entry.droppedReports + trailing;
}

/** Reports lost so far over every worker id, including processes that a restart replaced. */
export function lostReports(entries: Iterable<WorkerEntry>, runEnded: boolean): number {
  let n = 0;
  for (const e of entries) n += e.lostBefore + unreceivedReports(e, runEnded);
  return n;
}
