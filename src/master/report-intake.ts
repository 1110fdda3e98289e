/**
 * How the master takes in one worker's report: bound the seq gaps, ack duplicates without
 * counting them, check the numbers are plausible, merge, ack. A report that is refused closes
 * that worker's connection (4000) and nothing of it is merged; the log line is rate-limited.
 */
import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import * as wire from '../protocol/index.js';
import { CloseCode, type ReportMessage } from '../protocol/index.js';
import { OVERFLOW_METHOD, OVERFLOW_NAME, type Aggregator } from '../stats/index.js';
import { printable, type LogLimiter } from './log-limiter.js';
import type { WorkerPeer } from './peer.js';
import { checkPlausible } from './report-sanity.js';
import type { WorkerEntry } from './worker-entry.js';

/** Reports a worker may send beyond a missing seq before the master closes it (bounds memory). */
export const MAX_SEQ_GAPS = 10_000;

export interface IntakeOptions {
  aggregator: Aggregator;
  clock: Clock;
  logger: Logger;
  limiter: LogLimiter;
  /**
   * A new report whose interval ended before the last reset of the statistics (--warmup,
   * --reset-stats, POST /api/reset): the final statistics leave it out, but it is part of the run
   * (the HDR log keeps the whole run).
   */
  onBeforeReset?: (snapshot: ReportMessage['snapshot']) => void;
}

export class ReportIntake {
  readonly #o: IntakeOptions;
  #overflowWarned = false;

  constructor(options: IntakeOptions) {
    this.#o = options;
  }

  /**
   * True when the report was new and merged; the worker's users, rate and state are then updated
   * (`openModel`: there is no ramp, so a planned worker is running).
   */
  take(entry: WorkerEntry, peer: WorkerPeer, msg: ReportMessage, openModel: boolean): boolean {
    if (entry.seq.pendingAboveGap >= MAX_SEQ_GAPS) {
      this.#refuse(entry, peer, 'seq-gaps', `too many reports beyond a gap in seq (${MAX_SEQ_GAPS}): seq numbers must count up from 1`);
      return false;
    }
    if (entry.seq.has(msg.seq)) {
      peer.send(wire.ack(msg.seq));
      return false;
    }
    let merged: boolean;
    try {
      checkPlausible(msg.snapshot, this.#o.clock.now());
      merged = this.#o.aggregator.add(msg.snapshot, entry.id);
    } catch (err) {
      this.#refuse(entry, peer, 'bad-report', (err as Error).message);
      return false;
    }
    if (!merged) this.#o.onBeforeReset?.(msg.snapshot);
    entry.seq.accept(msg.seq);
    entry.droppedReports = msg.dropped;
    if (msg.final) entry.reportsDue = false;
    peer.send(wire.ack(msg.seq));
    this.#warnOverflow();
    this.#figures(entry, msg, openModel);
    return true;
  }

  #figures(entry: WorkerEntry, msg: ReportMessage, openModel: boolean): void {
    entry.users = msg.users;
    entry.lastReportAt = this.#o.clock.now();
    let count = 0;
    for (const e of msg.snapshot.entries) count += e.count;
    const intervalMs = msg.snapshot.end - msg.snapshot.start;
    entry.rps = intervalMs > 0 ? (count * 1000) / intervalMs : 0;
    if (entry.planned && (entry.state === 'spawning' || entry.state === 'running')) {
      entry.state = openModel || entry.totalUsers === entry.totalTarget ? 'running' : 'spawning';
    }
  }

  #refuse(entry: WorkerEntry, peer: WorkerPeer, reason: string, message: string): void {
    this.#o.limiter.log(this.#o.logger, 'warn', reason, { worker: entry.id, remote: peer.remote, err: printable(message) }, 'closing a worker that sent a report the master refuses; its data so far is kept');
    peer.close(CloseCode.BAD_FRAME, message);
  }

  /** Once per master: the endpoint cap was reached (here or on a worker) and names are being grouped. */
  #warnOverflow(): void {
    if (this.#overflowWarned || this.#o.aggregator.histogramOf(OVERFLOW_METHOD, OVERFLOW_NAME) === null) return;
    this.#overflowWarned = true;
    const n = this.#o.aggregator.maxEndpoints;
    this.#o.logger.warn(
      { maxEndpoints: n },
      `more than ${n} endpoint names: URLs with ids and no \`name\` option? group them with name: '/api/users/{id}'. The rest are counted under '${OVERFLOW_METHOD} ${OVERFLOW_NAME}'; raise --max-endpoints if the names are really distinct`,
    );
  }
}
