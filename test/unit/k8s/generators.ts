import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { isObject, type Json, type JsonObject } from './field-path.js';

/** One object of a rendered kustomization, with every name it has had (oldest first). */
export interface Tracked {
  obj: JsonObject;
  names: string[];
}

const GENERATOR_KEYS = new Set(['name', 'behavior', 'files', 'literals', 'options', 'type']);

function strings(v: Json | undefined, what: string): string[] {
  if (v === undefined) return [];
  if (!Array.isArray(v) || !v.every((s) => typeof s === 'string')) throw new Error(`${what} must be a list of strings`);
  return v as string[];
}

/** `key=value`; a value in matching quotes loses them, as in kustomize. */
function splitLiteral(lit: string): [string, string] {
  const at = lit.indexOf('=');
  if (at <= 0) throw new Error(`literal '${lit}' is not key=value`);
  const value = lit.slice(at + 1);
  const unquoted = /^(["'])(.*)\1$/s.exec(value);
  return [lit.slice(0, at), unquoted?.[2] ?? value];
}

async function entries(gen: JsonObject, dir: string, what: string): Promise<[string, string][]> {
  const out: [string, string][] = strings(gen.literals, `${what}.literals`).map(splitLiteral);
  for (const f of strings(gen.files, `${what}.files`)) {
    const [key, path] = f.includes('=') ? splitLiteral(f) : [basename(f), f];
    out.push([key, await readFile(join(dir, path), 'utf8')]);
  }
  return out;
}

function metadataFrom(gen: JsonObject, name: string): JsonObject {
  const meta: JsonObject = { name };
  const options = gen.options;
  if (options !== undefined) {
    if (!isObject(options)) throw new Error(`generator ${name}: options must be a map`);
    for (const key of Object.keys(options)) {
      if (key !== 'annotations' && key !== 'labels') throw new Error(`generator ${name}: options.${key} is not supported by this renderer`);
    }
    if (options.annotations !== undefined) meta.annotations = options.annotations;
    if (options.labels !== undefined) meta.labels = options.labels;
  }
  return meta;
}

/**
 * Runs configMapGenerator / secretGenerator entries against the objects accumulated so far:
 * behavior create (default), merge or replace, as kustomize does (names without hash suffix).
 */
export async function runGenerators(kind: 'ConfigMap' | 'Secret', list: Json | undefined, dir: string, objects: Tracked[]): Promise<void> {
  if (list === undefined) return;
  if (!Array.isArray(list)) throw new Error(`${kind} generators must be a list`);
  for (const gen of list) {
    if (!isObject(gen) || typeof gen.name !== 'string') throw new Error(`each ${kind} generator needs a name`);
    for (const key of Object.keys(gen)) {
      if (!GENERATOR_KEYS.has(key) || (key === 'type' && kind === 'ConfigMap')) throw new Error(`generator ${gen.name}: '${key}' is not supported by this renderer`);
    }
    const name = gen.name;
    const data: JsonObject = {};
    for (const [k, v] of await entries(gen, dir, `generator ${name}`)) data[k] = kind === 'Secret' ? Buffer.from(v, 'utf8').toString('base64') : v;
    const behavior = gen.behavior ?? 'create';
    const existing = objects.find((t) => t.obj.kind === kind && t.names.includes(name));
    if (behavior === 'create') {
      if (existing !== undefined) throw new Error(`${kind} ${name} exists already: use behavior merge or replace`);
      const obj: JsonObject = { apiVersion: 'v1', kind, metadata: metadataFrom(gen, name), data };
      if (kind === 'Secret') obj.type = typeof gen.type === 'string' ? gen.type : 'Opaque';
      objects.push({ obj, names: [name] });
    } else if (behavior === 'merge' || behavior === 'replace') {
      if (existing === undefined) throw new Error(`${kind} ${name} to ${String(behavior)} does not exist`);
      const before = isObject(existing.obj.data) ? existing.obj.data : {};
      existing.obj.data = behavior === 'merge' ? { ...before, ...data } : data;
    } else {
      throw new Error(`generator ${name}: unknown behavior '${String(behavior)}'`);
    }
  }
}
