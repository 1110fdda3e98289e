/**
 * Checks rendered objects against the Kubernetes API schemas shipped by kubernetes-models:
 * - its validators (generated from the API's OpenAPI schemas) check types, enums, formats and
 *   required fields;
 * - those schemas allow unknown fields (so does a lenient API server), so a typo such as
 *   `readOnlyRootFileSystem` would pass them; the API types of the same package are therefore also
 *   checked by the TypeScript compiler, whose excess-property check refuses unknown fields.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { Job } from 'kubernetes-models/batch/v1/Job';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { PersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';
import { Pod } from 'kubernetes-models/v1/Pod';
import { Secret } from 'kubernetes-models/v1/Secret';
import { Service } from 'kubernetes-models/v1/Service';
import type { JsonObject } from './field-path.js';

interface Validatable {
  validate(): void;
}

/** apiVersion/kind -> the model class and the module and interface its type lives in. */
const MODELS: Record<string, { make(o: JsonObject): Validatable; module: string; type: string }> = {
  'v1/ConfigMap': { make: (o) => new ConfigMap(o as never), module: 'kubernetes-models/v1/ConfigMap', type: 'IConfigMap' },
  'v1/Secret': { make: (o) => new Secret(o as never), module: 'kubernetes-models/v1/Secret', type: 'ISecret' },
  'v1/Service': { make: (o) => new Service(o as never), module: 'kubernetes-models/v1/Service', type: 'IService' },
  'v1/PersistentVolumeClaim': { make: (o) => new PersistentVolumeClaim(o as never), module: 'kubernetes-models/v1/PersistentVolumeClaim', type: 'IPersistentVolumeClaim' },
  'v1/Pod': { make: (o) => new Pod(o as never), module: 'kubernetes-models/v1/Pod', type: 'IPod' },
  'batch/v1/Job': { make: (o) => new Job(o as never), module: 'kubernetes-models/batch/v1/Job', type: 'IJob' },
  'apps/v1/Deployment': { make: (o) => new Deployment(o as never), module: 'kubernetes-models/apps/v1/Deployment', type: 'IDeployment' },
};

function modelOf(obj: JsonObject): (typeof MODELS)[string] {
  const key = `${String(obj.apiVersion)}/${String(obj.kind)}`;
  const model = MODELS[key];
  if (model === undefined) throw new Error(`no schema wired for ${key}: add it to MODELS in test/unit/k8s/schema.ts`);
  return model;
}

export function label(obj: JsonObject): string {
  const meta = obj.metadata as JsonObject | undefined;
  return `${String(obj.kind)}/${String(meta?.name)}`;
}

/** The schema validator's complaints about one object (empty when it is valid). */
export function schemaErrors(obj: JsonObject): string[] {
  try {
    modelOf(obj).make(obj).validate();
    return [];
  } catch (err) {
    const errors = (err as { errors?: { instancePath: string; message?: string }[] }).errors;
    if (errors === undefined) return [`${label(obj)}: ${(err as Error).message}`];
    return errors.map((e) => `${label(obj)}: ${e.instancePath || '/'} ${e.message ?? 'is invalid'}`);
  }
}

const HERE = dirname(fileURLToPath(import.meta.url));

/**
 * Type-checks every object as an object literal of its API type and returns the compiler's
 * complaints, e.g. "Object literal may only specify known properties, and 'resourcez' does not
 * exist in type 'IIoK8sApiCoreV1Container'", with the object's kind and name.
 */
export function unknownFieldErrors(objects: readonly JsonObject[]): string[] {
  const file = join(HERE, '__rendered_manifests__.ts');
  const lines: string[] = [];
  objects.forEach((obj, i) => {
    const m = modelOf(obj);
    lines.push(`import type { ${m.type} as T${i} } from '${m.module}';`);
  });
  objects.forEach((obj, i) => lines.push(`export const o${i}: T${i} = ${JSON.stringify(obj)};`));
  const text = lines.join('\n');
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: [],
    // The API types need no more than ES5's; the default (DOM included) takes seconds to load.
    lib: ['lib.es5.d.ts'],
  };
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  host.readFile = (f) => (f === file ? text : readFile(f));
  host.fileExists = (f) => f === file || fileExists(f);
  host.getSourceFile = (f, lang, onError, shouldCreate) =>
    f === file ? ts.createSourceFile(f, text, lang) : getSourceFile(f, lang, onError, shouldCreate);
  const program = ts.createProgram([file], options, host);
  const source = program.getSourceFile(file);
  const diagnostics = [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)];
  return diagnostics.map((d) => {
    const line = d.start === undefined || source === undefined ? -1 : source.getLineAndCharacterOfPosition(d.start).line;
    const index = line - objects.length;
    const obj = objects[index];
    return `${obj === undefined ? 'rendered manifests' : label(obj)}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`;
  });
}
