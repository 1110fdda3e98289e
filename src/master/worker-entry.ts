import type { WorkerPeer } from './peer.js';
import { SeqTracker } from './seq-tracker.js';

export type WorkerState = 'connecting' | 'ready' | 'spawning' | 'running' | 'missing' | 'lost';

/** What the master knows about one worker. */
export class WorkerEntry {
  readonly id: string;
  index: number;
  host: string;
  pid: number;
  cpus: number;
  version: string;
  instance: string;
  state: WorkerState = 'connecting';
  peer: WorkerPeer | null;
  /** Users per class the worker last reported running. */
  users: Record<string, number> = {};
  /** Users per class it was last told to run. */
  target: Record<string, number> = {};
  bundleLoaded = false;
  seq = new SeqTracker();
  lastReportAt = 0;
  /** Master time it was last heard from (any frame or pong), kept when its connection drops. */
  lastSeen = 0;
  /** Requests per second in its last report. */
  rps = 0;
  cpuPercent = 0;
  rssBytes = 0;
  loopLagMs = 0;
  /** Master time at which it began its plan, for the start-skew figure. */
  startedAt: number | null = null;
  /** Reports it had to drop because its unacked buffer was full (it says so; cumulative per process). */
  droppedReports = 0;
  /** Reports lost by earlier processes with this id (a restart replaced them): see lost-reports.ts. */
  lostBefore = 0;
  /** It was given a share of the current run and its final report has not been applied yet. */
  reportsDue = false;
  /** Whether it has already been given its share for the current run. */
  planned = false;
  /** The state before it went missing, to restore when it comes back. */
  stateBeforeMissing: WorkerState = 'ready';

  constructor(init: { id: string; index: number; host: string; pid: number; cpus: number; version: string; instance: string; peer: WorkerPeer }) {
    this.id = init.id;
    this.index = init.index;
    this.host = init.host;
    this.pid = init.pid;
    this.cpus = init.cpus;
    this.version = init.version;
    this.instance = init.instance;
    this.peer = init.peer;
  }

  /** Silent or disconnected: shown as missing, its state kept to restore when it is heard again. A lost worker stays lost. */
  markMissing(): void {
    if (this.state === 'missing' || this.state === 'lost') return;
    this.stateBeforeMissing = this.state;
    this.state = 'missing';
  }

  get totalUsers(): number {
    let n = 0;
    for (const v of Object.values(this.users)) n += v;
    return n;
  }

  get totalTarget(): number {
    let n = 0;
    for (const v of Object.values(this.target)) n += v;
    return n;
  }

  /** Connected and able to take users. */
  get active(): boolean {
    return this.state !== 'lost' && this.state !== 'connecting' && this.peer !== null;
  }
}
