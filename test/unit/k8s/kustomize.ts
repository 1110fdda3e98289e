/**
 * A small kustomize, for the tests: it renders deploy/k8s (and overlays of it) with exactly the
 * features those use, and refuses any other field, so it cannot silently differ from kustomize.
 * kustomize-crosscheck.test.ts compares it with `kubectl kustomize` wherever kubectl exists.
 *
 * Order within one kustomization, as in kustomize: resources (bases rendered first), generators,
 * namePrefix (then the name references it moved), images, replacements; local-config objects are
 * dropped from the final output.
 */
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { getAt, isObject, setAt, type Json, type JsonObject } from './field-path.js';
import { runGenerators, type Tracked } from './generators.js';
import { BUILTIN_NAME_REFS, fixNameReferences, parseNameRefs, type NameRef } from './name-refs.js';

const SUPPORTED = new Set([
  'apiVersion', 'kind', 'resources', 'namePrefix', 'images', 'configMapGenerator', 'secretGenerator',
  'generatorOptions', 'configurations', 'replacements',
]);

interface Level {
  objects: Tracked[];
  refs: NameRef[];
}

export async function readYamlDocs(file: string): Promise<JsonObject[]> {
  const docs = parseAllDocuments(await readFile(file, 'utf8'));
  const out: JsonObject[] = [];
  for (const doc of docs) {
    if (doc.errors.length > 0) throw new Error(`${file}: ${doc.errors.map((e) => e.message).join('; ')}`);
    const value = doc.toJS() as Json;
    if (value === null) continue;
    if (!isObject(value)) throw new Error(`${file}: a document is not a map`);
    out.push(value);
  }
  return out;
}

function nameOf(obj: JsonObject): string {
  const meta = obj.metadata;
  if (!isObject(meta) || typeof meta.name !== 'string') throw new Error(`a ${String(obj.kind)} has no metadata.name`);
  return meta.name;
}

function checkFields(k: JsonObject, dir: string): void {
  for (const key of Object.keys(k)) {
    if (!SUPPORTED.has(key)) throw new Error(`${dir}/kustomization.yaml: '${key}' is not supported by the test renderer (test/unit/k8s/kustomize.ts): extend it, or use what it supports`);
  }
  const opts = k.generatorOptions;
  if (opts !== undefined && !(isObject(opts) && opts.disableNameSuffixHash === true && Object.keys(opts).length === 1)) {
    throw new Error(`${dir}/kustomization.yaml: the test renderer needs generatorOptions: {disableNameSuffixHash: true} exactly`);
  }
}

async function renderLevel(dir: string): Promise<Level> {
  const k = parse(await readFile(join(dir, 'kustomization.yaml'), 'utf8')) as Json;
  if (!isObject(k)) throw new Error(`${dir}/kustomization.yaml is not a map`);
  checkFields(k, dir);
  const objects: Tracked[] = [];
  const refs: NameRef[] = [];
  for (const entry of list(k.resources, 'resources')) {
    const path = join(dir, String(entry));
    if ((await stat(path)).isDirectory()) {
      const base = await renderLevel(path);
      objects.push(...base.objects);
      refs.push(...base.refs);
    } else {
      for (const obj of await readYamlDocs(path)) objects.push({ obj, names: [nameOf(obj)] });
    }
  }
  for (const file of list(k.configurations, 'configurations')) {
    refs.push(...parseNameRefs(parse(await readFile(join(dir, String(file)), 'utf8')) as Json, String(file)));
  }
  await runGenerators('ConfigMap', k.configMapGenerator, dir, objects);
  await runGenerators('Secret', k.secretGenerator, dir, objects);
  if (typeof k.namePrefix === 'string' && k.namePrefix !== '') applyPrefix(objects, k.namePrefix, [...BUILTIN_NAME_REFS, ...refs]);
  applyImages(objects, k.images);
  applyReplacements(objects, k.replacements);
  return { objects, refs };
}

function list(v: Json | undefined, what: string): Json[] {
  if (v === undefined) return [];
  if (!Array.isArray(v)) throw new Error(`${what} must be a list`);
  return v;
}

