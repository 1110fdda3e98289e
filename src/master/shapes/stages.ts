import { StampedeError } from '../../errors.js';
import { parseDurationMs } from '../../cli/duration.js';

/** One k6-style stage: ramp linearly to `target` over `durationMs`. */
export interface Stage {
  durationMs: number;
  target: number;
}

/**
 * Parses `--stages "30s:20,1m:50,30s:0"`: each item is `duration:target`. Targets are users, or
 * arrivals per second in the open model.
 */
export function parseStages(text: string): Stage[] {
  const items = text.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (items.length === 0) throw bad(text, 'no stage given');
  return items.map((item) => {
    const m = /^([^:]+):\s*(\d+(?:\.\d+)?)$/.exec(item);
    if (!m || m[1] === undefined || m[2] === undefined) throw bad(text, `'${item}' is not duration:target`);
    let durationMs: number;
    try {
      durationMs = parseDurationMs(m[1].trim(), '--stages duration');
    } catch (err) {
      throw bad(text, (err as Error).message);
    }
    return { durationMs, target: Number(m[2]) };
  });
}

function bad(text: string, why: string): StampedeError {
  return new StampedeError('STAMPEDE_ERR_USAGE', `invalid --stages '${text}': ${why}. Write it like "30s:20,1m:50,30s:0" (duration:target, comma separated)`);
}

/** Far enough in the future to mean "until stopped" in a rate stage. */
export const FOREVER_MS = 100 * 365 * 86_400_000;

/** Total length of the stages. */
export function stagesLengthMs(stages: readonly Stage[]): number {
  return stages.reduce((sum, s) => sum + s.durationMs, 0);
}

/** The value at `tMs` after the start, ramping linearly from `start` through the stages; the last target after the end. */
export function valueAt(stages: readonly Stage[], start: number, tMs: number): number {
  let from = start;
  let t = Math.max(0, tMs);
  for (const s of stages) {
    if (t < s.durationMs) return from + ((s.target - from) * t) / s.durationMs;
    t -= s.durationMs;
    from = s.target;
  }
  return from;
}

/** The slope (per second) of the stage running at `tMs`; 0 past the end. */
export function slopeAt(stages: readonly Stage[], start: number, tMs: number): number {
  let from = start;
  let t = Math.max(0, tMs);
  for (const s of stages) {
    if (t < s.durationMs) return s.durationMs === 0 ? 0 : ((s.target - from) * 1000) / s.durationMs;
    t -= s.durationMs;
    from = s.target;
  }
  return 0;
}
