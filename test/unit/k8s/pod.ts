/**
 * What the kubelet would make of a rendered pod template: the container's env (with secretKeyRef,
 * configMapKeyRef, the downward API and `$(VAR)` expansion as Kubernetes does them), its args, and
 * its volume mounts. Shared by the manifest tests and the cluster rehearsal.
 */
import { isObject, type Json, type JsonObject } from './field-path.js';

export function objectsOf(objects: readonly JsonObject[], kind: string): JsonObject[] {
  return objects.filter((o) => o.kind === kind);
}

export function nameOf(obj: JsonObject): string {
  return String((obj.metadata as JsonObject).name);
}

/** The one object of `kind` whose label app.kubernetes.io/component is `component`. */
export function byComponent(objects: readonly JsonObject[], kind: string, component: string): JsonObject {
  const hits = objectsOf(objects, kind).filter((o) => {
    const labels = (o.metadata as JsonObject).labels;
    return isObject(labels) && labels['app.kubernetes.io/component'] === component;
  });
  const [hit] = hits;
  if (hit === undefined || hits.length > 1) throw new Error(`expected one ${kind} with component ${component}, found ${hits.length}`);
  return hit;
}

export function podSpecOf(obj: JsonObject): JsonObject {
  const spec = obj.spec as JsonObject;
  return obj.kind === 'Pod' ? spec : ((spec.template as JsonObject).spec as JsonObject);
}

export function containersOf(obj: JsonObject): JsonObject[] {
  return (podSpecOf(obj).containers as JsonObject[] | undefined) ?? [];
}

/** The only container of a workload (deploy/k8s has one per pod). */
export function containerOf(obj: JsonObject): JsonObject {
  const all = containersOf(obj);
  const [only] = all;
  if (only === undefined || all.length > 1) throw new Error(`${nameOf(obj)} has ${all.length} containers, expected 1`);
  return only;
}

/** Kubernetes' `$(VAR)` expansion: known names are replaced, `$$` is a literal `$`, the rest stays. */
export function expandVars(s: string, vars: Readonly<Record<string, string>>): string {
  return s.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)/g, (match, name: string | undefined) => {
    if (match === '$$') return '$';
    return name !== undefined && Object.hasOwn(vars, name) ? (vars[name] ?? '') : match;
  });
}

/** What the downward API reads from the pod. */
export interface PodFacts {
  name: string;
  annotations: Readonly<Record<string, string>>;
  labels: Readonly<Record<string, string>>;
}

function fieldRef(path: string, pod: PodFacts): string {
  if (path === 'metadata.name') return pod.name;
  const m = /^metadata\.(annotations|labels)\['([^']+)'\]$/.exec(path);
  const value = m === null ? undefined : (m[1] === 'annotations' ? pod.annotations : pod.labels)[m[2] ?? ''];
  if (value === undefined) throw new Error(`fieldRef ${path} is not known for pod ${pod.name}`);
  return value;
}

function dataOf(objects: readonly JsonObject[], kind: 'ConfigMap' | 'Secret', name: string, key: string): string {
  const obj = objectsOf(objects, kind).find((o) => nameOf(o) === name);
  const data = obj?.data;
  const raw = isObject(data) ? data[key] : undefined;
  if (typeof raw !== 'string') throw new Error(`${kind} ${name} has no key ${key}`);
  return kind === 'Secret' ? Buffer.from(raw, 'base64').toString('utf8') : raw;
}

/** The container's environment, in order, as the kubelet resolves it (envFrom is not used here). */
export function resolveEnv(container: JsonObject, objects: readonly JsonObject[], pod: PodFacts): Record<string, string> {
  if (container.envFrom !== undefined) throw new Error('envFrom is not resolved by test/unit/k8s/pod.ts');
  const env: Record<string, string> = {};
  for (const e of (container.env as JsonObject[] | undefined) ?? []) {
    const name = String(e.name);
    const from = e.valueFrom;
    if (typeof e.value === 'string') env[name] = expandVars(e.value, env);
    else if (isObject(from) && isObject(from.secretKeyRef)) env[name] = dataOf(objects, 'Secret', String(from.secretKeyRef.name), String(from.secretKeyRef.key));
    else if (isObject(from) && isObject(from.configMapKeyRef)) env[name] = dataOf(objects, 'ConfigMap', String(from.configMapKeyRef.name), String(from.configMapKeyRef.key));
    else if (isObject(from) && isObject(from.fieldRef)) env[name] = fieldRef(String(from.fieldRef.fieldPath), pod);
    else throw new Error(`env ${name}: unsupported source ${JSON.stringify(e)}`);
  }
  return env;
}

/** command + args after `$(VAR)` expansion (command is empty when the image's ENTRYPOINT runs). */
export function resolveArgv(container: JsonObject, env: Readonly<Record<string, string>>): { command: string[]; args: string[] } {
  const strs = (v: Json | undefined): string[] => ((v as string[] | undefined) ?? []).map((s) => expandVars(String(s), env));
  return { command: strs(container.command), args: strs(container.args) };
}

export type MountSource =
  | { type: 'configMap'; name: string; data: Record<string, string> }
  | { type: 'pvc'; claimName: string }
  | { type: 'emptyDir' };

export interface Mount {
  mountPath: string;
  readOnly: boolean;
  source: MountSource;
}

/** The container's volume mounts with what backs each (ConfigMap contents, a PVC, an emptyDir). */
export function mountsOf(workload: JsonObject, container: JsonObject, objects: readonly JsonObject[]): Mount[] {
  const volumes = (podSpecOf(workload).volumes as JsonObject[] | undefined) ?? [];
  return ((container.volumeMounts as JsonObject[] | undefined) ?? []).map((m) => {
    const vol = volumes.find((v) => v.name === m.name);
    if (vol === undefined) throw new Error(`volumeMount ${String(m.name)} has no volume`);
    let source: MountSource;
    if (isObject(vol.configMap)) {
      const name = String(vol.configMap.name);
      const cm = objectsOf(objects, 'ConfigMap').find((o) => nameOf(o) === name);
      if (cm === undefined || !isObject(cm.data)) throw new Error(`volume ${String(vol.name)}: no ConfigMap ${name} with data`);
      source = { type: 'configMap', name, data: cm.data as Record<string, string> };
    } else if (isObject(vol.persistentVolumeClaim)) {
      source = { type: 'pvc', claimName: String(vol.persistentVolumeClaim.claimName) };
    } else if (isObject(vol.emptyDir)) {
      source = { type: 'emptyDir' };
    } else {
      throw new Error(`volume ${String(vol.name)}: unsupported kind`);
    }
    return { mountPath: String(m.mountPath), readOnly: m.readOnly === true, source };
  });
}
