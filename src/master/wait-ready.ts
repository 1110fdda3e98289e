/** What waitForReady needs of the master: its ready workers and its change events. */
export interface ReadySource {
  readyWorkers(): readonly unknown[];
  onChange(fn: () => void): () => void;
}

/** Resolves true once `n` workers are ready, or false when `maxWaitMs` passes first (undefined: wait forever). */
export function waitForReady(source: ReadySource, n: number, maxWaitMs: number | undefined): Promise<boolean> {
  return new Promise((resolve) => {
    const check = (): boolean => source.readyWorkers().length >= n;
    if (check()) return resolve(true);
    const timer = maxWaitMs === undefined ? null : setTimeout(() => {
      off();
      resolve(check());
    }, maxWaitMs);
    const off = source.onChange(() => {
      if (check()) {
        if (timer) clearTimeout(timer);
        off();
        resolve(true);
      }
    });
  });
}
