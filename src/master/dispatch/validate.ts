import { DispatchInputError, assertCount, describe, isCount } from './errors.js';
import { type DispatchInput } from './types.js';

/** Checks everything dispatch relies on; throws DispatchInputError naming the first problem. */
export function validateInput(input: DispatchInput): void {
  assertCount(input.users, 'users (the target number of users)');
  const rate = input.spawnRate;
  if (typeof rate !== 'number' || !Number.isFinite(rate) || rate <= 0) {
    throw new DispatchInputError(`spawnRate must be a finite number of users per second > 0, got ${describe(rate)}`);
  }
  validateClasses(input);
  validateWorkers(input.workers);
  if (input.previous !== undefined) validatePrevious(input);
}

function validateClasses(input: DispatchInput): void {
  if (!Array.isArray(input.classes)) {
    throw new DispatchInputError(`classes must be an array of {name, weight, fixedCount}, got ${describe(input.classes)}`);
  }
  const seen = new Set<string>();
  for (const cls of input.classes) {
    const name: unknown = cls.name;
    if (typeof name !== 'string' || name === '') {
      throw new DispatchInputError(`every user class needs a non-empty name, got ${describe(name)}`);
    }
    if (seen.has(name)) throw new DispatchInputError(`user class ${describe(name)} is listed twice; give each class a distinct name`);
    seen.add(name);
    if (cls.fixedCount !== null) assertCount(cls.fixedCount, `fixedCount of user class ${describe(name)} (or null to use its weight)`);
    else assertCount(cls.weight, `weight of user class ${describe(name)}`);
  }
}

function validateWorkers(workers: unknown): void {
  if (!Array.isArray(workers)) throw new DispatchInputError(`workers must be an array of worker ids, got ${describe(workers)}`);
  const seen = new Set<string>();
  for (const id of workers as unknown[]) {
    if (typeof id !== 'string' || id === '') throw new DispatchInputError(`every worker id must be a non-empty string, got ${describe(id)}`);
    if (seen.has(id)) throw new DispatchInputError(`worker id ${describe(id)} is listed twice; worker ids must be unique`);
    seen.add(id);
  }
}

function validatePrevious(input: DispatchInput): void {
  const perWorker: unknown = input.previous?.perWorker;
  if (typeof perWorker !== 'object' || perWorker === null) {
    throw new DispatchInputError('previous.perWorker must be the perWorker object of an earlier dispatch result');
  }
  for (const [id, share] of Object.entries(perWorker)) {
    const users: unknown = (share as { users?: unknown } | null)?.users;
    if (typeof users !== 'object' || users === null) {
      throw new DispatchInputError(`previous.perWorker[${describe(id)}].users must be an object of class name -> users`);
    }
    for (const [name, n] of Object.entries(users)) {
      if (!isCount(n)) {
        throw new DispatchInputError(
          `previous.perWorker[${describe(id)}].users[${describe(name)}] must be a whole number >= 0, got ${describe(n)}; pass an unmodified earlier dispatch result`,
        );
      }
    }
  }
}
