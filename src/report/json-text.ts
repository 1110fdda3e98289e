import { PERCENTILE_COLUMNS } from './percentiles.js';

const PERCENTILE_ORDER = new Map(PERCENTILE_COLUMNS.map((c, i) => [c.label, i]));

/**
 * Own keys in output order. JS puts integer-like keys ('50', '100') before the others ('99.9'),
 * so an object keyed by percentile labels is put back in percentile order.
 */
function keysOf(object: object): string[] {
  const keys = Object.keys(object);
  if (keys.length === 0 || !keys.every((k) => PERCENTILE_ORDER.has(k))) return keys;
  return keys.sort((a, b) => (PERCENTILE_ORDER.get(a) ?? 0) - (PERCENTILE_ORDER.get(b) ?? 0));
}

function stringify(value: unknown, indent: string): string {
  const inner = indent + '  ';
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    const items = value.map((v: unknown) => inner + stringify(v ?? null, inner));
    return `[\n${items.join(',\n')}\n${indent}]`;
  }
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const keys = keysOf(record).filter((k) => record[k] !== undefined);
    if (keys.length === 0) return '{}';
    const members = keys.map((k) => `${inner}${JSON.stringify(k)}: ${stringify(record[k], inner)}`);
    return `{\n${members.join(',\n')}\n${indent}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * `JSON.stringify(value, null, 2)` for plain JSON data (objects, arrays, strings, numbers,
 * booleans, null), except that percentile objects keep the order 50, 66, …, 99.9, 99.99, 100.
 */
export function toPrettyJson(value: unknown): string {
  return stringify(value, '');
}
