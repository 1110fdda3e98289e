/** Cell formatting rules shared by the console tables. */

/** Name column width when the caller does not choose one. */
export const DEFAULT_NAME_WIDTH = 50;
/** Narrowest Name column: `Aggregated` must always fit. */
export const MIN_NAME_WIDTH = 10;

const ELLIPSIS = '...';

/**
 * Milliseconds for people: two decimals below 10 ms (`4.73`, `0.42`), whole numbers from 10 ms up
 * (`10`, `1234`), and `N/A` when there is no value.
 */
export function formatMs(ms: number | null): string {
  if (ms === null) return 'N/A';
  if (ms < 10) {
    const fixed = ms.toFixed(2);
    if (Number(fixed) < 10) return fixed;
  }
  return String(Math.round(ms));
}

/** failures / count; a row with failures but no requests counts as all failed (Locust's rule). */
export function failRatio(count: number, failures: number): number {
  if (count > 0) return failures / count;
  return failures > 0 ? 1 : 0;
}

/** Locust's `12(0.15%)`. */
export function formatFailures(count: number, failures: number): string {
  return `${failures}(${(failRatio(count, failures) * 100).toFixed(2)}%)`;
}

/** Rates with two decimals, as Locust prints them. */
export function formatRate(perSecond: number): string {
  return perSecond.toFixed(2);
}

/** Shortens `text` to `width` characters by cutting out its middle, so both ends stay readable. */
export function truncateMiddle(text: string, width: number): string {
  if (text.length <= width) return text;
  if (width <= ELLIPSIS.length) return text.slice(0, Math.max(0, width));
  const keep = width - ELLIPSIS.length;
  const head = Math.ceil(keep / 2);
  return text.slice(0, head) + ELLIPSIS + text.slice(text.length - (keep - head));
}

/** The Name column width to use, from the caller's option. */
export function nameWidthOf(requested: number | undefined): number {
  if (requested === undefined || !Number.isFinite(requested)) return DEFAULT_NAME_WIDTH;
  return Math.max(MIN_NAME_WIDTH, Math.floor(requested));
}

/** Multi-line text on one line: each line break and the blanks around it become one space. */
export function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}

/** Code-unit order, the same on every machine and locale. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Endpoints in report order, (name, method), whatever order they came in. */
export function byNameThenMethod<T extends { name: string; method: string }>(a: T, b: T): number {
  return compareText(a.name, b.name) || compareText(a.method, b.method);
}
