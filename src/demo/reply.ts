import type { IncomingHttpHeaders } from 'node:http';

/** What a route sees of a request: the body is already fully read. */
export interface RequestContext {
  method: string;
  /** The URL path without the query string. */
  path: string;
  query: URLSearchParams;
  /** Values of the `:name` segments of the matched route. */
  params: Record<string, string>;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** What a route answers: a JSON body (or none), extra headers, and how long to hold the answer. */
export interface Reply {
  status: number;
  /** Serialised as JSON; `undefined` sends no body (204, 202 without payload…). */
  json?: unknown;
  headers?: Record<string, string>;
  /** Simulated service time in milliseconds, spent on a timer (never a busy loop). */
  delayMs: number;
}

export type Handler = (ctx: RequestContext) => Reply;

/** A JSON error body `{ error, message }`, the shape every failing demo route answers with. */
export function errorReply(status: number, error: string, message: string, delayMs = 0): Reply {
  return { status, json: { error, message }, delayMs };
}

/** Parses a body as a JSON object; `undefined` when it is not valid JSON or not an object. */
export function parseJsonObject(body: Buffer): Record<string, unknown> | undefined {
  if (body.length === 0) return undefined;
  try {
    const value: unknown = JSON.parse(body.toString('utf8'));
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
    return value as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/** A non-empty string field of a parsed body, or undefined. */
export function stringField(obj: Record<string, unknown>, key: string): string | undefined {
  const v = obj[key];
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}
