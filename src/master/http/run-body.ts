/**
 * The body of `POST /api/run`, checked with the CLI's rules (the limits of -u and -r come from the
 * one options schema, durations are parsed like -t, the host like -H). Unknown fields are refused
 * and every problem is reported at once, each naming its field. Pure.
 */
import { parseDurationMs } from '../../cli/duration.js';
import { OPTION_DEFS } from '../../cli/schema.js';
import { badFields, type FieldProblem } from './reply.js';

/** What a run request asks for; absent fields keep the running target's value or the defaults. */
export interface RunRequest {
  users?: number;
  spawnRate?: number;
  /** Milliseconds, or null for "until stopped". */
  runTimeMs?: number | null;
  host?: string;
  classes?: string[];
  /** Open model: arrivals per second. */
  arrivalRate?: number;
  /** Open model: the cap on concurrent users across all workers. */
  maxUsers?: number;
}

export const RUN_FIELDS = ['users', 'spawnRate', 'runTime', 'host', 'classes', 'arrivalRate', 'maxUsers'] as const;

function limits(flag: 'users' | 'spawn-rate'): { min: number; max: number } {
  const def = OPTION_DEFS.find((d) => d.flag === flag)!;
  return { min: 'min' in def ? def.min : 0, max: 'max' in def ? def.max : Number.MAX_SAFE_INTEGER };
}

const USERS = limits('users');
const SPAWN_RATE = limits('spawn-rate');
/** The open model's rate and cap share the user count's ceiling. */
const MAX_RATE = 1_000_000;
/** The same rule as the CLI's -H check (src/cli/options.ts). */
const HOST_RE = /^https?:\/\/[^/\s]+/i;

type Check<T> = (value: unknown, field: string) => T;

const wholeNumber = (min: number, max: number): Check<number> => (v, field) => {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`${field} must be a number, got ${JSON.stringify(v)}`);
  if (!Number.isInteger(v)) throw new Error(`${field} must be a whole number, got ${v}`);
  return inRange(v, min, max, field);
};

const number = (min: number, max: number, above = false): Check<number> => (v, field) => {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`${field} must be a number, got ${JSON.stringify(v)}`);
  if (above && v <= min) throw new Error(`${field} must be more than ${min}, got ${v}`);
  return inRange(v, min, max, field);
};

function inRange(v: number, min: number, max: number, field: string): number {
  if (v < min) throw new Error(`${field} must be at least ${min}, got ${v}`);
  if (v > max) throw new Error(`${field} must be at most ${max}, got ${v}`);
  return v;
}

const runTime: Check<number | null> = (v, field) => {
  if (v === null) return null;
  if (typeof v !== 'number' && typeof v !== 'string') throw new Error(`${field} must be seconds (a number), a duration such as "90s", "5m" or "1h30m", or null for no limit`);
  let ms: number;
  try {
    ms = parseDurationMs(v, field);
  } catch (err) {
    throw new Error((err as Error).message.replace(/^invalid /, ''));
  }
  if (ms <= 0) throw new Error(`${field} must be longer than 0, or null for no limit`);
  return ms;
};

const host: Check<string> = (v, field) => {
  if (typeof v !== 'string' || !HOST_RE.test(v)) {
    throw new Error(`${field} must be an absolute http(s) URL such as http://127.0.0.1:8000, got ${JSON.stringify(v)}`);
  }
  return v;
};

function classList(known: readonly string[] | undefined): Check<string[]> {
  return (v, field) => {
    if (!Array.isArray(v) || v.length === 0 || v.some((c) => typeof c !== 'string' || c === '')) {
      throw new Error(`${field} must be a non-empty list of user class names`);
    }
    const names = v as string[];
    const unknown = known === undefined ? [] : names.filter((c) => !known.includes(c));
    if (unknown.length > 0) throw new Error(`${field} has unknown user classes ${unknown.map((c) => `'${c}'`).join(', ')}: the loadfile defines ${known!.join(', ')}`);
    return [...new Set(names)];
  };
}

/** Parses a run body; throws HttpError 400 naming every bad field. */
export function parseRunBody(body: unknown, classNames?: readonly string[]): RunRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw badFields([{ field: '', message: 'the body must be a JSON object such as {"users": 10, "spawnRate": 2}' }]);
  }
  const raw = body as Record<string, unknown>;
  const problems: FieldProblem[] = [];
  const out: RunRequest = {};
  for (const key of Object.keys(raw)) {
    if (!(RUN_FIELDS as readonly string[]).includes(key)) problems.push({ field: key, message: `unknown field '${key}': use ${RUN_FIELDS.join(', ')}` });
  }
  const take = <T>(field: (typeof RUN_FIELDS)[number], check: Check<T>, set: (v: T) => void): void => {
    if (!(field in raw) || raw[field] === undefined) return;
    try {
      set(check(raw[field], field));
    } catch (err) {
      problems.push({ field, message: (err as Error).message });
    }
  };
  take('users', wholeNumber(USERS.min, USERS.max), (v) => (out.users = v));
  take('spawnRate', number(SPAWN_RATE.min, SPAWN_RATE.max), (v) => (out.spawnRate = v));
  take('runTime', runTime, (v) => (out.runTimeMs = v));
  take('host', host, (v) => (out.host = v));
  take('classes', classList(classNames), (v) => (out.classes = v));
  take('arrivalRate', number(0, MAX_RATE, true), (v) => (out.arrivalRate = v));
  take('maxUsers', wholeNumber(1, USERS.max), (v) => (out.maxUsers = v));
  if ('arrivalRate' in raw && 'users' in raw) {
    problems.push({ field: 'users', message: 'users and arrivalRate exclude each other: arrivalRate runs the open model, whose cap is maxUsers' });
  }
  if ('maxUsers' in raw && !('arrivalRate' in raw)) {
    problems.push({ field: 'maxUsers', message: 'maxUsers is the cap of the open model: give it with arrivalRate' });
  }
  if (problems.length > 0) throw badFields(problems);
  return out;
}
