/** Starts the ingest simulator (bench/ingest/sim.ts) and talks to it over IPC. */
import { Proc } from '../lib/child.js';
import { BenchError } from '../lib/errors.js';
import { tsNodeArgs, type BenchContext } from '../lib/context.js';
import type { SimCommand, SimStats } from './sim-protocol.js';

export class SimClient {
  readonly proc: Proc;
  #nextId = 0;

  private constructor(proc: Proc) {
    this.proc = proc;
  }

  static async start(ctx: BenchContext): Promise<SimClient> {
    const proc = new Proc('ingest simulator', ctx.node, tsNodeArgs(ctx, 'bench/ingest/sim.ts'), { env: ctx.env, cwd: ctx.root, ipc: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new BenchError('STAMPEDE_ERR_BENCH_TIMEOUT', `the ingest simulator did not start within 15 s: ${proc.output().slice(-1000)}`)), 15_000);
      proc.child.once('message', () => {
        clearTimeout(timer);
        resolve();
      });
    });
    return new SimClient(proc);
  }

  send(cmd: SimCommand): void {
    if (this.proc.child.connected) this.proc.child.send(cmd);
  }

  /** Counters so far; `reset` starts a new ack-latency window. */
  stats(reset = false): Promise<SimStats> {
    const id = ++this.#nextId;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.proc.child.off('message', onMessage);
        reject(new BenchError('STAMPEDE_ERR_BENCH_TIMEOUT', 'the ingest simulator did not answer within 10 s (overloaded?)'));
      }, 10_000);
      const onMessage = (m: SimStats): void => {
        if (m.t !== 'stats' || m.id !== id) return;
        clearTimeout(timer);
        this.proc.child.off('message', onMessage);
        resolve(m);
      };
      this.proc.child.on('message', onMessage);
      this.send({ t: 'stats', id, reset });
    });
  }

  async end(): Promise<void> {
    this.send({ t: 'end' });
    await this.proc.waitExit(10_000);
  }
}
