import { StampedeError } from '../errors.js';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * Parses a duration like Locust and k6 users type it: `20` (seconds), `20s`, `3m`, `1h30m`,
 * `1.5s`, `250ms`. Returns milliseconds.
 */
export function parseDurationMs(input: string | number, what = 'duration'): number {
  if (typeof input === 'number') {
    if (!Number.isFinite(input) || input < 0) throw bad(String(input), what);
    return Math.round(input * 1000);
  }
  const text = input.trim().toLowerCase();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/g;
  let total = 0;
  let consumed = 0;
  for (const m of text.matchAll(re)) {
    if (m.index !== consumed) throw bad(input, what);
    total += Number(m[1]) * (UNIT_MS[m[2] ?? ''] ?? NaN);
    consumed += m[0].length;
  }
  if (consumed === 0 || consumed !== text.length || !Number.isFinite(total)) throw bad(input, what);
  return Math.round(total);
}

function bad(input: string, what: string): StampedeError {
  return new StampedeError(
    'STAMPEDE_ERR_USAGE',
    `invalid ${what} '${input}': use seconds (20) or units such as 20s, 3m, 1h30m, 250ms`,
  );
}
