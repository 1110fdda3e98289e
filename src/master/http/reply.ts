/**
 * What a route handler answers, and the errors the HTTP layer turns into JSON error replies.
 * Handlers return a Reply; only src/master/http/server.ts writes to the socket.
 */
import { isStampedeError, type ErrorCode } from '../../errors.js';

export interface Reply {
  status: number;
  /** The content-type header. */
  type: string;
  body: string | Buffer;
  headers?: Record<string, string>;
}

export const JSON_TYPE = 'application/json; charset=utf-8';

/** One bad field of a request body. */
export interface FieldProblem {
  field: string;
  message: string;
}

/**
 * An answer with an error status: 400 (bad input), 401/403 (auth), 404, 405 (with `allow`),
 * 409 (the run is in the wrong state), 413 (body too large), 415 (not JSON).
 * `code` is set when the error has a stable STAMPEDE_ERR_ code (bad input: STAMPEDE_ERR_USAGE).
 */
export class HttpError extends Error {
  readonly status: number;
  readonly code: ErrorCode | undefined;
  readonly problems: readonly FieldProblem[];
  readonly headers: Record<string, string>;

  constructor(status: number, message: string, extra: { code?: ErrorCode; problems?: readonly FieldProblem[]; headers?: Record<string, string> } = {}) {
    super(message);
    this.name = 'HttpError';
    this.status = status;
    this.code = extra.code;
    this.problems = extra.problems ?? [];
    this.headers = extra.headers ?? {};
  }
}

/** 400 for a body with bad fields: the message names every field, `problems` lists them one by one. */
export function badFields(problems: readonly FieldProblem[]): HttpError {
  const message = problems.map((p) => p.message).join('; ');
  return new HttpError(400, message, { code: 'STAMPEDE_ERR_USAGE', problems });
}

export function json(status: number, value: unknown, headers?: Record<string, string>): Reply {
  return { status, type: JSON_TYPE, body: `${JSON.stringify(value)}\n`, ...(headers ? { headers } : {}) };
}

/** A file the browser saves rather than shows. */
export function download(type: string, filename: string, body: string): Reply {
  return { status: 200, type, body, headers: { 'content-disposition': `attachment; filename="${filename}"` } };
}

/** The JSON error body: `{"error": {"status", "message", "code"?, "problems"?}}` (docs/http-api.md). */
export function errorReply(err: unknown): Reply {
  if (err instanceof HttpError) {
    const error: Record<string, unknown> = { status: err.status, message: err.message };
    if (err.code !== undefined) error.code = err.code;
    if (err.problems.length > 0) error.problems = err.problems;
    return json(err.status, { error }, err.headers);
  }
  if (isStampedeError(err) && err.code === 'STAMPEDE_ERR_USAGE') {
    return json(400, { error: { status: 400, message: err.message, code: err.code } });
  }
  const message = err instanceof Error ? err.message : String(err);
  return json(500, { error: { status: 500, message: `internal error in the stampede web API: ${message}`, code: 'STAMPEDE_ERR_INTERNAL' } });
}
