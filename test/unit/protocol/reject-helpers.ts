/** Table-driven rejection: mutate one field of a valid message, expect one exact ProtocolError. */
import assert from 'node:assert/strict';
import { Packr } from 'msgpackr';
import {
  MASTER_SPECS,
  MSGPACK_OPTIONS,
  ProtocolError,
  WORKER_SPECS,
  decodeMasterMessage,
  decodeWorkerMessage,
  type AnyMessage,
} from '../../../src/protocol/index.js';

export const BAD = 'STAMPEDE_ERR_PROTOCOL_BAD_FRAME';
export const UNKNOWN = 'STAMPEDE_ERR_PROTOCOL_UNKNOWN_TYPE';
export const VERSION = 'STAMPEDE_ERR_PROTOCOL_VERSION';
export const DELETE = Symbol('delete');

/** Packs anything, bypassing encode()'s own checks (this is what a broken peer would send). */
export const rawPacker = new Packr({ ...MSGPACK_OPTIONS });

export type Path = ReadonlyArray<string | number>;

export interface FieldCase {
  path: Path;
  value: unknown;
  code?: string;
  close?: number;
  /** The error message must match (usually the field path). */
  match: RegExp;
}

/** A deep copy of `base` with the value at `path` replaced (or deleted). */
export function mutate(base: AnyMessage, path: Path, value: unknown): Record<string, unknown> {
  const copy = structuredClone(base) as unknown as Record<string, unknown>;
  let node: Record<string | number, unknown> = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  const last = path[path.length - 1];
  assert.ok(last !== undefined, 'a case needs a path');
  if (value === DELETE) delete node[last];
  // defineProperty, so that a `__proto__` key becomes an own field as it would off the wire.
  else Object.defineProperty(node, last, { value, enumerable: true, writable: true, configurable: true });
  return copy;
}

function expectError(fn: () => unknown, c: FieldCase, label: string): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof ProtocolError, `${label}: threw ${String(err)}, not a ProtocolError`);
    assert.equal(err.code, c.code ?? BAD, `${label}: code (${err.message})`);
    assert.equal(err.closeCode, c.close ?? (c.code === VERSION ? 4001 : 4000), `${label}: close code`);
    assert.match(err.message, c.match, label);
    return true;
  }, `${label}: no error`);
}

/** Runs each case through the message's own decoder and through the full frame path. */
export function checkCases(base: AnyMessage, cases: readonly FieldCase[]): number {
  const spec = [...WORKER_SPECS, ...MASTER_SPECS].find((s) => s.tag === base.t);
  assert.ok(spec !== undefined);
  const frameDecode = spec.direction === 'worker-to-master' ? decodeWorkerMessage : decodeMasterMessage;
  for (const c of cases) {
    const label = `${base.t} ${c.path.join('.')} = ${c.value === DELETE ? '(deleted)' : typeof c.value === 'string' && c.value.length > 30 ? `"${c.value.slice(0, 10)}…"` : String(c.value)}`;
    const bad = mutate(base, c.path, c.value);
    expectError(() => spec.decode(bad), c, label);
    expectError(() => frameDecode(rawPacker.pack(bad)), c, `${label} (frame)`);
  }
  return cases.length;
}

export function many<T>(n: number, f: (i: number) => T): T[] {
  return Array.from({ length: n }, (_, i) => f(i));
}

export function manyKeys(n: number): Record<string, number> {
  return Object.fromEntries(many(n, (i) => [`k${i}`, 1]));
}
