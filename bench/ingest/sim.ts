/**
 * The ingest simulator process: many simulated workers (bench/ingest/sim-worker.ts) in one
 * process, driven over IPC by bench/ingest/sim-client.ts. Loopback only.
 *
 *   node --import tsx bench/ingest/sim.ts   (needs an IPC channel)
 */
import { createRequire } from 'node:module';
import { snapshotPool } from './snapshots.js';
import { SimWorker, type SimCounters } from './sim-worker.js';
import type { SimCommand, SimStats } from './sim-protocol.js';

const pkg = createRequire(import.meta.url)('../../package.json') as { version: string };
const counters: SimCounters = { connected: 0, ready: 0, started: 0, sent: 0, acked: 0, closed: 0, refused: 0, ackMs: [] };
const workers: SimWorker[] = [];
/** Connections opened per batch, and the pause between batches (the master's accept backlog). */
const BATCH = 50;
const BATCH_PAUSE_MS = 10;

function percentile(sorted: number[], q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}

function stats(id: number, reset: boolean): SimStats {
  const ack = counters.ackMs.sort((a, b) => a - b);
  const out: SimStats = {
    t: 'stats',
    id,
    connected: counters.connected,
    ready: counters.ready,
    started: counters.started,
    sent: counters.sent,
    acked: counters.acked,
    closed: counters.closed,
    refused: counters.refused,
    ackP50Ms: percentile(ack, 0.5),
    ackP99Ms: percentile(ack, 0.99),
    ackMaxMs: ack[ack.length - 1] ?? 0,
  };
  if (reset) counters.ackMs = [];
  return out;
}

async function start(cmd: Extract<SimCommand, { t: 'start' }>): Promise<void> {
  const pool = snapshotPool(32, { endpoints: cmd.endpoints, samplesPerEndpoint: cmd.samplesPerEndpoint });
  const url = `ws://127.0.0.1:${cmd.port}/`;
  for (let i = 0; i < cmd.workers; i++) {
    workers.push(new SimWorker({ url, index: i, pid: process.pid, version: pkg.version, pool, counters }));
    if (i % BATCH === BATCH - 1) await new Promise((r) => setTimeout(r, BATCH_PAUSE_MS));
  }
}

process.on('message', (cmd: SimCommand) => {
  switch (cmd.t) {
    case 'start':
      void start(cmd);
      return;
    case 'stats':
      process.send?.(stats(cmd.id, cmd.reset));
      return;
    case 'end':
      for (const w of workers) w.close();
      process.disconnect?.();
      return;
  }
});
process.send?.({ t: 'up' });
