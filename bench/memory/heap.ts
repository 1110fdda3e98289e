/**
 * Heap snapshot of a stampede worker holding N idle users: a `--master` CLI plus
 * `node --heapsnapshot-signal=SIGUSR2 dist/cli/main.js --worker`, signalled once every user
 * has connected, then summarised per kind of object.
 */
import { mkdirSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { pollUntil, sleep } from '../lib/child.js';
import { summariseHeap, type HeapSummary } from '../lib/heapsnapshot.js';
import { startMaster, startWorker } from '../lib/stampede.js';
import type { BenchContext } from '../lib/context.js';
import type { Target } from '../targets/target.js';

export async function heapOfIdleUsers(ctx: BenchContext, target: Target, users: number, spawnRate: number): Promise<HeapSummary> {
  const dir = path.join(ctx.tmp, `memory-heap-${users}`);
  mkdirSync(dir, { recursive: true });
  const c0 = await target.connections();
  const { proc: master, port } = await startMaster(ctx, { loadfile: 'bench/loadfiles/idle.ts', host: target.url, users, spawnRate, runTimeS: 300, expectWorkers: 1 });
  const worker = startWorker(ctx, port, ['--heapsnapshot-signal=SIGUSR2', `--diagnostic-dir=${dir}`]);
  try {
    await pollUntil(`${users} users connected (heap snapshot run)`, 120_000, 100, async () => ((await target.connections()) - c0 >= users ? true : undefined));
    await sleep(3000);
    worker.child.kill('SIGUSR2');
    let previous = -1;
    // Complete once its size stops changing between two polls.
    const file = await pollUntil('the worker to write its heap snapshot', 120_000, 500, () => {
      const name = readdirSync(dir).find((f) => f.endsWith('.heapsnapshot'));
      if (name === undefined) return undefined;
      const full = path.join(dir, name);
      const size = statSync(full).size;
      const done = size > 0 && size === previous;
      previous = size;
      return done ? full : undefined;
    });
    return summariseHeap(file);
  } finally {
    await master.stop('SIGINT', 30_000);
    await worker.stop('SIGKILL', 5000);
    await pollUntil('the worker connections to close', 30_000, 100, async () => ((await target.connections()) <= c0 ? true : undefined));
  }
}
