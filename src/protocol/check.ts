/**
 * Asserting readers for untrusted values (the output of msgpack `unpack`). Each throws a
 * ProtocolError STAMPEDE_ERR_PROTOCOL_BAD_FRAME naming the field path, the expectation and a
 * short description of what came instead. Paths are only built when something is wrong.
 */
import { ProtocolError } from './errors.js';

const SHOWN_CHARS = 40;

/** A short, safe description of a value (never echoes long strings or binary data). */
export function show(v: unknown): string {
  if (v === null) return 'null';
  if (v === undefined) return 'nothing';
  if (typeof v === 'string') return v.length <= SHOWN_CHARS ? JSON.stringify(v) : `a string of ${v.length} chars`;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (typeof v === 'bigint') return `the bigint ${String(v).slice(0, SHOWN_CHARS)}`;
  if (Array.isArray(v)) return `an array of ${v.length}`;
  if (v instanceof Uint8Array) return `${v.byteLength} bytes of binary`;
  if (isPlainObject(v)) return 'a map';
  if (typeof v === 'object') return `an object (${safeName(v)})`;
  return typeof v;
}

function safeName(v: object): string {
  const proto: unknown = Object.getPrototypeOf(v);
  if (typeof proto !== 'object' || proto === null) return 'no prototype';
  const ctor: unknown = Object.getOwnPropertyDescriptor(proto, 'constructor')?.value;
  return typeof ctor === 'function' ? ctor.name.slice(0, SHOWN_CHARS) : 'unknown';
}

export function isPlainObject(u: unknown): u is Record<string, unknown> {
  if (typeof u !== 'object' || u === null || Array.isArray(u)) return false;
  const proto: unknown = Object.getPrototypeOf(u);
  return proto === Object.prototype || proto === null;
}

function join(base: string, key: string | number): string {
  if (key === '') return base;
  if (typeof key === 'number') return `${base}[${key}]`;
  // Unknown keys come off the wire: keep a hostile one from bloating the message.
  return key.length <= SHOWN_CHARS ? `${base}.${key}` : `${base}.${key.slice(0, SHOWN_CHARS)}…`;
}

/** Throws the BAD_FRAME error for the value at `base`+`key`. */
export function fail(base: string, key: string | number, expected: string, got: unknown): never {
  throw new ProtocolError('STAMPEDE_ERR_PROTOCOL_BAD_FRAME', `${join(base, key)}: expected ${expected}, got ${show(got)}`);
}

export function readString(v: unknown, base: string, key: string | number, maxChars: number, minChars = 0): string {
  if (typeof v !== 'string' || v.length > maxChars || v.length < minChars) {
    fail(base, key, minChars > 0 ? `a string of ${minChars}..${maxChars} chars` : `a string of at most ${maxChars} chars`, v);
  }
  return v;
}

export function readInt(v: unknown, base: string, key: string | number, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min || v > max) {
    fail(base, key, `an integer in ${min}..${max}`, v);
  }
  return v;
}

export function readNumber(v: unknown, base: string, key: string | number, min = 0, max = Number.MAX_VALUE): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) {
    fail(base, key, max === Number.MAX_VALUE ? `a finite number >= ${min}` : `a finite number in ${min}..${max}`, v);
  }
  return v;
}

export function readBool(v: unknown, base: string, key: string | number): boolean {
  if (typeof v !== 'boolean') fail(base, key, 'true or false', v);
  return v;
}

/** Binary data as a plain Uint8Array view over the frame (zero-copy; msgpackr hands out Buffers). */
export function readBytes(v: unknown, base: string, key: string | number, maxBytes: number): Uint8Array {
  if (!(v instanceof Uint8Array) || v.byteLength > maxBytes) fail(base, key, `binary data of at most ${maxBytes} bytes`, v);
  return Object.getPrototypeOf(v) === Uint8Array.prototype ? v : new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
}

export function readList(v: unknown, base: string, key: string | number, maxItems: number): readonly unknown[] {
  if (!Array.isArray(v) || v.length > maxItems) fail(base, key, `an array of at most ${maxItems} items`, v);
  return v;
}

/**
 * A map of string keys to non-negative integers (users per class, count per status code).
 * Returned as decoded (unpack made a fresh plain object): V8 stores index-like keys such as '200'
 * as elements, and copying them into a new object cost more than all other checks of a report.
 */
