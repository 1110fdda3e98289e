/**
 * Summarises a V8 .heapsnapshot: self size and count per kind of object (constructor name for
 * objects, a bracketed kind for V8 internals), largest first, so the memory benchmark can say
 * what a user is made of.
 */
import { readFileSync } from 'node:fs';

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
  nodes: number[];
  strings: string[];
}

export interface HeapGroup {
  what: string;
  count: number;
  bytes: number;
}

export interface HeapSummary {
  totalBytes: number;
  groups: HeapGroup[];
}

function keyOf(type: string, name: string): string {
  switch (type) {
    case 'object':
      return name;
    case 'closure':
      return `(closure) ${name || 'anonymous'}`;
    case 'string':
    case 'concatenated string':
    case 'sliced string':
      return '(strings)';
    case 'array':
      return '(internal arrays)';
    case 'code':
      return '(compiled code)';
    case 'hidden':
      return `(system) ${name.replace(/^system \/ /, '')}`;
    case 'native':
      return `(native) ${name}`;
    default:
      return `(${type})`;
  }
}

/** Every kind of object in the snapshot, largest first. */
export function summariseHeap(file: string): HeapSummary {
  const snap = JSON.parse(readFileSync(file, 'utf8')) as Snapshot;
  const fields = snap.snapshot.meta.node_fields;
  const types = snap.snapshot.meta.node_types[0];
  const width = fields.length;
  const typeAt = fields.indexOf('type');
  const nameAt = fields.indexOf('name');
  const sizeAt = fields.indexOf('self_size');
  const groups = new Map<string, HeapGroup>();
  let totalBytes = 0;
  for (let i = 0; i < snap.nodes.length; i += width) {
    const type = types[snap.nodes[i + typeAt] ?? 0] ?? 'unknown';
    const name = snap.strings[snap.nodes[i + nameAt] ?? 0] ?? '';
    const size = snap.nodes[i + sizeAt] ?? 0;
    totalBytes += size;
    const key = keyOf(type, name);
    const g = groups.get(key);
    if (g === undefined) groups.set(key, { what: key, count: 1, bytes: size });
    else {
      g.count++;
      g.bytes += size;
    }
  }
  return { totalBytes, groups: [...groups.values()].sort((a, b) => b.bytes - a.bytes) };
}

/** What `after` holds beyond `before`, per kind, largest growth first (`top` kinds). */
export function heapGrowth(before: HeapSummary, after: HeapSummary, top: number): HeapSummary {
  const base = new Map(before.groups.map((g) => [g.what, g]));
  const groups = after.groups
    .map((g) => ({ what: g.what, count: g.count - (base.get(g.what)?.count ?? 0), bytes: g.bytes - (base.get(g.what)?.bytes ?? 0) }))
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, top);
  return { totalBytes: after.totalBytes - before.totalBytes, groups };
}
