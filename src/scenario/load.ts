import { SourceMap } from 'node:module';
import { StampedeError } from '../errors.js';
import { installApi } from './api.js';
import { describeUserClass, isAbstractUserClass, isUserClass, type UserClassInfo } from './discover.js';

export interface LoadedLoadfile {
  filename: string;
  /** The exported, non-abstract HttpUser subclasses, checked, in export-name order. */
  classes: UserClassInfo[];
  /** The optional `export function shape` (opaque here; a later feature reads it). */
  shape: ((...args: never[]) => unknown) | undefined;
  /** The optional `export const thresholds` object (opaque here). */
  thresholds: Record<string, unknown> | undefined;
  /**
   * A stack trace with every frame in the bundle (`stampede-loadfile/<file>:line:col`) mapped
   * through the bundle's source map to the loadfile's own `file:line:col`: Node 20 applies no
   * source maps to modules imported from data: URLs.
   */
  mapStack(stack: string): string;
}

/** Where bundled loadfiles appear in stack traces: `stampede-loadfile/<filename>:line:col`. */
const SOURCE_URL_PREFIX = 'stampede-loadfile/';

/**
 * Imports a bundle made by bundleLoadfile (from a data: URL, so nothing touches the disk) and
 * collects its user classes. Importing the same code twice gives the same module (and classes).
 * Throws STAMPEDE_ERR_LOADFILE when the import throws, an export is malformed, or there is no user
 * class.
 */
export async function loadBundle(code: string, filename: string): Promise<LoadedLoadfile> {
  installApi();
  const source = `${code}\n//# sourceURL=${SOURCE_URL_PREFIX}${filename}\n`;
  let ns: Record<string, unknown>;
  try {
    ns = (await import(`data:text/javascript;base64,${Buffer.from(source).toString('base64')}`)) as Record<string, unknown>;
  } catch (err) {
    throw importError(filename, code, err);
  }
  return collect(filename, ns, stackMapper(code));
}

function collect(filename: string, ns: Record<string, unknown>, mapStack: (stack: string) => string): LoadedLoadfile {
  const classes: UserClassInfo[] = [];
  const seen = new Set<unknown>();
  for (const [exportName, value] of Object.entries(ns)) {
    if (!isUserClass(value) || isAbstractUserClass(value) || seen.has(value)) continue;
    seen.add(value);
    const info = describeUserClass(value, exportName);
    const clash = classes.find((c) => c.name === info.name);
    if (clash !== undefined) {
      throw new StampedeError('STAMPEDE_ERR_LOADFILE', `loadfile ${filename}: two user classes are named ${info.name}; rename one`);
    }
    classes.push(info);
  }
  if (classes.length === 0) {
    throw new StampedeError(
      'STAMPEDE_ERR_LOADFILE',
      `loadfile ${filename} exports no user class: export a class that extends HttpUser and has tasks ` +
        '(export class MyUser extends HttpUser { @task async home() { await this.client.get("/"); } })',
    );
  }
  const { shape, thresholds } = ns;
  if (shape !== undefined && typeof shape !== 'function') {
    throw new StampedeError('STAMPEDE_ERR_LOADFILE', `loadfile ${filename}: export "shape" must be a function; got ${typeof shape}`);
  }
  if (thresholds !== undefined && (typeof thresholds !== 'object' || thresholds === null || Array.isArray(thresholds))) {
    throw new StampedeError('STAMPEDE_ERR_LOADFILE', `loadfile ${filename}: export "thresholds" must be an object`);
  }
  return {
    filename,
    classes,
    shape: shape as LoadedLoadfile['shape'],
    thresholds: thresholds as LoadedLoadfile['thresholds'],
    mapStack,
  };
}

/** `mapStack` of a bundle: its source map is parsed on first use; frames it cannot map stay as they are. */
function stackMapper(code: string): (stack: string) => string {
  let map: SourceMap | null | undefined;
  return (stack) => {
    if (!stack.includes(SOURCE_URL_PREFIX)) return stack;
    map ??= inlineSourceMap(code) ?? null;
    const m = map;
    if (m === null) return stack;
    return stack.replace(FRAME, (frame, line: string, column: string) => mapPosition(m, Number(line), Number(column)) ?? frame);
  };
}

/** A position in the bundle: `stampede-loadfile/<file>:line:col`. */
const FRAME = /stampede-loadfile\/[^\s():]*:(\d+):(\d+)/g;

/** 1-based `line`, `column` in the bundle → `source:line:column` in the loadfile, or undefined. */
function mapPosition(map: SourceMap, line: number, column: number): string | undefined {
  const entry = map.findEntry(line - 1, column - 1) as { originalSource?: string; originalLine?: number; originalColumn?: number };
  if (entry.originalSource === undefined || entry.originalLine === undefined || entry.originalColumn === undefined) return undefined;
  return `${entry.originalSource}:${entry.originalLine + 1}:${entry.originalColumn + 1}`;
}

function importError(filename: string, code: string, err: unknown): StampedeError {
  if (err instanceof StampedeError && err.code === 'STAMPEDE_ERR_LOADFILE') {
    const where = originalPosition(code, err.stack);
    return new StampedeError(err.code, `loadfile ${filename}${where === undefined ? '' : ` (${where})`}: ${err.message}`, { cause: err });
  }
  const message = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  const where = originalPosition(code, err instanceof Error ? err.stack : undefined);
  return new StampedeError(
    'STAMPEDE_ERR_LOADFILE',
    `loadfile ${filename} threw while being imported${where === undefined ? '' : ` at ${where}`}: ${message}; ` +
      'fix the code that runs at the top level of the loadfile (or in a class body) and run again',
    { cause: err },
  );
}

/** The first stack frame in the bundle, mapped through its inline source map to `file:line:column`. */
function originalPosition(code: string, stack: string | undefined): string | undefined {
  const frame = stack === undefined ? null : new RegExp(FRAME.source).exec(stack);
  if (frame === null) return undefined;
  const map = inlineSourceMap(code);
  if (map === undefined) return undefined;
  return mapPosition(map, Number(frame[1]), Number(frame[2]));
}

function inlineSourceMap(code: string): SourceMap | undefined {
  const marker = '//# sourceMappingURL=data:application/json;base64,';
  const at = code.lastIndexOf(marker);
  if (at < 0) return undefined;
  const end = code.indexOf('\n', at);
  const b64 = code.slice(at + marker.length, end < 0 ? undefined : end).trim();
  try {
    return new SourceMap(JSON.parse(Buffer.from(b64, 'base64').toString('utf8')) as ConstructorParameters<typeof SourceMap>[0]);
  } catch {
    return undefined;
  }
}
