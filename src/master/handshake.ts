import * as wire from '../protocol/index.js';
import { CloseCode, PROTOCOL_VERSION, type HelloMessage, type WorkerMessage } from '../protocol/index.js';
import type { MasterOptions } from './master-types.js';
import type { WorkerPeer } from './peer.js';
import type { WorkerEntry } from './worker-entry.js';

export type HelloVerdict =
  | { kind: 'new'; hello: HelloMessage }
  | { kind: 'rejoin'; hello: HelloMessage }
  | { kind: 'refuse'; code: number; reason: string };

/**
 * Decides what a first message on a new connection means: a new worker, a known worker coming
 * back (same id after a dropped connection, or a restarted process reusing its id), or a refusal
 * with a documented close code.
 */
export function acceptHello(msg: WorkerMessage, workers: ReadonlyMap<string, WorkerEntry>): HelloVerdict {
  if (msg.t !== 'hello') {
    return { kind: 'refuse', code: CloseCode.UNEXPECTED_MESSAGE, reason: `expected hello as the first message, got ${msg.t}` };
  }
  if (msg.protocolVersion !== PROTOCOL_VERSION) {
    return {
      kind: 'refuse',
      code: CloseCode.VERSION_MISMATCH,
      reason: `protocol version ${msg.protocolVersion} is not the master's ${PROTOCOL_VERSION}: run the same stampede version (master ${PROTOCOL_VERSION}) on every machine`,
    };
  }
  const known = workers.get(msg.workerId);
  if (known === undefined) return { kind: 'new', hello: msg };
  const sameProcess = known.instance === msg.instance;
  const alive = known.peer !== null && known.peer.open && known.state !== 'missing' && known.state !== 'lost';
  if (alive && !sameProcess) {
    return {
      kind: 'refuse',
      code: CloseCode.DUPLICATE_WORKER_ID,
      reason: `worker id '${msg.workerId}' is already connected from ${known.host}: give each worker its own --worker-id`,
    };
  }
  return { kind: 'rejoin', hello: msg };
}

/**
 * The master's answer to an accepted hello: `welcome` (its index, the heartbeat and report
 * intervals, the master's clock), then the bundle unless this worker process already loaded it.
 */
export function greet(peer: WorkerPeer, entry: WorkerEntry, o: { reportIntervalMs: number; masterTime: number; bundle: MasterOptions['bundle'] }): void {
  peer.send(wire.welcome({ index: entry.index, workerId: entry.id, heartbeatMs: 1000, reportIntervalMs: o.reportIntervalMs, masterTime: o.masterTime }));
  if (!entry.bundleLoaded) peer.send(wire.bundle({ code: o.bundle.code, hash: o.bundle.hash, filename: o.bundle.filename }));
}
