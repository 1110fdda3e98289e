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
        [opts.entryScript, '--worker', '--master-host', '127.0.0.1', '--master-port', String(opts.port), '--loglevel', opts.loglevel, '--master-connect-timeout', '30s', '--worker-id', `local-${i + 1}`],
        { env: { ...opts.env, STAMPEDE_AUTH_TOKEN: opts.token, STAMPEDE_MASTER: undefined, STAMPEDE_WORKER: undefined }, stdio: ['ignore', 'inherit', 'pipe'] },
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
