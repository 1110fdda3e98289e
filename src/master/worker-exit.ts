/** How the master ends its workers' part: waiting for `stopped` after a stop, and quitting them. */
import * as wire from '../protocol/index.js';
import type { WorkerEntry } from './worker-entry.js';

/** Time a worker has to close its connection after `quit` before the master drops it. */
const QUIT_GRACE_MS = 3000;

/** The workers told to stop whose `stopped` has not come yet; a lost worker is let off. */
export class StopBarrier {
  readonly #waiters = new Map<string, () => void>();

  /** Resolves when `arrived(id)` is called. */
  expect(id: string): Promise<void> {
    return new Promise<void>((resolve) => this.#waiters.set(id, resolve));
  }

  arrived(id: string): void {
    this.#waiters.get(id)?.();
    this.#waiters.delete(id);
  }

  clear(): void {
    this.#waiters.clear();
  }
}

/** Sends `quit` to every connected worker, waits up to QUIT_GRACE_MS for each to close, then drops what is left. */
export async function quitWorkers(workers: Iterable<WorkerEntry>): Promise<void> {
  const all = [...workers];
  const closes: Promise<void>[] = [];
  for (const w of all) {
    const peer = w.peer;
    if (peer === null || !peer.open) continue;
    closes.push(new Promise<void>((resolve) => {
      peer.onClose(() => resolve());
      setTimeout(resolve, QUIT_GRACE_MS).unref();
    }));
    peer.send(wire.quit());
  }
  await Promise.all(closes);
  for (const w of all) w.peer?.terminate();
}
