/**
 * Parses one threshold expression, k6 style: `p(95)<500`, `p(99.9)<1.5s`, `avg<=200ms`, `med<…`,
 * `min`, `max`, `rps>100`, `fail_ratio<0.01` (also `rate<0.01`, or `fail_ratio<1%`), `count>1000`.
 * Operators: < <= > >= ==. Times are in ms unless suffixed (us, ms, s, m). Pure.
 *
 * Errors are StampedeError(STAMPEDE_ERR_THRESHOLD), with a caret under the bad part of the text.
 */
import { StampedeError } from '../../errors.js';
import type { ThresholdMetric, ThresholdOp, ThresholdUnit } from './types.js';

export interface ParsedExpression {
  metric: ThresholdMetric;
  q: number | null;
  op: ThresholdOp;
  value: number;
  unit: ThresholdUnit;
}

/** Where a threshold text came from, for error messages: `--threshold`, `loadfile thresholds['global'][1]`. */
export interface TextSource {
  /** The whole text, as the user wrote it. */
  text: string;
  where: string;
}

const NAMED: Record<string, ThresholdMetric> = {
  avg: 'avg',
  med: 'med',
  min: 'min',
  max: 'max',
  rps: 'rps',
  fail_ratio: 'fail_ratio',
  rate: 'fail_ratio',
  count: 'count',
};

const TIME_UNITS: Record<string, number> = { us: 0.001, ms: 1, s: 1000, m: 60_000 };

export const METRIC_HELP = 'p(N), avg, med, min, max, rps, fail_ratio (or rate), count';

/** A usage error that shows the text with a caret under position `at`. */
export function thresholdError(src: TextSource, at: number, problem: string): StampedeError {
  const caret = ' '.repeat(Math.max(0, Math.min(at, src.text.length))) + '^';
  return new StampedeError(
    'STAMPEDE_ERR_THRESHOLD',
    `invalid threshold ${JSON.stringify(src.text)} (${src.where}): ${problem}\n  ${src.text}\n  ${caret}\n` +
      'A threshold reads like p(95)<500, avg<200ms, rps>100, fail_ratio<0.01 or count>1000, optionally scoped: "GET /api/tasks/{id}: p(95)<100" (docs/thresholds.md)',
  );
}

function skipSpaces(text: string, at: number): number {
  let i = at;
  while (i < text.length && /\s/.test(text[i]!)) i++;
  return i;
}

function readMetric(src: TextSource, at: number): { metric: ThresholdMetric; q: number | null; end: number } {
  const text = src.text;
  const p = /^p\(\s*([0-9]*\.?[0-9]*)\s*\)/.exec(text.slice(at));
  if (p !== null) {
    const n = Number(p[1]);
    if (p[1] === '' || p[1] === '.' || !Number.isFinite(n) || n < 0 || n > 100) {
      throw thresholdError(src, at + 2, `p(N) needs a percentile N from 0 to 100, like p(95) or p(99.9)`);
    }
    // Rounded so that p(99.9) is exactly the 0.999 of the reported percentiles, not 0.9990000000000001.
    return { metric: 'p', q: Number((n / 100).toFixed(12)), end: at + p[0].length };
  }
  if (text.startsWith('p(', at)) throw thresholdError(src, at + 2, 'p( needs a percentile and a closing parenthesis, like p(95)');
  const word = /^[A-Za-z_]+/.exec(text.slice(at))?.[0] ?? '';
  const metric = NAMED[word];
  if (metric === undefined) {
    const what = word === '' ? 'a metric is missing' : `unknown metric '${word}'`;
    throw thresholdError(src, at, `${what}: use one of ${METRIC_HELP}`);
  }
  return { metric, q: null, end: at + word.length };
}

function readOp(src: TextSource, at: number): { op: ThresholdOp; end: number } {
  const text = src.text;
  for (const op of ['<=', '>=', '==', '<', '>'] as const) {
    if (text.startsWith(op, at)) return { op, end: at + op.length };
  }
  const hint = text.startsWith('=', at) ? " ('=' alone is not one: write ==)" : '';
  throw thresholdError(src, at, `expected a comparison: <, <=, >, >= or ==${hint}`);
}

function readValue(src: TextSource, metric: ThresholdMetric, at: number): { value: number; unit: ThresholdUnit; end: number } {
  const text = src.text;
  const num = /^[0-9]+(\.[0-9]+)?|^\.[0-9]+/.exec(text.slice(at))?.[0];
  if (num === undefined) throw thresholdError(src, at, 'expected a number (>= 0) after the comparison');
  const n = Number(num);
  const unitAt = at + num.length;
  const suffix = /^(?:[A-Za-zµ]+|%|\/s)/.exec(text.slice(unitAt))?.[0] ?? '';
  const end = unitAt + suffix.length;
  const unitError = (allowed: string): StampedeError => thresholdError(src, unitAt, `unknown unit '${suffix}' for ${metric === 'p' ? 'p(N)' : metric}: ${allowed}`);
  switch (metric) {
    case 'p':
    case 'avg':
    case 'med':
    case 'min':
    case 'max': {
      if (suffix === '') return { value: n, unit: 'ms', end };
      const scale = TIME_UNITS[suffix === 'µs' ? 'us' : suffix];
      if (scale === undefined) throw unitError('times are in ms unless suffixed with us, ms, s or m (500, 500ms, 1.5s)');
      return { value: n * scale, unit: 'ms', end };
    }
    case 'rps':
      if (suffix !== '' && suffix !== '/s') throw unitError('rps is requests per second, a plain number (rps>100)');
      return { value: n, unit: '/s', end };
    case 'fail_ratio':
      if (suffix === '%') return { value: n / 100, unit: 'ratio', end };
      if (suffix !== '') throw unitError('the failure ratio is a fraction (0.01) or a percentage (1%)');
      if (n > 1) throw thresholdError(src, at, `the failure ratio is a fraction from 0 to 1: write ${num}% for a percentage`);
      return { value: n, unit: 'ratio', end };
    case 'count':
      if (suffix !== '') throw unitError('count is a plain number of requests (count>1000)');
      return { value: n, unit: 'count', end };
  }
}

/**
 * Parses the expression that starts at `at` in `src.text`. Returns it and the index just after it
 * (anything after it is left to the caller: options, or an error).
 */
export function parseExpressionAt(src: TextSource, at: number): { expression: ParsedExpression; end: number } {
  const m = readMetric(src, skipSpaces(src.text, at));
  const o = readOp(src, skipSpaces(src.text, m.end));
  const v = readValue(src, m.metric, skipSpaces(src.text, o.end));
  return { expression: { metric: m.metric, q: m.q, op: o.op, value: v.value, unit: v.unit }, end: v.end };
}

/** The metric as people read it: `p(95)`, `avg`, `fail_ratio`. */
export function metricLabel(metric: ThresholdMetric, q: number | null): string {
  return metric === 'p' ? `p(${Number(((q ?? 0) * 100).toFixed(6))})` : metric;
}

export { skipSpaces };
