import { StampedeError } from '../../errors.js';
import { parseDurationMs } from '../../cli/duration.js';
import type { StatsView } from '../../stats/view.js';
import type { ShapeSource, ShapeTick } from './types.js';

/** A stop condition of the breakpoint profile, checked on the last 10 s of merged data. */
export interface BreakCondition {
  text: string;
  metric: 'fail_ratio' | 'percentile';
  /** For percentiles: the fraction (0.95). */
  q: number;
  /** ms for percentiles, a ratio for fail_ratio. */
  limit: number;
}

/** Parses `--stop-when "fail_ratio>0.01,p95>500ms"` (percentiles in ms unless suffixed). */
export function parseBreakConditions(text: string): BreakCondition[] {
  const items = text.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (items.length === 0) throw bad(text, 'no condition given');
  return items.map((item) => {
    const m = /^(fail_ratio|p\(?(\d+(?:\.\d+)?)\)?)\s*>\s*(\S+)$/.exec(item);
    if (!m || m[3] === undefined) throw bad(text, `'${item}' is not fail_ratio>X or pNN>TIME`);
    if (m[1] === 'fail_ratio') {
      const limit = Number(m[3]);
      if (!(limit >= 0 && limit <= 1)) throw bad(text, `'${item}': the ratio must be between 0 and 1`);
      return { text: item, metric: 'fail_ratio', q: 0, limit };
    }
    const q = Math.round(Number(m[2]) * 1e6) / 1e8;
    if (!(q > 0 && q <= 1)) throw bad(text, `'${item}': the percentile must be in (0, 100]`);
    let limit: number;
    try {
      limit = /[a-z]$/i.test(m[3]) ? parseDurationMs(m[3]) : Number(m[3]);
    } catch {
      limit = NaN;
    }
    if (!Number.isFinite(limit)) throw bad(text, `'${item}': the limit must be a time such as 500ms or 1.5s`);
    return { text: item, metric: 'percentile', q, limit };
  });
}

function bad(text: string, why: string): StampedeError {
  return new StampedeError('STAMPEDE_ERR_USAGE', `invalid --stop-when '${text}': ${why}. Example: --stop-when "fail_ratio>0.01,p95>500ms"`);
}

/** The first crossed condition on the view's current window, with the observed value, or null. */
export function crossedCondition(view: StatsView, conditions: readonly BreakCondition[]): { condition: BreakCondition; observed: number } | null {
  const cur = view.total.current;
  for (const c of conditions) {
    if (c.metric === 'fail_ratio') {
      const observed = cur.rps > 0 ? cur.failRps / cur.rps : 0;
      if (observed > c.limit) return { condition: c, observed };
    } else {
      const observed = cur.percentiles[String(c.q)] ?? null;
      if (observed !== null && observed > c.limit) return { condition: c, observed };
    }
  }
  return null;
}

export interface BreakpointOptions {
  startUsers: number;
  stepUsers: number;
  stepMs: number;
  maxUsers: number;
  spawnRate: number;
  conditions: BreakCondition[];
}

/**
 * The breakpoint profile: hold each step for stepMs, check the conditions at its end, and add
 * stepUsers until one is crossed (or maxUsers is done); then end the run and report the last
 * good step.
 */
export function breakpointShape(o: BreakpointOptions): ShapeSource {
  let step = 0;
  let lastGood: { users: number; rps: number; p95: number | null } | null = null;
  let broke: string | null = null;
  let done = false;
  return {
    name: 'breakpoint',
    next({ elapsed, stats }): ShapeTick | null {
      if (done) return null;
      const t = elapsed * 1000;
      const users = Math.min(o.maxUsers, o.startUsers + step * o.stepUsers);
      if (t >= (step + 1) * o.stepMs) {
        const crossed = crossedCondition(stats, o.conditions);
        if (crossed !== null) {
          broke = `${users} users: ${crossed.condition.text} (observed ${crossed.observed.toFixed(crossed.condition.metric === 'fail_ratio' ? 4 : 1)})`;
          done = true;
          return null;
        }
        lastGood = { users, rps: stats.total.current.rps, p95: stats.total.current.percentiles['0.95'] ?? null };
        if (users >= o.maxUsers) {
          done = true;
          return null;
        }
        step += 1;
      }
      return { users: Math.min(o.maxUsers, o.startUsers + step * o.stepUsers), spawnRate: o.spawnRate };
    },
    outcome(): string | null {
      const good = lastGood === null ? 'no step passed' : `last good step: ${lastGood.users} users at ${lastGood.rps.toFixed(1)} req/s, p95 ${lastGood.p95 === null ? 'N/A' : `${lastGood.p95.toFixed(1)} ms`}`;
      return `Breakpoint: ${good}; ${broke === null ? `no condition was crossed up to ${o.maxUsers} users` : `broke at ${broke}`}`;
    },
  };
}
