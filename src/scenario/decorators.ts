import { StampedeError } from '../errors.js';

/**
 * `@task` and `@tag` as standard (TC39 2023) method decorators. Node 20 has no native decorators;
 * esbuild (the loadfile bundler) and tsx lower them. What they declare is kept in a WeakMap keyed
 * by the method function, and read back by discovery (src/scenario/discover.ts).
 */

interface Mark {
  /** Set by @task; a method with tags but no weight is not a task. */
  weight: number | undefined;
  tags: string[];
}

const marks = new WeakMap<object, Mark>();

/** Any method a decorator may be put on (the constraint ClassMethodDecoratorContext itself uses). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Method<This> = (this: This, ...args: any) => any;

/** What a decorator returns: nothing (the method is kept as it is). */
type MethodDecorator = <This, Value extends Method<This>>(value: Value, context: ClassMethodDecoratorContext<This, Value>) => void;

/** The parts of a decorator context that are checked (legacy decorators pass something else). */
interface ContextLike {
  readonly kind: string;
  readonly name: string | symbol;
  readonly static: boolean;
  readonly private: boolean;
}

/** The task weight and tags a decorated method carries, or undefined. */
export function markOf(fn: unknown): { readonly weight: number | undefined; readonly tags: readonly string[] } | undefined {
  return typeof fn === 'function' ? marks.get(fn) : undefined;
}

/**
 * Marks a method as a task. `@task` has weight 1; `@task(3)` is picked three times as often.
 */
export function task(weight: number): MethodDecorator;
export function task<This, Value extends Method<This>>(value: Value, context: ClassMethodDecoratorContext<This, Value>): void;
export function task<This, Value extends Method<This>>(
  arg: number | Value,
  context?: ClassMethodDecoratorContext<This, Value>,
): MethodDecorator | void {
  if (typeof arg === 'function') {
    markTask(arg, context, 1);
    return;
  }
  if (typeof arg === 'object' && arg !== null) checkContext('@task', undefined);
  checkWeight(arg);
  return (value, ctx) => markTask(value, ctx, arg);
}

/** Tags a method, for `--tags` / `--exclude-tags`. Put it with @task, in either order. */
export function tag(...tags: string[]): MethodDecorator {
  for (const t of tags) {
    if (typeof t !== 'string' || t.length === 0) {
      throw new StampedeError('STAMPEDE_ERR_LOADFILE', `@tag(): every tag must be a non-empty string; got ${JSON.stringify(t)}`);
    }
  }
  return (value, ctx) => {
    checkContext('@tag', ctx);
    const mark = markFor(value);
    for (const t of tags) if (!mark.tags.includes(t)) mark.tags.push(t);
  };
}

function markTask(value: unknown, context: ContextLike | undefined, weight: number): void {
  checkContext('@task', context);
  const mark = markFor(value as object);
  if (mark.weight !== undefined) {
    throw new StampedeError('STAMPEDE_ERR_LOADFILE', `@task is on method ${String(context?.name)} twice; keep one (@task(weight))`);
  }
  mark.weight = weight;
}

function markFor(fn: object): Mark {
  let mark = marks.get(fn);
  if (mark === undefined) {
    mark = { weight: undefined, tags: [] };
    marks.set(fn, mark);
  }
  return mark;
}

function checkContext(what: string, context: ContextLike | undefined): void {
  if (typeof context !== 'object' || context === null || typeof context.kind !== 'string') {
    throw new StampedeError(
      'STAMPEDE_ERR_LOADFILE',
      `${what} was called as a legacy (experimentalDecorators) decorator; stampede needs standard decorators: ` +
        'remove "experimentalDecorators" from the tsconfig that compiles this loadfile',
    );
  }
  const where = `${what} on ${String(context.name)}`;
  if (context.kind !== 'method') {
    throw new StampedeError('STAMPEDE_ERR_LOADFILE', `${where}: decorates a ${context.kind}; put it on an instance method`);
  }
  if (context.static || context.private || typeof context.name !== 'string') {
    throw new StampedeError(
      'STAMPEDE_ERR_LOADFILE',
      `${where}: tasks must be public, non-static methods with a plain name (not static, #private or a symbol)`,
    );
  }
}

/** Task weights are whole numbers of 1 or more. */
export function checkWeight(weight: unknown, where = '@task()'): asserts weight is number {
  if (typeof weight !== 'number' || !Number.isInteger(weight) || weight < 1) {
    throw new StampedeError(
      'STAMPEDE_ERR_LOADFILE',
      `${where}: a task weight must be a whole number of 1 or more; got ${String(weight)}`,
    );
  }
}
