import type { ErrorView, ExceptionView, StatsView } from '../stats/view.js';
import { renderTable, type Column } from './table.js';
import { compareText, nameWidthOf, oneLine } from './text.js';
import type { ConsoleOptions } from './types.js';

/** Width of the stats table's fixed columns around the Name column (see stats-table.ts). */
const STATS_TABLE_WIDTH_BESIDE_NAME = 86;
const COUNT_WIDTH = 18;

/** Locust's two-column layout; the text column reaches at least the stats table's right edge. */
function columns(textHeader: string, nameWidth: number): Column[] {
  return [
    { header: '# occurrences', align: 'left', minWidth: COUNT_WIDTH, gap: '' },
    { header: textHeader, align: 'left', minWidth: nameWidth + STATS_TABLE_WIDTH_BESIDE_NAME - COUNT_WIDTH - 1, gap: ' ' },
  ];
}

function byOccurrences(a: ErrorView, b: ErrorView): number {
  return (
    b.occurrences - a.occurrences ||
    compareText(a.name, b.name) ||
    compareText(a.method, b.method) ||
    compareText(a.error, b.error)
  );
}

/** Locust's failure label: `GET /api/search: HTTP 500`. */
export function errorLabel(error: ErrorView): string {
  return oneLine(`${error.method} ${error.name}: ${error.error}`);
}

/**
 * Locust's `Error report`: occurrences and `METHOD name: error`, most frequent first.
 * Returns '' when there were no failures (Locust prints nothing then).
 */
export function formatErrorReport(view: StatsView, opts: ConsoleOptions = {}): string {
  if (view.errors.length === 0) return '';
  const rows = [...view.errors].sort(byOccurrences).map((e) => [String(e.occurrences), errorLabel(e)]);
  return 'Error report\n' + renderTable(columns('Error', nameWidthOf(opts.nameWidth)), [rows]);
}

/** The first stack frame (`at …`) of a traceback, else its first line that is not the message. */
export function firstTracebackLine(exception: ExceptionView): string {
  const lines = exception.traceback
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
  const frame = lines.find((l) => l.startsWith('at '));
  if (frame !== undefined) return frame;
  return lines.find((l) => !l.endsWith(exception.message)) ?? '';
}

/**
 * `Exception report`: how often user code threw each exception, its message, and the first line of
 * its traceback beneath it, most frequent first. Returns '' when nothing was thrown.
 */
export function formatExceptionReport(view: StatsView, opts: ConsoleOptions = {}): string {
  if (view.exceptions.length === 0) return '';
  const sorted = [...view.exceptions].sort((a, b) => b.count - a.count || compareText(a.message, b.message));
  const rows: string[][] = [];
  for (const exception of sorted) {
    rows.push([String(exception.count), oneLine(exception.message)]);
    const where = firstTracebackLine(exception);
    if (where !== '') rows.push(['', `  ${where}`]);
  }
  return 'Exception report\n' + renderTable(columns('Exception', nameWidthOf(opts.nameWidth)), [rows]);
}
