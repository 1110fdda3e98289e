import { spawn, type ChildProcess } from 'node:child_process';

/**
 * The worker processes of a standalone run: `--processes N` copies of this CLI in worker mode,
 * joined to the in-process master over loopback with a random token.
 */
export class LocalWorkers {
  #children: ChildProcess[] = [];

  start(n: number, opts: { entryScript: string; port: number; token: string; loglevel: string; env: Record<string, string | undefined>; stderr: NodeJS.WritableStream }): void {
    for (let i = 0; i < n; i++) {
      const child = spawn(
        process.execPath,
        [...process.execArgv, opts.entryScript, '--worker', '--master-host', '127.0.0.1', '--master-port', String(opts.port), '--loglevel', opts.loglevel, '--master-connect-timeout', '30s', '--worker-id', `local-${i + 1}`],
        { env: workerEnv(opts.env, opts.token), stdio: ['ignore', 'inherit', 'pipe'] },
      );
      child.stderr?.pipe(opts.stderr as NodeJS.WritableStream, { end: false });
      this.#children.push(child);
    }
  }

  /** Waits for every child to exit; kills what is left after `ms`. */
  async waitExit(ms: number): Promise<void> {
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
