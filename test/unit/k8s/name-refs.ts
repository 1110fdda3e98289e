import { isObject, rewriteStrings, specSegments, type Json, type JsonObject } from './field-path.js';
import type { Tracked } from './generators.js';

/** Which fields hold the name of an object of `kind` (a kustomize `nameReference` entry). */
export interface NameRef {
  kind: string;
  group?: string;
  version?: string;
  fieldSpecs: { kind?: string; group?: string; version?: string; path: string }[];
}

/** Where a pod spec sits in the workload kinds deploy/k8s uses. */
const POD_SPECS = [
  { kind: 'Pod', group: '', prefix: 'spec' },
  { kind: 'Job', group: 'batch', prefix: 'spec/template/spec' },
  { kind: 'Deployment', group: 'apps', prefix: 'spec/template/spec' },
];

function inPodSpecs(paths: string[]): NameRef['fieldSpecs'] {
  return POD_SPECS.flatMap((p) => paths.map((path) => ({ kind: p.kind, group: p.group, path: `${p.prefix}/${path}` })));
}

const CONTAINERS = ['containers', 'initContainers'];

/** The subset of kustomize's built-in name references that pod specs need. */
export const BUILTIN_NAME_REFS: NameRef[] = [
  {
    kind: 'ConfigMap',
    version: 'v1',
    fieldSpecs: inPodSpecs(['volumes/configMap/name', ...CONTAINERS.flatMap((c) => [`${c}/env/valueFrom/configMapKeyRef/name`, `${c}/envFrom/configMapRef/name`])]),
  },
  {
    kind: 'Secret',
    version: 'v1',
    fieldSpecs: inPodSpecs(['volumes/secret/secretName', 'imagePullSecrets/name', ...CONTAINERS.flatMap((c) => [`${c}/env/valueFrom/secretKeyRef/name`, `${c}/envFrom/secretRef/name`])]),
  },
  { kind: 'PersistentVolumeClaim', version: 'v1', fieldSpecs: inPodSpecs(['volumes/persistentVolumeClaim/claimName']) },
];

export function groupVersion(obj: JsonObject): { group: string; version: string } {
  const av = typeof obj.apiVersion === 'string' ? obj.apiVersion : '';
  const at = av.indexOf('/');
  return at < 0 ? { group: '', version: av } : { group: av.slice(0, at), version: av.slice(at + 1) };
}

/** kustomize's selector rule: a field left empty matches anything. */
function selects(sel: { kind?: string; group?: string; version?: string }, obj: JsonObject): boolean {
  const gv = groupVersion(obj);
  return (sel.kind === undefined || sel.kind === obj.kind) && (sel.group === undefined || sel.group === gv.group) && (sel.version === undefined || sel.version === gv.version);
}

/** Parses a `configurations:` file: only `nameReference` is supported. */
export function parseNameRefs(doc: Json, file: string): NameRef[] {
  if (!isObject(doc)) throw new Error(`${file}: not a map`);
  for (const key of Object.keys(doc)) if (key !== 'nameReference') throw new Error(`${file}: '${key}' is not supported by this renderer`);
  const list = doc.nameReference;
  if (!Array.isArray(list)) throw new Error(`${file}: nameReference must be a list`);
  return list.map((entry) => {
    if (!isObject(entry) || typeof entry.kind !== 'string' || !Array.isArray(entry.fieldSpecs)) throw new Error(`${file}: each nameReference needs kind and fieldSpecs`);
    return entry as unknown as NameRef;
  });
}

/**
 * After objects were renamed (`renamed` holds each object's name before), rewrites every field that
 * `refs` says holds a name, wherever it still holds an old name.
 */
export function fixNameReferences(objects: Tracked[], renamed: Map<Tracked, string>, refs: NameRef[]): void {
  for (const [target, oldName] of renamed) {
    const newName = (target.obj.metadata as JsonObject).name as string;
    for (const ref of refs) {
      if (!selects(ref, target.obj)) continue;
      for (const spec of ref.fieldSpecs) {
        for (const holder of objects) {
          if (!selects(spec, holder.obj)) continue;
          rewriteStrings(holder.obj, specSegments(spec.path), (s) => (s === oldName ? newName : s));
        }
      }
    }
  }
}
