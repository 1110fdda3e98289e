/**
 * Every user-facing error code, in one table (fastify's createError style).
 * docs/errors.md lists each code; test/unit/errors-doc.test.ts keeps the two in step.
 */
export const ERROR_CODES = {
  STAMPEDE_ERR_USAGE: 'a flag, env var or option value is invalid',
  STAMPEDE_ERR_LOADFILE: 'the loadfile could not be bundled, imported, or has no user classes',
  STAMPEDE_ERR_NO_USER_CLASSES: 'no user class is left to run after the class names, tags and exclude-tags filters',
  STAMPEDE_ERR_EXPECT_WORKERS_TIMEOUT: 'fewer workers than --expect-workers connected within --expect-workers-max-wait',
  STAMPEDE_ERR_WORKER_LOST: 'a worker was lost and --on-worker-loss abort stopped the run',
  STAMPEDE_ERR_WORKER_LOAD: 'a worker could not load the loadfile bundle',
  STAMPEDE_ERR_BUNDLE_HASH: 'the bundle a worker received does not match its hash',
  STAMPEDE_ERR_MASTER_UNREACHABLE: 'a worker could not reach the master within --master-connect-timeout',
  STAMPEDE_ERR_MASTER_REFUSED: 'the master refused the worker (token, protocol version or duplicate id)',
  STAMPEDE_ERR_INSECURE_BIND: 'the master would listen on a non-loopback address without an auth token',
  STAMPEDE_ERR_LISTEN: 'the master could not listen on its port',
  STAMPEDE_ERR_DISPATCH_INPUT: 'dispatch was given an impossible target (negative or non-integer users)',
  STAMPEDE_ERR_BAD_HISTOGRAM: 'a histogram snapshot from a worker is malformed',
  STAMPEDE_ERR_PROTOCOL_BAD_FRAME: 'a frame on the master port could not be decoded or has the wrong shape',
  STAMPEDE_ERR_PROTOCOL_UNKNOWN_TYPE: 'a frame on the master port has an unknown message type',
  STAMPEDE_ERR_PROTOCOL_VERSION: 'master and worker speak different protocol versions',
  STAMPEDE_ERR_REPORT_WRITE: 'a report file (--json, --csv, --html, --hdr-log) could not be written',
  STAMPEDE_ERR_THRESHOLD: "a threshold (--threshold or the loadfile's thresholds) is malformed",
  STAMPEDE_ERR_INTERNAL: 'a bug in stampede; the message says where',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

/** An error a user can act on: a stable code for programs and a message for people. */
export class StampedeError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StampedeError';
    this.code = code;
  }
}

export function isStampedeError(err: unknown): err is StampedeError {
  return err instanceof StampedeError;
}

/** The string code of any error-like value, if it has one. */
export function codeOf(err: unknown): string | undefined {
  if (typeof err === 'object' && err !== null && 'code' in err) {
    const code = (err as { code: unknown }).code;
    return typeof code === 'string' ? code : undefined;
  }
  return undefined;
}
