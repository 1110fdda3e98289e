import type { StatsView } from '../../stats/view.js';

/** What a shape asks for at one tick: Locust's LoadTestShape.tick() result. */
export interface ShapeTick {
  users: number;
  spawnRate: number;
  /** Only these user classes (default: all). */
  classes?: string[];
}

export interface ShapeContext {
  /** Seconds since the run started. */
  elapsed: number;
  /** Users running now, as the workers last reported. */
  users: number;
  /** The merged stats so far (the current window is in `current`). */
  stats: StatsView;
}

/** A load shape: evaluated on the master about once a second; null ends the run. */
export interface ShapeSource {
  readonly name: string;
  next(ctx: ShapeContext): ShapeTick | null;
  /** A line for the summary (e.g. the breakpoint's last good step), if the shape has one. */
  outcome?(): string | null;
}
