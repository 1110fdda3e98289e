import type { Logger } from '../logger.js';
import type { HelloMessage } from '../protocol/index.js';
import type { WorkerPeer } from './peer.js';
import { unreceivedReports } from './lost-reports.js';
import { SeqTracker } from './seq-tracker.js';
import { WorkerEntry } from './worker-entry.js';

/** The master's worker registry: ids, join order, and the rules for a worker coming back. */
export class WorkerRegistry {
  readonly byId = new Map<string, WorkerEntry>();
  #nextIndex = 0;
  #log: Logger;

  constructor(logger: Logger) {
    this.#log = logger;
  }

  /**
   * Adds a new worker, or re-attaches a known one. The same process (same instance) keeps its
   * seq history, so resent reports are deduplicated; a restarted process starts afresh.
   */
  register(peer: WorkerPeer, hello: HelloMessage, rejoin: boolean): WorkerEntry {
    const known = this.byId.get(hello.workerId);
    if (known === undefined || !rejoin) {
      const entry = new WorkerEntry({ ...hello, id: hello.workerId, index: this.#nextIndex++, peer });
      this.byId.set(entry.id, entry);
      this.#log.info({ worker: entry.id, host: entry.host, remote: peer.remote }, 'worker connected');
      return entry;
    }
    const old = known.peer;
    known.peer = peer;
    if (old && old !== peer) old.terminate();
    if (known.instance !== hello.instance) {
      // The old process is gone: whatever it never delivered is lost for good.
      known.lostBefore += unreceivedReports(known, true);
      known.droppedReports = 0;
      known.reportsDue = false;
      known.instance = hello.instance;
      known.pid = hello.pid;
      known.host = hello.host;
      known.seq = new SeqTracker();
      known.bundleLoaded = false;
      known.planned = false;
      known.users = {};
    }
    const wasLost = known.state === 'lost';
    known.state = wasLost || !known.bundleLoaded ? 'connecting' : known.stateBeforeMissing;
    this.#log.info({ worker: known.id, wasLost }, 'worker reconnected');
    return known;
  }

  /** Workers that loaded the bundle and can take users, in join order. */
  ready(): WorkerEntry[] {
    return [...this.byId.values()].filter((w) => w.active && w.bundleLoaded).sort((a, b) => a.index - b.index);
  }

  /** Spread of the workers' actual start times in ms (null before any start). */
  startSkewMs(): number | null {
    const starts = [...this.byId.values()].map((w) => w.startedAt).filter((s): s is number => s !== null);
    if (starts.length === 0) return null;
    return Math.max(...starts) - Math.min(...starts);
  }
}

/** Same users per class (missing keys count as 0). */
export function sameCounts(a: Record<string, number>, b: Record<string, number>): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of keys) if ((a[k] ?? 0) !== (b[k] ?? 0)) return false;
  return true;
}
