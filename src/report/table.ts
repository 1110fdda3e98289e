import { truncateMiddle } from './text.js';

/**
 * A fixed-width text table in Locust's style: a header, a dashed separator after it, sections of
 * rows with a separator between them. Every column is as wide as its widest cell (never narrower
 * than its minimum), so rows can never misalign, whatever the numbers.
 */

export interface Column {
  header: string;
  align: 'left' | 'right';
  /** Narrowest width (Locust's width for this column). */
  minWidth: number;
  /** Exact width: longer cells are shortened in the middle (see truncateMiddle). */
  fixedWidth?: number;
  /** Text between the previous column and this one: ' ' or ' | ' and the like. Ignored on the first. */
  gap: string;
}

function widthsOf(columns: readonly Column[], rows: readonly (readonly string[])[]): number[] {
  return columns.map((column, i) => {
    if (column.fixedWidth !== undefined) return column.fixedWidth;
    let width = Math.max(column.minWidth, column.header.length);
    for (const row of rows) width = Math.max(width, (row[i] ?? '').length);
    return width;
  });
}

function pad(text: string, width: number, align: Column['align']): string {
  return align === 'left' ? text.padEnd(width) : text.padStart(width);
}

function line(columns: readonly Column[], widths: readonly number[], cells: readonly string[]): string {
  // Stop at the last non-blank cell, so blank trailing cells leave no dangling group bar.
  let last = columns.length - 1;
  while (last > 0 && (cells[last] ?? '') === '') last--;
  let out = '';
  for (let i = 0; i <= last; i++) {
    const column = columns[i];
    if (column === undefined) break;
    const width = widths[i] ?? 0;
    if (i > 0) out += column.gap;
    out += pad(truncateMiddle(cells[i] ?? '', width), width, column.align);
  }
  return out.trimEnd();
}

/** A gap of spaces becomes `|` then dashes; a gap holding `|` keeps it and turns spaces into dashes. */
function separatorGap(gap: string): string {
  if (gap.includes('|')) return gap.replace(/ /g, '-');
  return gap.length === 0 ? '' : '|' + '-'.repeat(gap.length - 1);
}

function separator(columns: readonly Column[], widths: readonly number[]): string {
  let out = '';
  columns.forEach((column, i) => {
    if (i > 0) out += separatorGap(column.gap);
    out += '-'.repeat(widths[i] ?? 0);
  });
  return out;
}

/** The table's lines, each ending with a newline. */
export function renderTable(columns: readonly Column[], sections: readonly (readonly (readonly string[])[])[]): string {
  const widths = widthsOf(columns, sections.flat());
  const rule = separator(columns, widths);
  const lines = [line(columns, widths, columns.map((c) => c.header)), rule];
  sections.forEach((rows, i) => {
    if (i > 0) lines.push(rule);
    for (const row of rows) lines.push(line(columns, widths, row));
  });
  return lines.map((l) => l + '\n').join('');
}
