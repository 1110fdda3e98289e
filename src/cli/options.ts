import { StampedeError } from '../errors.js';
import { parseDurationMs } from './duration.js';
import { OPTION_DEFS, keyOf, type OptionDef } from './schema.js';

/** Validated options, shared by every role. Durations are in milliseconds. */
export interface Options {
  locustfile: string | undefined;
  host: string | undefined;
  users: number;
  spawnRate: number;
  runTime: number | undefined;
  headless: boolean;
  tags: string[];
  excludeTags: string[];
  stopTimeout: number;
  processes: number;
  /** Reset the statistics when the ramp-up completes. */
  resetStats: boolean;
  /** Leave this long (ms) from the start out of the final statistics. */
  warmup: number | undefined;
  master: boolean;
  worker: boolean;
  masterHost: string;
  masterPort: number;
  masterBindHost: string;
  masterBindPort: number;
  expectWorkers: number;
  expectWorkersMaxWait: number | undefined;
  authToken: string | undefined;
  insecureNoAuth: boolean;
  masterConnectTimeout: number;
  heartbeatTimeout: number;
  onWorkerLoss: 'rebalance' | 'continue' | 'abort';
  workerId: string | undefined;
  /** Master: PEM certificate and key files; both or neither. */
  tlsCert: string | undefined;
  tlsKey: string | undefined;
  /** Worker: connect with wss:// (also when masterCa is given). */
  masterTls: boolean;
  /** Worker: PEM file of the CA(s) the master's certificate must chain to. */
  masterCa: string | undefined;
  /** Distinct endpoint names kept apart in the stats. */
  maxEndpoints: number;
  onlySummary: boolean;
  json: string | undefined;
  /** Prefix of Locust's four CSV files. */
  csv: string | undefined;
  csvFullHistory: boolean;
  html: string | undefined;
  hdrLog: string | undefined;
  /** `--threshold` texts, as given (parsed by src/master/thresholds). */
  threshold: string[];
  /** Print the JSON summary to stdout as well (beside `json`, or alone). */
  jsonStdout: boolean;
  exitCodeOnError: number;
  loglevel: 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal' | 'silent';
  web: boolean;
  webHost: string;
  webPort: number;
  webAuthToken: string | undefined;
  webAuthRead: boolean;
  webCors: string | undefined;
  /** k6-style stages (the raw text; parsed by src/master/shapes/stages.ts). */
  stages: string | undefined;
  profile: 'smoke' | 'baseline' | 'load' | 'stress' | 'spike' | 'soak' | 'breakpoint' | undefined;
  /** Open model: global arrivals per second. */
  arrivalRate: number | undefined;
  maxUsers: number;
  stepUsers: number;
  stepTime: number;
  stopWhen: string | undefined;
  /** Positional user class names: run only these classes. */
  userClasses: string[];
  /** The option keys the user gave (flags, env or body), as opposed to defaults. */
  given: ReadonlySet<string>;
}

const KNOWN = new Map<string, OptionDef>(OPTION_DEFS.map((d) => [keyOf(d.flag), d]));

/**
 * Checks raw option values (from yargs, env, a config file or an HTTP body) against the schema.
 * Unknown keys are rejected and every problem is reported at once.
 */
export function validateOptions(raw: Record<string, unknown>, userClasses: string[] = []): Options {
  const problems: string[] = [];
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (!KNOWN.has(key)) problems.push(`unknown option '${key}'`);
    else if (value === undefined) continue;
    else out[key] = value;
  }
  for (const [key, def] of KNOWN) {
    const value = key in out ? out[key] : def.default;
    if (value === undefined) {
      out[key] = undefined;
      continue;
    }
    try {
      out[key] = coerce(def, value);
    } catch (err) {
      problems.push((err as Error).message);
    }
  }
  problems.push(...crossCheck(out));
  if (problems.length > 0) {
    throw new StampedeError('STAMPEDE_ERR_USAGE', problems.join('\n'));
  }
  const given = new Set(Object.keys(raw).filter((k) => raw[k] !== undefined));
  return { ...(out as Omit<Options, 'userClasses' | 'given'>), userClasses, given };
}

function coerce(def: OptionDef, value: unknown): unknown {
  const name = `--${def.flag}`;
  switch (def.type) {
    case 'string':
      if (typeof value !== 'string' && typeof value !== 'number') throw new Error(`${name} must be a string`);
      return String(value);
    case 'boolean':
      if (typeof value === 'boolean') return value;
      if (value === 'true' || value === '1') return true;
      if (value === 'false' || value === '0' || value === '') return false;
      throw new Error(`${name} must be true or false, got '${String(value)}'`);
    case 'int':
    case 'number': {
      const n = typeof value === 'number' ? value : Number(String(value).trim());
      if (typeof value === 'string' && value.trim() === '') throw new Error(`${name} needs a number`);
      if (!Number.isFinite(n)) throw new Error(`${name} must be a number, got '${String(value)}'`);
      if (def.type === 'int' && !Number.isInteger(n)) throw new Error(`${name} must be a whole number, got ${n}`);
      if (def.min !== undefined && n < def.min) throw new Error(`${name} must be at least ${def.min}, got ${n}`);
      if (def.max !== undefined && n > def.max) throw new Error(`${name} must be at most ${def.max}, got ${n}`);
      return n;
    }
    case 'duration':
      return parseDurationMs(typeof value === 'number' ? value : String(value), name);
    case 'list': {
      const items = Array.isArray(value) ? value : [value];
      return items.flatMap((v) => String(v).split(/[\s,]+/)).filter((v) => v.length > 0);
    }
    case 'texts': {
      // Repeatable free text (a threshold holds spaces and commas): only ';' and line breaks separate values.
      const items = Array.isArray(value) ? value : [value];
      return items.flatMap((v) => String(v).split(/[;\r\n]+/)).map((v) => v.trim()).filter((v) => v.length > 0);
    }
    case 'choice': {
      const s = String(value);
      if (!def.choices?.includes(s)) throw new Error(`${name} must be one of ${def.choices?.join(', ')}, got '${s}'`);
      return s;
    }
  }
}

function crossCheck(o: Record<string, unknown>): string[] {
  const problems: string[] = [];
  if (o.master === true && o.worker === true) problems.push('--master and --worker exclude each other: pick one role');
  if ((o.tlsCert === undefined) !== (o.tlsKey === undefined)) problems.push('--tls-cert and --tls-key go together: give the certificate and its private key');
  const host = o.host;
  if (typeof host === 'string' && !/^https?:\/\/[^/\s]+/i.test(host)) {
    problems.push(`--host must be an absolute http(s) URL such as http://127.0.0.1:8000, got '${host}'`);
  }
  return problems;
}
