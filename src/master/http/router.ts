/**
 * The route table: exact paths, one handler per method. Unknown paths are 404; a known path asked
 * with another method is 405 with the `Allow` header. GET routes answer HEAD too.
 */
import type { IncomingMessage } from 'node:http';
import { HttpError, type Reply } from './reply.js';

/**
 * Who may call a route: `open` always (health probes, the UI's static files), `read` unless reads
 * are protected (`authRead`), `write` only with the token when one is set.
 */
export type Access = 'open' | 'read' | 'write';

export interface RequestContext {
  req: IncomingMessage;
  url: URL;
  /** The request body, read and size-checked lazily. */
  body(): Promise<Buffer>;
}

export type Handler = (ctx: RequestContext) => Reply | Promise<Reply>;

export interface Route {
  access: Access;
  handler: Handler;
}

export type Method = 'GET' | 'POST';

export function notFound(path: string): HttpError {
  return new HttpError(404, `no such route: ${path} (docs/http-api.md lists the routes)`);
}

export class Router {
  #paths = new Map<string, Map<Method, Route>>();

  /** Adds a route; a path may have one route per method. */
  add(method: Method, path: string, access: Access, handler: Handler): this {
    let methods = this.#paths.get(path);
    if (methods === undefined) {
      methods = new Map();
      this.#paths.set(path, methods);
    }
    if (methods.has(method)) throw new Error(`route ${method} ${path} is defined twice`);
    methods.set(method, { access, handler });
    return this;
  }

  /** The methods a path answers (with HEAD beside GET), or null for an unknown path. */
  allowed(path: string): string[] | null {
    const methods = this.#paths.get(path);
    if (methods === undefined) return null;
    const out: string[] = [];
    for (const m of methods.keys()) out.push(...(m === 'GET' ? ['GET', 'HEAD'] : [m]));
    return out;
  }

  /** The route for a request; throws HttpError 404 or 405. */
  match(method: string, path: string): Route {
    const methods = this.#paths.get(path);
    if (methods === undefined) throw notFound(path);
    const route = methods.get((method === 'HEAD' ? 'GET' : method) as Method);
    if (route === undefined) {
      const allow = this.allowed(path)!.join(', ');
      throw new HttpError(405, `${method} is not allowed on ${path}: use ${allow}`, { headers: { allow } });
    }
    return route;
  }

  paths(): string[] {
    return [...this.#paths.keys()];
  }
}
