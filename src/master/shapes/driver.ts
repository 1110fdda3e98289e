import type { Clock } from '../../clock.js';
import type { Logger } from '../../logger.js';
import type { Master } from '../master.js';
import type { ShapeSource, ShapeTick } from './types.js';

export interface ShapeDriverOptions {
  master: Master;
  source: ShapeSource;
  host: string;
  clock: Clock;
  logger: Logger;
  tickMs?: number;
}

/**
 * Evaluates a load shape on the master about once a second and applies it: the first tick starts
 * the run, a changed tick retargets it (dispatched with its spawn rate), null ends it.
 */
export class ShapeDriver {
  #o: ShapeDriverOptions;
  #timer: NodeJS.Timeout | null = null;
  #startedAt = 0;
  #last: ShapeTick | null = null;
  #ended = false;

  constructor(options: ShapeDriverOptions) {
    this.#o = options;
  }

  /** Starts the run; `onEnd` is called once, when the shape returns null or throws. */
  start(onEnd: (err?: Error) => void): void {
    this.#startedAt = this.#o.clock.now();
    const tick = (): void => {
      let next: ShapeTick | null;
      try {
        next = this.#o.source.next({ elapsed: this.#elapsedS(), users: this.#o.master.runningUsers, stats: this.#o.master.view() });
      } catch (err) {
        this.stop();
        onEnd(err as Error);
        return;
      }
      if (next === null) {
        this.#o.logger.info({ shape: this.#o.source.name }, 'the load shape ended the run');
        this.stop();
        onEnd();
        return;
      }
      if (!sameTick(this.#last, next)) {
        this.#last = next;
        this.#o.master.start({ users: next.users, spawnRate: next.spawnRate, host: this.#o.host, runTimeMs: null, ...(next.classes ? { classes: next.classes } : {}) });
      }
    };
    tick();
    if (this.#ended) return;
    // Later ticks land on whole seconds after the synchronized start (which is a moment after the
    // first tick), so a shape sees elapsed ≈ 1, 2, 3 … and its `elapsed < 60` steps switch on time.
    const tickMs = this.#o.tickMs ?? 1000;
    const startDelay = Math.max(0, (this.#o.master.runStartedAt ?? this.#startedAt) - this.#o.clock.now());
    this.#timer = setTimeout(() => {
      if (this.#ended) return;
      this.#timer = setInterval(tick, tickMs);
      tick();
    }, tickMs + startDelay);
  }

  stop(): void {
    this.#ended = true;
    if (this.#timer) {
      clearTimeout(this.#timer);
      clearInterval(this.#timer);
    }
    this.#timer = null;
  }

  #elapsedS(): number {
    const start = this.#o.master.runStartedAt ?? this.#startedAt;
    return Math.max(0, this.#o.clock.now() - start) / 1000;
  }
}

function sameTick(a: ShapeTick | null, b: ShapeTick): boolean {
  if (a === null) return false;
  return a.users === b.users && a.spawnRate === b.spawnRate && (a.classes ?? []).join('\u0000') === (b.classes ?? []).join('\u0000');
}
