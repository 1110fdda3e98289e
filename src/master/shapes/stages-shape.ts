import { slopeAt, stagesLengthMs, valueAt, type Stage } from './stages.js';
import type { ShapeSource, ShapeTick } from './types.js';

/**
 * Users that follow k6-style stages: each tick targets the value one tick ahead, at the ramp's
 * own slope, so the user count tracks the line; the run ends after the last stage.
 */
export function stagesShape(stages: readonly Stage[], tickMs = 1000): ShapeSource {
  const length = stagesLengthMs(stages);
  return {
    name: 'stages',
    next({ elapsed }): ShapeTick | null {
      const t = elapsed * 1000;
      if (t >= length) return null;
      const ahead = Math.min(length, t + tickMs);
      const users = Math.round(valueAt(stages, 0, ahead));
      const slope = Math.abs(slopeAt(stages, 0, t));
      return { users, spawnRate: Math.max(1, Math.ceil(slope)) };
    },
  };
}
