/**
 * Request bodies: read with a size limit (413 beyond it, without buffering the excess) and parsed
 * as JSON only when they say they are JSON (415 otherwise, which also keeps cross-site "simple"
 * form posts out: a browser must preflight a JSON post, and no CORS answer means no post).
 */
import type { IncomingMessage } from 'node:http';
import { HttpError } from './reply.js';

/** Default limit of a request body: the run body is a few hundred bytes. */
export const DEFAULT_MAX_BODY_BYTES = 64 * 1024;

function tooLarge(limit: number): HttpError {
  return new HttpError(413, `request body is larger than ${limit} bytes: send only the documented fields`, { headers: { connection: 'close' } });
}

/** Reads the whole body; rejects with HttpError 413 as soon as it exceeds `limit` bytes. */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    req.resume();
    return Promise.reject(tooLarge(limit));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (err: Error | null): void => {
      if (done) return;
      done = true;
      req.off('data', onData);
      if (err === null) resolve(Buffer.concat(chunks, size));
      else {
        req.resume();
        reject(err);
      }
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limit) finish(tooLarge(limit));
      else chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => finish(null));
    req.once('error', (err) => finish(err));
    req.once('aborted', () => finish(new HttpError(400, 'the request body was cut off: send the whole body')));
  });
}

/**
 * Parses a JSON body. An empty body is `{}`. A non-empty one needs `content-type: application/json`
 * (415 otherwise) and must parse (400 otherwise).
 */
export function parseJsonBody(body: Buffer, contentType: string | undefined): unknown {
  if (body.length === 0) return {};
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json') {
    throw new HttpError(415, `the body must be JSON: send it with "Content-Type: application/json" (got ${contentType === undefined ? 'no content-type' : `"${contentType}"`})`);
  }
  try {
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch (err) {
    throw new HttpError(400, `the body is not valid JSON (${(err as Error).message}): send an object such as {"users": 10, "spawnRate": 2}`, { code: 'STAMPEDE_ERR_USAGE' });
  }
}
