import { StampedeError } from '../errors.js';
import type { DispatchClass } from '../master/dispatch.js';
import { bundleLoadfile, loadBundle, type UserClassInfo } from '../scenario/index.js';
import type { Options } from './options.js';

export interface PreparedLoadfile {
  bundle: { code: string; hash: string; filename: string };
  classes: DispatchClass[];
  /** -H, or the classes' shared static host. */
  host: string;
  /** The loadfile's `export function shape` and `export const thresholds`, as exported. */
  shape: unknown;
  thresholds: unknown;
}

/**
 * Bundles the loadfile, imports it once on the master to learn its user classes, and applies
 * the positional class names and the tag filters, so that dispatch only sees runnable classes.
 */
export async function prepareLoadfile(options: Options): Promise<PreparedLoadfile> {
  if (options.locustfile === undefined) {
    throw new StampedeError('STAMPEDE_ERR_USAGE', 'no loadfile: give one with -f/--locustfile (or STAMPEDE_LOCUSTFILE), e.g. -f examples/crud.ts');
  }
  const bundle = await bundleLoadfile(options.locustfile);
  const loaded = await loadBundle(bundle.code, bundle.filename);
  let classes = loaded.classes;
  if (options.userClasses.length > 0) {
    const known = new Set(classes.map((c) => c.name));
    const unknown = options.userClasses.filter((n) => !known.has(n));
    if (unknown.length > 0) {
      throw new StampedeError('STAMPEDE_ERR_USAGE', `unknown user class ${unknown.map((n) => `'${n}'`).join(', ')}: the loadfile defines ${[...known].join(', ')}`);
    }
    classes = classes.filter((c) => options.userClasses.includes(c.name));
  }
  const runnable = classes.filter((c) => hasRunnableTask(c, options.tags, options.excludeTags));
  if (runnable.length === 0) {
    throw new StampedeError('STAMPEDE_ERR_NO_USER_CLASSES', `no user class has a task left after --tags ${options.tags.join(',') || '(none)'} and --exclude-tags ${options.excludeTags.join(',') || '(none)'}: loosen the filters`);
  }
  const host = options.host ?? sharedHost(runnable);
  return {
    bundle,
    classes: runnable.map((c) => ({ name: c.name, weight: c.weight, fixedCount: c.fixedCount > 0 ? c.fixedCount : null })),
    host,
    shape: loaded.shape,
    thresholds: loaded.thresholds,
  };
}

function hasRunnableTask(c: UserClassInfo, tags: string[], excludeTags: string[]): boolean {
  return c.tasks.some((t) => {
    if (tags.length > 0 && !t.tags.some((x) => tags.includes(x))) return false;
    return !t.tags.some((x) => excludeTags.includes(x));
  });
}

function sharedHost(classes: UserClassInfo[]): string {
  const missing = classes.filter((c) => c.host === undefined || c.host === null || c.host === '');
  if (missing.length > 0) {
    throw new StampedeError('STAMPEDE_ERR_USAGE', `no host for ${missing.map((c) => c.name).join(', ')}: give -H/--host (e.g. -H http://127.0.0.1:8000) or set 'static host' in the class`);
  }
  return '';
}
