/**
 * The numbers both ends of the master ↔ worker connection agree on. docs/protocol.md explains each.
 */
import {
  MAX_ERROR_TEXT_CHARS,
  MAX_EXCEPTION_MESSAGE_CHARS,
  MAX_METHOD_CHARS,
  MAX_NAME_CHARS,
  MAX_SNAPSHOT_ENTRIES,
  MAX_SNAPSHOT_ERRORS,
  MAX_SNAPSHOT_EXCEPTIONS,
  MAX_TRACEBACK_CHARS,
} from '../stats/limits.js';

/** Bumped on any incompatible change to a message; the master refuses other versions (close 4001). */
export const PROTOCOL_VERSION = 2;

/** Largest frame either end sends or accepts (the master's ws `maxPayload`; ws closes with 1009 above it). */
export const MAX_FRAME_BYTES = 16 * 1024 * 1024;

/** Default TCP port of the master's WebSocket listener. */
export const DEFAULT_MASTER_PORT = 5557;

/** The master pings every worker this often; ws answers pongs automatically. */
export const PING_INTERVAL_MS = 1000;

/** A worker that has sent nothing (not even a pong) for this long is shown as missing. */
export const MISSING_AFTER_MS = 3000;

/** Default heartbeat timeout: after this much silence a worker is lost (and the master applies its loss policy). */
export const DEFAULT_HEARTBEAT_TIMEOUT_MS = 15_000;

/** Default report interval; the master tells each worker the real value in `welcome`. */
export const DEFAULT_REPORT_INTERVAL_MS = 1000;

/**
 * A worker keeps up to this many unacked reports (one hour at 1 Hz; about 40 KB each for 20 busy
 * endpoints) and drops the oldest beyond it, counting every drop in `report.dropped`.
 */
export const MAX_UNACKED_REPORTS = 3600;

/** Clock-sync requests a worker sends after each `welcome`; it keeps the sample with the smallest round trip. */
export const CLOCK_SYNC_SAMPLES = 8;

/** Caps every decoder applies to untrusted input (characters for strings, items for lists/maps). */
export const LIMITS = {
  /** workerId, instance, runId. */
  idChars: 128,
  /** hello.host (a host name). */
  hostNameChars: 255,
  /** plan.host (a base URL) and bundle.filename. */
  urlChars: 4096,
  /** hello.version (the stampede version). */
  versionChars: 64,
  /** bundle.hash and ready.hash. */
  hashChars: 128,
  /** The loadfile bundle source. */
  bundleChars: 15 * 1024 * 1024,
  /** User classes in a plan or report `users` map, and the length of a class name. */
  userClasses: 1024,
  classNameChars: 256,
  /** ready.error. */
  errorCodeChars: 100,
  errorMessageChars: 65_536,
  /** plan.options.tags / excludeTags. */
  tags: 1024,
  tagChars: 256,
  /** Snapshot entries: (method, name) endpoints in one interval (src/stats/limits.ts keeps to these). */
  entries: MAX_SNAPSHOT_ENTRIES,
  methodChars: MAX_METHOD_CHARS,
  entryNameChars: MAX_NAME_CHARS,
  /** Distinct status codes of one entry, and the length of one status key. */
  statusKeys: 1000,
  statusKeyChars: 16,
  /** Bytes of one sparse histogram. */
  histogramBytes: 1024 * 1024,
  /** Error groups in one interval and the length of one error text. */
  errors: MAX_SNAPSHOT_ERRORS,
  errorTextChars: MAX_ERROR_TEXT_CHARS,
  /** Exception groups in one interval, and their texts. */
  exceptions: MAX_SNAPSHOT_EXCEPTIONS,
  exceptionMessageChars: MAX_EXCEPTION_MESSAGE_CHARS,
  tracebackChars: MAX_TRACEBACK_CHARS,
  /** hello.cpus. */
  cpus: 65_536,
  /** plan.open: rate stages, the largest arrival rate (per second) and stripe count. */
  rateStages: 10_000,
  arrivalRate: 10_000_000,
  workers: 100_000,
} as const;
