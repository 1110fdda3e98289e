/**
 * The per-second history behind `GET /api/stats/history`, when the CLI does not hand the server
 * its own (src/master/history.ts, the same series the reports use). One sample a second while a
 * run is going; a new run started from the API starts a new history.
 */
import type { Master } from '../master.js';
import { History, sampleOf, type HistoryPoint } from '../history.js';

/** What the API reads from a history (History fits). */
export interface HistorySource {
  points(): HistoryPoint[];
  readonly stepS: number;
}

export class HistorySampler implements HistorySource {
  #master: Master;
  #history = new History();
  #timer: NodeJS.Timeout;

  constructor(master: Master, periodMs = 1000) {
    this.#master = master;
    this.#timer = setInterval(() => this.sample(), periodMs);
    this.#timer.unref();
  }

  get stepS(): number {
    return this.#history.stepS;
  }

  points(): HistoryPoint[] {
    return this.#history.points();
  }

  /** Adds the current second's point if a run is going. */
  sample(): void {
    const s = this.#master.state;
    if (s !== 'spawning' && s !== 'running' && s !== 'stopping') return;
    this.#history.add(sampleOf(this.#master.view(), this.#master.runningUsers));
  }

  /** Forgets the points (a new run). */
  restart(): void {
    this.#history = new History();
  }

  close(): void {
    clearInterval(this.#timer);
  }
}