function applyPrefix(objects: Tracked[], prefix: string, refs: NameRef[]): void {
  const renamed = new Map<Tracked, string>();
  for (const t of objects) {
    const old = nameOf(t.obj);
    (t.obj.metadata as JsonObject).name = prefix + old;
    t.names.push(prefix + old);
    renamed.set(t, old);
  }
  fixNameReferences(objects, renamed, refs);
}

function podSpecs(obj: JsonObject): JsonObject[] {
  const spec = obj.spec;
  if (!isObject(spec)) return [];
  if (obj.kind === 'Pod') return [spec];
  const tpl = spec.template;
  return isObject(tpl) && isObject(tpl.spec) ? [tpl.spec] : [];
}

function applyImages(objects: Tracked[], images: Json | undefined): void {
  for (const img of list(images, 'images')) {
    if (!isObject(img) || typeof img.name !== 'string') throw new Error('each images entry needs a name');
    for (const key of Object.keys(img)) if (!['name', 'newName', 'newTag'].includes(key)) throw new Error(`images.${key} is not supported by the test renderer`);
    for (const t of objects) {
      for (const pod of podSpecs(t.obj)) {
        for (const c of [...list(pod.containers, 'containers'), ...list(pod.initContainers, 'initContainers')]) {
          if (!isObject(c) || typeof c.image !== 'string') continue;
          if (c.image.includes('@')) throw new Error(`image ${c.image}: digests are not supported by the test renderer`);
          const colon = c.image.lastIndexOf(':');
          const hasTag = colon > c.image.lastIndexOf('/');
          const repo = hasTag ? c.image.slice(0, colon) : c.image;
          const tag = hasTag ? c.image.slice(colon + 1) : undefined;
          if (repo !== img.name) continue;
          const newTag = typeof img.newTag === 'string' ? img.newTag : tag;
          c.image = `${typeof img.newName === 'string' ? img.newName : repo}${newTag === undefined ? '' : `:${newTag}`}`;
        }
      }
    }
  }
}

function select(objects: Tracked[], sel: Json | undefined, what: string): Tracked[] {
  if (!isObject(sel) || typeof sel.kind !== 'string') throw new Error(`${what} needs a kind`);
  for (const key of Object.keys(sel)) if (key !== 'kind' && key !== 'name' && key !== 'fieldPath') throw new Error(`${what}.${key} is not supported by the test renderer`);
  return objects.filter((t) => t.obj.kind === sel.kind && (sel.name === undefined || t.names.includes(String(sel.name))));
}

function applyReplacements(objects: Tracked[], replacements: Json | undefined): void {
  for (const r of list(replacements, 'replacements')) {
    if (!isObject(r) || !isObject(r.source)) throw new Error('each replacement needs a source (replacements given by path are not supported)');
    const sources = select(objects, r.source, 'replacement source');
    const [source] = sources;
    if (source === undefined || sources.length > 1) throw new Error(`replacement source ${JSON.stringify(r.source)} matches ${sources.length} objects, not 1`);
    const value = getAt(source.obj, String(r.source.fieldPath ?? 'metadata.name'));
    for (const target of list(r.targets, 'replacement targets')) {
      if (!isObject(target)) throw new Error('each replacement target must be a map');
      for (const key of Object.keys(target)) if (key !== 'select' && key !== 'fieldPaths') throw new Error(`replacement target ${key} is not supported by the test renderer`);
      const hits = select(objects, target.select, 'replacement target select');
      if (hits.length === 0) throw new Error(`replacement target ${JSON.stringify(target.select)} matches nothing`);
      for (const hit of hits) for (const path of list(target.fieldPaths, 'fieldPaths')) setAt(hit.obj, String(path), value);
    }
  }
}

function isLocal(obj: JsonObject): boolean {
  const meta = obj.metadata;
  return isObject(meta) && isObject(meta.annotations) && meta.annotations['config.kubernetes.io/local-config'] === 'true';
}

/** Renders the kustomization in `dir` to the list of objects `kubectl apply -k dir` would send. */
export async function renderKustomization(dir: string): Promise<JsonObject[]> {
  const { objects } = await renderLevel(dir);
  return objects.map((t) => t.obj).filter((o) => !isLocal(o));
}
