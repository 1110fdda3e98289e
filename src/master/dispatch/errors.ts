/** The stable code of every input problem dispatch reports. */
export const DISPATCH_INPUT_CODE = 'STAMPEDE_ERR_DISPATCH_INPUT';

/**
 * Thrown when dispatch or the segment helpers get input they cannot honour exactly
 * (negative or fractional users, a bad weight, duplicate names, an uneven segment sequence, …).
 * The message says what was wrong and what to change.
 */
export class DispatchInputError extends Error {
  readonly code: typeof DISPATCH_INPUT_CODE = DISPATCH_INPUT_CODE;

  constructor(message: string) {
    super(message);
    this.name = 'DispatchInputError';
  }
}

/** A non-negative safe integer (a count of users, arrivals or a weight). */
export function isCount(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
}

/** Throws DispatchInputError unless `v` is a non-negative safe integer. */
export function assertCount(v: unknown, what: string): asserts v is number {
  if (!isCount(v)) {
    throw new DispatchInputError(`${what} must be a whole number >= 0, got ${describe(v)}`);
  }
}

/** A short, safe rendering of a bad value for an error message. */
export function describe(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v.length > 60 ? `${v.slice(0, 60)}…` : v);
  if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') return String(v);
  if (v === null) return 'null';
  if (v === undefined) return 'undefined';
  return Array.isArray(v) ? 'an array' : `a ${typeof v}`;
}

/** The code of a broken internal invariant: a bug in dispatch, never the caller's input. */
export const INTERNAL_CODE = 'STAMPEDE_ERR_INTERNAL';

/** Throws an Error with code STAMPEDE_ERR_INTERNAL, naming where the invariant broke. */
export function invariant(condition: boolean, where: string): asserts condition {
  if (condition) return;
  const err = new Error(`internal error in dispatch (${where}); please report it with the input that caused it`);
  Object.assign(err, { code: INTERNAL_CODE });
  throw err;
}
