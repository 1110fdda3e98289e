/** Starts bench/targets/node-server.ts as a child process and reads its counters over IPC. */
import { Proc } from '../lib/child.js';
import { BenchError } from '../lib/errors.js';
import { tsNodeArgs, type BenchContext } from '../lib/context.js';
import type { Target } from './target.js';

interface Stats {
  t: 'stats';
  id: number;
  requests: number;
  open: number;
}

export async function startNodeTarget(ctx: BenchContext): Promise<Target> {
  const proc = new Proc('node target', ctx.node, tsNodeArgs(ctx, 'bench/targets/node-server.ts'), { env: ctx.env, cwd: ctx.root, ipc: true });
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new BenchError('STAMPEDE_ERR_BENCH_TIMEOUT', `the node target did not listen within 10 s: ${proc.output().slice(-1000)}`)), 10_000);
    proc.child.on('message', (m: { t?: string; port?: number }) => {
      if (m.t !== 'listening' || typeof m.port !== 'number') return;
      clearTimeout(timer);
      resolve(m.port);
    });
  });
  let nextId = 0;
  const stats = (): Promise<Stats> =>
    new Promise((resolve, reject) => {
      const id = ++nextId;
      const timer = setTimeout(() => {
        proc.child.off('message', onMessage);
        reject(new BenchError('STAMPEDE_ERR_BENCH_TARGET', 'the node target did not answer a stats query within 5 s'));
      }, 5000);
      const onMessage = (m: Stats): void => {
        if (m.t !== 'stats' || m.id !== id) return;
        clearTimeout(timer);
        proc.child.off('message', onMessage);
        resolve(m);
      };
      proc.child.on('message', onMessage);
      proc.child.send({ t: 'stats', id });
    });
  return {
    kind: 'node',
    url: `http://127.0.0.1:${port}`,
    pid: proc.pid,
    requests: async () => (await stats()).requests,
    connections: async () => (await stats()).open,
    stop: async () => {
      if (proc.child.connected) proc.child.disconnect();
      await proc.stop('SIGTERM', 5000);
    },
  };
}
