import { StampedeError } from '../errors.js';
import { checkWeight, markOf } from './decorators.js';
import { HttpUser } from './user.js';

export interface TaskInfo {
  /** The method name. */
  readonly name: string;
  readonly weight: number;
  readonly tags: readonly string[];
}

export type UserClass = new () => HttpUser;

/** A user class of a loadfile, checked and described. */
export interface UserClassInfo {
  /** The class name (as given on the command line to pick classes). */
  readonly name: string;
  readonly weight: number;
  /** An exact user count, dispatched before the weighted classes; 0 when not set. */
  readonly fixedCount: number;
  /** The class's `static host`, used when no host is given on the command line. */
  readonly host: string | undefined;
  readonly tasks: readonly TaskInfo[];
  readonly ctor: UserClass;
}

/** Plain-JS task table: `{ method: weight }`, `{ method: { weight, tags } }`, or `['a', 'b']`. */
export type TaskTable = Record<string, number | { weight?: number; tags?: string[] }> | readonly string[];

/** True for a subclass of HttpUser (not HttpUser itself). */
export function isUserClass(value: unknown): value is UserClass {
  return typeof value === 'function' && value !== HttpUser && value.prototype instanceof HttpUser;
}

/** True when the class itself (not a parent) says `static abstract = true`. */
export function isAbstractUserClass(ctor: UserClass): boolean {
  return Object.hasOwn(ctor, 'abstract') && (ctor as unknown as { abstract: unknown }).abstract === true;
}

/**
 * Reads and checks a user class: its statics and its tasks (decorated methods along the prototype
 * chain, or `static tasks`, not both). Throws STAMPEDE_ERR_LOADFILE with what to change.
 */
export function describeUserClass(ctor: UserClass, exportName = ctor.name): UserClassInfo {
  const name = ctor.name === '' ? exportName : ctor.name;
  const statics = ctor as unknown as Record<string, unknown>;
  const weight = statics.weight ?? 1;
  checkWeight(weight, `user class ${name}: static weight`);
  const fixedCount = statics.fixedCount ?? 0;
  if (typeof fixedCount !== 'number' || !Number.isInteger(fixedCount) || fixedCount < 0) {
    throw loadfileError(`user class ${name}: static fixedCount must be a whole number of 0 or more; got ${String(fixedCount)}`);
  }
  const host = checkHost(name, statics.host);
  const decorated = decoratedTasks(ctor);
  const table = statics.tasks;
  if (decorated.length > 0 && table !== undefined) {
    throw loadfileError(`user class ${name}: has both @task methods and static tasks; use one of the two`);
  }
  const tasks = decorated.length > 0 ? decorated : tableTasks(ctor, name, table);
  if (tasks.length === 0) {
    throw loadfileError(
      `user class ${name} has no tasks: decorate methods with @task, or set static tasks = { method: weight }; ` +
        'if it is a base class for others, mark it static abstract = true',
    );
  }
  return { name, weight, fixedCount, host, tasks, ctor };
}

/**
 * The tasks left after tag filtering, as Locust does it: with `tags`, keep the tasks that have at
 * least one of them; then drop the tasks that have any of `excludeTags`.
 */
export function filterTasksByTags(tasks: readonly TaskInfo[], tags?: readonly string[], excludeTags?: readonly string[]): TaskInfo[] {
  return tasks.filter(
    (t) =>
      (tags === undefined || tags.length === 0 || t.tags.some((x) => tags.includes(x))) &&
      (excludeTags === undefined || !t.tags.some((x) => excludeTags.includes(x))),
  );
}

/** Decorated methods, most-derived class first; an override keeps its parent's @task. */
function decoratedTasks(ctor: UserClass): TaskInfo[] {
  const found = new Map<string, TaskInfo>();
  for (let proto: unknown = ctor.prototype; proto !== HttpUser.prototype && proto !== null; proto = Object.getPrototypeOf(proto)) {
    for (const key of Object.getOwnPropertyNames(proto)) {
      if (key === 'constructor' || found.has(key)) continue;
      const desc = Object.getOwnPropertyDescriptor(proto, key);
      const mark = markOf(desc?.value);
      if (mark?.weight !== undefined) found.set(key, { name: key, weight: mark.weight, tags: [...mark.tags] });
    }
  }
  return [...found.values()];
}

function tableTasks(ctor: UserClass, cls: string, table: unknown): TaskInfo[] {
  if (table === undefined) return [];
  let entries: [string, unknown][];
  if (Array.isArray(table)) entries = table.map((n: unknown) => [String(n), 1]);
  else if (typeof table === 'object' && table !== null) entries = Object.entries(table);
  else throw loadfileError(`user class ${cls}: static tasks must be { method: weight } or an array of method names`);
  return entries.map(([method, spec]) => {
    const where = `user class ${cls}: static tasks.${method}`;
    if (typeof (ctor.prototype as unknown as Record<string, unknown>)[method] !== 'function') {
      throw loadfileError(`${where}: the class has no method ${method}; name an instance method`);
    }
    if (typeof spec === 'number') {
      checkWeight(spec, where);
      return { name: method, weight: spec, tags: [] };
    }
    if (typeof spec !== 'object' || spec === null) {
      throw loadfileError(`${where}: give a weight (a number) or { weight, tags }`);
    }
    const { weight = 1, tags = [] } = spec as { weight?: unknown; tags?: unknown };
    checkWeight(weight, where);
    if (!Array.isArray(tags) || !tags.every((t) => typeof t === 'string' && t.length > 0)) {
      throw loadfileError(`${where}: tags must be an array of non-empty strings`);
    }
    return { name: method, weight, tags: [...(tags as string[])] };
  });
}

function checkHost(cls: string, host: unknown): string | undefined {
  if (host === undefined || host === '') return undefined;
  if (typeof host === 'string' && /^https?:\/\/[^/]/i.test(host) && URL.canParse(host)) return host;
  throw loadfileError(`user class ${cls}: static host must be an http:// or https:// URL; got ${JSON.stringify(host)}`);
}

function loadfileError(message: string): StampedeError {
  return new StampedeError('STAMPEDE_ERR_LOADFILE', message);
}