export function readCounts(v: unknown, base: string, key: string | number, maxKeys: number, maxKeyChars: number): Record<string, number> {
  if (!isPlainObject(v)) fail(base, key, 'a map of names to counts', v);
  // Object.entries is about twice as fast as Object.keys + lookups on index-like keys ('200').
  const entries = Object.entries(v);
  if (entries.length > maxKeys) fail(base, key, `at most ${maxKeys} names`, `${entries.length} names`);
  for (const [name, n] of entries) {
    // msgpackr renames a `__proto__` key to `__proto_`; refuse both rather than guess.
    if (name.length === 0 || name.length > maxKeyChars || name === '__proto__' || name === '__proto_') {
      fail(join(base, key), 'keys', `names of 1..${maxKeyChars} chars (not __proto__)`, name);
    }
    if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) readInt(n, join(base, key), name);
  }
  return v as Record<string, number>;
}

/** The exact field names an object may carry; `optional` ones may be absent (or undefined). */
export class Shape {
  readonly required: readonly string[];
  readonly #all: ReadonlySet<string>;

  constructor(required: readonly string[], optional: readonly string[] = []) {
    this.required = required;
    this.#all = new Set([...required, ...optional]);
  }

  allows(key: string): boolean {
    return this.#all.has(key);
  }
}

/** A checked object: its keys match a Shape; fields are read with typed, path-aware accessors. */
export class Fields {
  readonly path: string;
  readonly #o: Record<string, unknown>;

  private constructor(o: Record<string, unknown>, path: string) {
    this.#o = o;
    this.path = path;
  }

  static of(u: unknown, base: string, key: string | number, shape: Shape): Fields {
    if (!isPlainObject(u)) fail(base, key, 'a map', u);
    const path = join(base, key);
    for (const k of Object.keys(u)) {
      if (!shape.allows(k)) fail(path, k, 'no such field (unknown field)', u[k]);
    }
    for (const k of shape.required) {
      if (!Object.hasOwn(u, k)) fail(path, k, 'a value (missing field)', undefined);
    }
    return new Fields(u, path);
  }

  raw(key: string): unknown {
    return this.#o[key];
  }

  /** True when an optional field is present and not undefined. */
  has(key: string): boolean {
    return this.#o[key] !== undefined;
  }

  str(key: string, maxChars: number, minChars = 0): string {
    return readString(this.#o[key], this.path, key, maxChars, minChars);
  }

  int(key: string, min = 0, max = Number.MAX_SAFE_INTEGER): number {
    return readInt(this.#o[key], this.path, key, min, max);
  }

  /** A non-negative integer, or null (e.g. "no run time"). */
  intOrNull(key: string): number | null {
    const v = this.#o[key];
    if (v === null) return null;
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) fail(this.path, key, 'an integer >= 0, or null', v);
    return v;
  }

  num(key: string, min = 0, max = Number.MAX_VALUE): number {
    return readNumber(this.#o[key], this.path, key, min, max);
  }

  bool(key: string): boolean {
    return readBool(this.#o[key], this.path, key);
  }

  bytes(key: string, maxBytes: number): Uint8Array {
    return readBytes(this.#o[key], this.path, key, maxBytes);
  }

  list(key: string, maxItems: number): readonly unknown[] {
    return readList(this.#o[key], this.path, key, maxItems);
  }

  counts(key: string, maxKeys: number, maxKeyChars: number): Record<string, number> {
    return readCounts(this.#o[key], this.path, key, maxKeys, maxKeyChars);
  }

  strings(key: string, maxItems: number, maxChars: number): string[] {
    const list = this.list(key, maxItems);
    const path = join(this.path, key);
    return list.map((v, i) => readString(v, path, i, maxChars));
  }

  fields(key: string, shape: Shape): Fields {
    return Fields.of(this.#o[key], this.path, key, shape);
  }

  /** Throws BAD_FRAME for `key` unless `ok`. For rules across fields (end >= start). */
  require(ok: boolean, key: string, expected: string): void {
    if (!ok) fail(this.path, key, expected, this.#o[key]);
  }
}

/**
 * Checks that `u` is a map whose `t` is `tag` and whose keys match `shape` (which must list `t`).
 * The returned Fields' path is the tag, so errors read `report.snapshot.entries[3].count: …`.
 */
export function message(u: unknown, tag: string, shape: Shape): Fields {
  if (!isPlainObject(u)) fail(tag, '', 'a map with a `t` field', u);
  if (u.t !== tag) fail(tag, 't', JSON.stringify(tag), u.t);
  return Fields.of(u, tag, '', shape);
}
