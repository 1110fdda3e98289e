import * as api from '../index.js';

/** The key of the global through which bundled loadfiles reach the worker's API (see bundle.ts). */
export const API_GLOBAL = Symbol.for('stampede.api');

/** The names `import … from 'stampede'` may take, sorted (the values exported by src/index.ts). */
export const API_EXPORT_NAMES: readonly string[] = Object.keys(api).sort();

/** Makes this process's API the one that bundled loadfiles import. Idempotent. */
export function installApi(): void {
  const g = globalThis as Record<symbol, unknown>;
  if (g[API_GLOBAL] !== api) g[API_GLOBAL] = api;
}

/** The source of the module that stands for 'stampede' inside a bundle. */
export function apiModuleSource(): string {
  const lines = [
    'const api = globalThis[Symbol.for("stampede.api")];',
    'if (api === undefined) throw new Error("this loadfile bundle must be run by stampede (the stampede API is not installed)");',
  ];
  for (const name of API_EXPORT_NAMES) lines.push(`export const ${name} = api.${name};`);
  return `${lines.join('\n')}\n`;
}
