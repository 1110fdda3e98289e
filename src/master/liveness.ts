import type { WorkerState } from './worker-entry.js';
import { MISSING_AFTER_MS } from '../protocol/index.js';

export type LivenessChange = 'missing' | 'lost' | null;

/**
 * The liveness rule as a pure function: what should happen to a worker that was last heard
 * from at `lastSeen`, given its state, now, and the heartbeat timeout.
 */
export function livenessChange(state: WorkerState, lastSeen: number, now: number, heartbeatTimeoutMs: number): LivenessChange {
  if (state === 'lost' || state === 'connecting') return null;
  const silence = now - lastSeen;
  if (silence >= heartbeatTimeoutMs) return 'lost';
  if (silence >= MISSING_AFTER_MS && state !== 'missing') return 'missing';
  return null;
}
