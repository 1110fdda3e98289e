import { spawn, type ChildProcess } from 'node:child_process';

/**
 * The worker processes of a standalone run: `--processes N` copies of this CLI in worker mode,
 * joined to the in-process master over loopback with a random token.
 */
export class LocalWorkers {
  #children: ChildProcess[] = [];
  /** Set once the run is over and the children are expected to exit. */
  #leaving = false;

  /**
   * Starts `n` workers with ids local-1 … local-n. `onExit` hears of a child that crashes (exits
   * with a code other than 0, or by a signal) before waitExit() or kill().
   */
  start(
    n: number,
    opts: { entryScript: string; port: number; token: string; loglevel: string; env: Record<string, string | undefined>; stderr: NodeJS.WritableStream },
    onExit?: (id: string, detail: string) => void,
  ): void {
    for (let i = 0; i < n; i++) {
      const id = `local-${i + 1}`;
      const child = spawn(
        process.execPath,
        [...process.execArgv, opts.entryScript, '--worker', '--master-host', '127.0.0.1', '--master-port', String(opts.port), '--loglevel', opts.loglevel, '--master-connect-timeout', '30s', '--worker-id', id],
        { env: workerEnv(opts.env, opts.token), stdio: ['ignore', 'inherit', 'pipe'] },
      );
      child.stderr?.pipe(opts.stderr as NodeJS.WritableStream, { end: false });
      child.once('exit', (code, signal) => {
        // Exit code 0 is a worker leaving on purpose (SIGINT/SIGTERM reach the children too): the
        // master has seen it leave. Anything else is a crash.
        if (this.#leaving || (signal === null && code === 0)) return;
        onExit?.(id, signal === null ? `exit code ${code ?? '?'}` : `signal ${signal}`);
      });
      this.#children.push(child);
    }
  }

  /** Children that have not exited. */
  get running(): number {
    return this.#children.filter((c) => c.exitCode === null && c.signalCode === null).length;
  }

  /** Waits for every child to exit; kills what is left after `ms`. */
  async waitExit(ms: number): Promise<void> {
    this.#leaving = true;
    await Promise.all(
      this.#children.map(
        (c) =>
          new Promise<void>((resolve) => {
            if (c.exitCode !== null || c.signalCode !== null) return resolve();
            const timer = setTimeout(() => {
              c.kill('SIGKILL');
              resolve();
            }, ms);
            c.once('exit', () => {
              clearTimeout(timer);
              resolve();
            });
          }),
      ),
    );
  }

  kill(): void {
    this.#leaving = true;
    for (const c of this.#children) if (c.exitCode === null) c.kill('SIGKILL');
  }
}

/** The parent's env for a local worker, with the token set and the role flags of the parent removed. */
function workerEnv(env: Record<string, string | undefined>, token: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) {
    if (v !== undefined && k !== 'STAMPEDE_MASTER' && k !== 'STAMPEDE_WORKER' && k !== 'STAMPEDE_WORKER_ID') out[k] = v;
  }
  out.STAMPEDE_AUTH_TOKEN = token;
  return out;
}
