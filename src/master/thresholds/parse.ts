/**
 * Threshold texts and the loadfile's `export const thresholds` object → Threshold[]. Pure.
 *
 * `--threshold` text:  [METHOD NAME:] EXPR [abortOnFail] [delayAbortEval=DURATION]
 *   p(95)<500
 *   GET /api/tasks/{id}: p(95)<100
 *   fail_ratio<0.01 abortOnFail delayAbortEval=10s
 * The scope is everything before the last ':' (endpoint names may hold ':' themselves).
 *
 * Loadfile (k6's shape): keys are 'global' or 'METHOD NAME'; each value is one item or an array of
 * items; an item is an expression string or { threshold, abortOnFail?, delayAbortEval? }.
 */
import { parseDurationMs } from '../../cli/duration.js';
import { StampedeError } from '../../errors.js';
import { parseExpressionAt, skipSpaces, thresholdError, type TextSource } from './expression.js';
import type { Threshold, ThresholdScope } from './types.js';

const STANDARD_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'TRACE', 'CONNECT']);
/** The loadfile key for thresholds on every request together. */
export const GLOBAL_KEY = 'global';

/** `METHOD NAME` → scope; standard HTTP methods are upper-cased, others (`measure`) kept. Null if malformed. */
function scopeOf(text: string): ThresholdScope | null {
  const m = /^\s*(\S+)\s+(\S.*?)\s*$/.exec(text);
  if (m === null) return null;
  const method = STANDARD_METHODS.has(m[1]!.toUpperCase()) ? m[1]!.toUpperCase() : m[1]!;
  return { method, name: m[2]! };
}

function durationOf(src: TextSource, at: number, value: string | number): number {
  try {
    return parseDurationMs(value, 'delayAbortEval');
  } catch {
    throw thresholdError(src, at, `delayAbortEval needs a duration such as 10s, 1m30s or 500ms, got '${String(value)}'`);
  }
}

/** The options after a `--threshold` expression: `abortOnFail[=true|false]`, `delayAbortEval=DURATION`. */
function readOptions(src: TextSource, from: number): { abortOnFail: boolean; delayAbortEvalMs: number } {
  const out = { abortOnFail: false, delayAbortEvalMs: 0 };
  const text = src.text;
  let at = skipSpaces(text, from);
  if (at < text.length && at === from) throw thresholdError(src, at, 'unexpected text after the threshold value');
  while (at < text.length) {
    const word = /^\S+/.exec(text.slice(at))?.[0] ?? '';
    const [key, value] = word.split('=', 2) as [string, string | undefined];
    if (key === 'abortOnFail' && (value === undefined || value === 'true' || value === 'false')) out.abortOnFail = value !== 'false';
    else if (key === 'delayAbortEval' && value !== undefined && value !== '') out.delayAbortEvalMs = durationOf(src, at + key.length + 1, value);
    else throw thresholdError(src, at, `unexpected '${word}': after the value only abortOnFail and delayAbortEval=DURATION may follow`);
    at = skipSpaces(text, at + word.length);
  }
  return out;
}

/** One `--threshold` text. Throws STAMPEDE_ERR_THRESHOLD pointing at the bad part. */
export function parseThresholdText(text: string, where = '--threshold'): Threshold {
  const src: TextSource = { text, where };
  const colon = text.lastIndexOf(':');
  let scope: ThresholdScope | null = null;
  if (colon >= 0) {
    scope = scopeOf(text.slice(0, colon));
    if (scope === null) {
      throw thresholdError(src, 0, "the scope before ':' must be 'METHOD NAME', like 'GET /api/tasks/{id}'; leave it out to judge every request together");
    }
  }
  const exprStart = skipSpaces(text, colon + 1);
  const { expression, end } = parseExpressionAt(src, exprStart);
  const options = readOptions(src, end);
  return { scope, expression: text.slice(exprStart, end), ...expression, ...options, origin: 'cli' };
}

/** Every `--threshold`; all bad ones are reported at once. */
export function parseThresholdTexts(texts: readonly string[]): Threshold[] {
  return collect(texts.map((text) => () => [parseThresholdText(text)]));
}

