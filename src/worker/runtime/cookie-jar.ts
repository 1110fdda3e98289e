/**
 * A small per-user cookie jar for one host: Set-Cookie `name=value` with `Path`, `Max-Age` and
 * `Expires` (RFC 6265 basics). Domain, Secure, HttpOnly and SameSite are accepted and ignored: a
 * user talks to one host.
 */

interface Cookie {
  name: string;
  value: string;
  path: string;
  /** Epoch ms; Infinity for a session cookie. */
  expires: number;
}

export class CookieJar {
  /** Keyed by `path` + `\n` + `name` (the cookie's identity for one host). */
  readonly #cookies = new Map<string, Cookie>();

  get size(): number {
    return this.#cookies.size;
  }

  /** Stores the Set-Cookie header value(s) of a response to `requestPath`. */
  store(setCookie: string | readonly string[], requestPath: string, nowMs: number): void {
    if (typeof setCookie === 'string') this.#storeOne(setCookie, requestPath, nowMs);
    else for (const line of setCookie) this.#storeOne(line, requestPath, nowMs);
  }

  /** The Cookie header for a request to `requestPath` (no query), or undefined when none apply. */
  header(requestPath: string, nowMs: number): string | undefined {
    let out: string | undefined;
    for (const c of this.#matching(requestPath, nowMs)) {
      out = out === undefined ? `${c.name}=${c.value}` : `${out}; ${c.name}=${c.value}`;
    }
    return out;
  }

  /** name → value of the cookies that would be sent to `requestPath`. */
  toRecord(requestPath: string, nowMs: number): Record<string, string> {
    const out: Record<string, string> = {};
    for (const c of this.#matching(requestPath, nowMs)) if (!(c.name in out)) out[c.name] = c.value;
    return out;
  }

  clear(): void {
    this.#cookies.clear();
  }

  /** Live cookies whose path matches, longest path first (RFC 6265 §5.4). Drops expired ones. */
  #matching(requestPath: string, nowMs: number): Cookie[] {
    const found: Cookie[] = [];
    for (const [key, c] of this.#cookies) {
      if (c.expires <= nowMs) {
        this.#cookies.delete(key);
        continue;
      }
      if (pathMatches(c.path, requestPath)) found.push(c);
    }
    if (found.length > 1) found.sort((a, b) => b.path.length - a.path.length);
    return found;
  }

  #storeOne(line: string, requestPath: string, nowMs: number): void {
    const parts = line.split(';');
    const pair = parts[0] ?? '';
    const eq = pair.indexOf('=');
    if (eq <= 0) return;
    const name = pair.slice(0, eq).trim();
    if (name === '') return;
    const value = pair.slice(eq + 1).trim();
    let path: string | undefined;
    let maxAge: number | undefined;
    let expires: number | undefined;
    for (let i = 1; i < parts.length; i++) {
      const attr = parts[i] ?? '';
      const at = attr.indexOf('=');
      const key = (at < 0 ? attr : attr.slice(0, at)).trim().toLowerCase();
      const val = at < 0 ? '' : attr.slice(at + 1).trim();
      if (key === 'path' && val.startsWith('/')) path = val;
      else if (key === 'max-age' && /^-?\d+$/.test(val)) maxAge = Number(val);
      else if (key === 'expires') {
        const t = Date.parse(val);
        if (!Number.isNaN(t)) expires = t;
      }
    }
    const cookiePath = path ?? defaultPath(requestPath);
    const expiry = maxAge !== undefined ? (maxAge <= 0 ? -Infinity : nowMs + maxAge * 1000) : (expires ?? Infinity);
    const key = `${cookiePath}\n${name}`;
    if (expiry <= nowMs) this.#cookies.delete(key);
    else this.#cookies.set(key, { name, value, path: cookiePath, expires: expiry });
  }
}

/** RFC 6265 §5.1.4: the directory of the request path. */
function defaultPath(requestPath: string): string {
  if (!requestPath.startsWith('/')) return '/';
  const last = requestPath.lastIndexOf('/');
  return last <= 0 ? '/' : requestPath.slice(0, last);
}

/** RFC 6265 §5.1.4 path-match. */
function pathMatches(cookiePath: string, requestPath: string): boolean {
  if (cookiePath === requestPath) return true;
  if (!requestPath.startsWith(cookiePath)) return false;
  return cookiePath.endsWith('/') || requestPath.charAt(cookiePath.length) === '/';
}
