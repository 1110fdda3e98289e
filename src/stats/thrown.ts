/**
 * Turns any thrown value into the (message, traceback) pair exceptions are grouped by.
 * Errors (also from other realms, such as a vm context): `String(error)` ("TypeError: x") and the
 * stack; strings: the string and no traceback; anything else: util.inspect of it.
 */
import { inspect, types } from 'node:util';

export interface ThrownDescription {
  message: string;
  traceback: string;
}

function safeString(fn: () => string, fallback: string): string {
  try {
    return fn();
  } catch {
    return fallback;
  }
}

export function describeThrown(thrown: unknown): ThrownDescription {
  if (thrown instanceof Error || types.isNativeError(thrown)) {
    const err = thrown as Error;
    const message = safeString(() => String(err), 'Error (its toString() threw)');
    const stack = safeString(() => (typeof err.stack === 'string' ? err.stack : ''), '');
    return { message, traceback: stack };
  }
  if (typeof thrown === 'string') return { message: thrown, traceback: '' };
  const message = safeString(() => inspect(thrown, { depth: 2, breakLength: Infinity }), 'unprintable value');
  return { message, traceback: '' };
}