function loadfileItem(item: unknown, scope: ThresholdScope | null, where: string): Threshold {
  let text: unknown = item;
  let abortOnFail = false;
  let delayAbortEvalMs = 0;
  if (typeof item === 'object' && item !== null && !Array.isArray(item)) {
    const o = item as Record<string, unknown>;
    const unknown = Object.keys(o).filter((k) => k !== 'threshold' && k !== 'abortOnFail' && k !== 'delayAbortEval');
    if (unknown.length > 0) {
      throw new StampedeError('STAMPEDE_ERR_THRESHOLD', `invalid threshold (${where}): unknown key ${unknown.map((k) => `'${k}'`).join(', ')}; an object takes threshold, abortOnFail and delayAbortEval`);
    }
    text = o.threshold;
    if (o.abortOnFail !== undefined && typeof o.abortOnFail !== 'boolean') {
      throw new StampedeError('STAMPEDE_ERR_THRESHOLD', `invalid threshold (${where}): abortOnFail must be true or false`);
    }
    abortOnFail = o.abortOnFail === true;
    if (o.delayAbortEval !== undefined) {
      const d = o.delayAbortEval;
      const src = { text: typeof d === 'string' ? d : String(d), where: `${where}.delayAbortEval` };
      if (typeof d !== 'string' && typeof d !== 'number') throw thresholdError(src, 0, 'delayAbortEval must be a duration string such as 10s');
      delayAbortEvalMs = durationOf(src, 0, d);
    }
  }
  if (typeof text !== 'string') {
    throw new StampedeError('STAMPEDE_ERR_THRESHOLD', `invalid threshold (${where}): expected a string like 'p(95)<500' or { threshold: 'p(95)<500', abortOnFail: true }`);
  }
  const src: TextSource = { text, where };
  if (text.includes(':')) throw thresholdError(src, text.indexOf(':'), 'in the loadfile the endpoint goes in the key: { "GET /x": ["p(95)<100"] }');
  const start = skipSpaces(text, 0);
  const { expression, end } = parseExpressionAt(src, start);
  if (skipSpaces(text, end) < text.length) {
    throw thresholdError(src, skipSpaces(text, end), 'unexpected text after the threshold value (use the object form for abortOnFail and delayAbortEval)');
  }
  return { scope, expression: text.slice(start, end), ...expression, abortOnFail, delayAbortEvalMs, origin: 'loadfile' };
}

/** The loadfile's `export const thresholds` object; all bad entries are reported at once. */
export function parseLoadfileThresholds(value: Record<string, unknown> | undefined): Threshold[] {
  if (value === undefined) return [];
  const tasks: (() => Threshold[])[] = [];
  for (const [key, entry] of Object.entries(value)) {
    tasks.push(() => {
      const scope = key === GLOBAL_KEY ? null : scopeOf(key);
      if (key !== GLOBAL_KEY && scope === null) {
        throw new StampedeError('STAMPEDE_ERR_THRESHOLD', `invalid thresholds key '${key}' in the loadfile: use '${GLOBAL_KEY}' or 'METHOD NAME' such as 'GET /api/tasks/{id}'`);
      }
      const items = Array.isArray(entry) ? (entry as unknown[]) : [entry];
      return collect(items.map((item, i) => () => [loadfileItem(item, scope, `loadfile thresholds[${JSON.stringify(key)}]${Array.isArray(entry) ? `[${i}]` : ''}`)]));
    });
  }
  return collect(tasks);
}

/** Runs each parse; throws one STAMPEDE_ERR_THRESHOLD listing every failure. */
function collect(tasks: readonly (() => Threshold[])[]): Threshold[] {
  const out: Threshold[] = [];
  const problems: string[] = [];
  for (const task of tasks) {
    try {
      out.push(...task());
    } catch (err) {
      if (!(err instanceof StampedeError)) throw err;
      problems.push(err.message);
    }
  }
  if (problems.length > 0) throw new StampedeError('STAMPEDE_ERR_THRESHOLD', problems.join('\n'));
  return out;
}
