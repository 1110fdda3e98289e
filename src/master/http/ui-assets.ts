/**
 * The web UI's files, built by `npm run build` (scripts/build-ui.mjs) into dist/ui/public and
 * shipped in the package: nothing is fetched from the network at run time. Only the files of the
 * build's manifest are served (no path from the request ever reaches the file system).
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { HttpError, type Reply } from './reply.js';

/** The files of the UI, by URL path. */
export const UI_FILES: Readonly<Record<string, { file: string; type: string }>> = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/app.js': { file: 'app.js', type: 'text/javascript; charset=utf-8' },
  '/app.css': { file: 'app.css', type: 'text/css; charset=utf-8' },
  '/favicon.svg': { file: 'favicon.svg', type: 'image/svg+xml' },
};

/**
 * Where the built files are: dist/ui/public beside the compiled server (dist/master/http), or, when
 * the server runs from src/ (tests under tsx), the build output in dist/.
 */
export function defaultUiDir(): string | null {
  const candidates = [new URL('../../ui/public/', import.meta.url), new URL('../../../dist/ui/public/', import.meta.url)];
  for (const dir of candidates) {
    const path = fileURLToPath(dir);
    if (existsSync(`${path}index.html`)) return path;
  }
  return null;
}

/** Security headers for the UI's pages: same-origin scripts and styles only, no framing. */
const PAGE_HEADERS = {
  'content-security-policy': "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
  'x-frame-options': 'DENY',
};

export class UiAssets {
  #dir: string | null;
  #cache = new Map<string, Buffer>();

  constructor(dir: string | null) {
    this.#dir = dir;
  }

  /** The reply for one UI path of UI_FILES. */
  reply(path: string): Reply {
    const entry = UI_FILES[path];
    if (entry === undefined) throw new HttpError(404, `no such route: ${path}`);
    if (this.#dir === null) {
      throw new HttpError(503, 'the web UI is not built: run `npm run build` (it writes dist/ui/public); the JSON API and /metrics work without it');
    }
    let body = this.#cache.get(entry.file);
    if (body === undefined) {
      body = readFileSync(`${this.#dir}${entry.file}`);
      this.#cache.set(entry.file, body);
    }
    return { status: 200, type: entry.type, body, headers: { 'cache-control': 'no-cache', ...(path === '/' ? PAGE_HEADERS : {}) } };
  }
}
