/** The options of startHttpServer (docs/http-api.md#options), with their checks and defaults. */
import { StampedeError } from '../../errors.js';
import type { Logger } from '../../logger.js';
import type { Master } from '../master.js';
import type { TlsFiles } from '../tls.js';
import { DEFAULT_MAX_BODY_BYTES } from './body.js';
import type { HttpReports } from './context.js';
import { isLoopback } from './guard.js';
import type { RunDefaults } from './run-control.js';

export interface HttpServerOptions {
  master: Master;
  /** Address to listen on (`--web-host`). */
  host: string;
  /** Port (`--web-port`, 8089); 0 picks a free one. */
  port: number;
  logger: Logger;
  /** Bearer token for the mutating routes (`--web-auth-token`, STAMPEDE_WEB_AUTH_TOKEN). */
  authToken?: string;
  /** Protect the read routes and /metrics with the token too (`--web-auth-read`). */
  authRead?: boolean;
  /** Allow cross-origin requests from this origin (`--web-cors ORIGIN`, or `*`); none by default. */
  cors?: string;
  /** The CLI drives the run (`--headless`): the UI then shows no start form. */
  headless: boolean;
  /** `/readyz` answers 200 once this many workers are ready. */
  expectWorkers: number;
  /** Report inputs the CLI owns (history, thresholds, run info). */
  reports?: HttpReports;
  /** The values a run started from the UI or API gets for the fields it leaves out (the CLI flags). */
  defaults: RunDefaults;
  /** The loadfile's user classes, for the UI and to check `classes` in run requests. */
  classNames?: readonly string[];
  /** Allow a non-loopback `host` without `authToken` (`--insecure-no-auth`). */
  insecureNoAuth?: boolean;
  /** Largest request body accepted (413 beyond). Default 64 KiB. */
  maxBodyBytes?: number;
  /** Serve https with this certificate and key (`--tls-cert`, `--tls-key`). */
  tls?: TlsFiles;
  /** Directory of the built UI (index.html, app.js, app.css); default dist/ui/public. */
  uiDir?: string;
}

function usage(message: string): StampedeError {
  return new StampedeError('STAMPEDE_ERR_USAGE', message);
}

/** Throws STAMPEDE_ERR_USAGE / STAMPEDE_ERR_INSECURE_BIND on options that cannot work. */
export function checkOptions(o: HttpServerOptions): void {
  if (typeof o.host !== 'string' || o.host.trim() === '') throw usage('--web-host is empty: give an address such as 127.0.0.1 or 0.0.0.0');
  if (!Number.isInteger(o.port) || o.port < 0 || o.port > 65535) throw usage(`--web-port must be an integer in 0..65535, got ${o.port}`);
  if (o.authToken !== undefined && o.authToken.length < 8) {
    throw usage('--web-auth-token is shorter than 8 characters: use a long random token (e.g. `openssl rand -hex 24`)');
  }
  if (o.authRead === true && o.authToken === undefined) throw usage('--web-auth-read needs --web-auth-token: there is no token to ask for');
  if (o.cors !== undefined && o.cors !== '*') {
    let parsed: URL | null = null;
    try {
      parsed = new URL(o.cors);
    } catch {
      parsed = null;
    }
    if (parsed === null || !/^https?:$/.test(parsed.protocol) || parsed.origin !== o.cors) {
      throw usage(`--web-cors must be an origin such as https://grafana.example.com (scheme, host and port, no path) or *, got '${o.cors}'`);
    }
  }
  if (!Number.isInteger(o.expectWorkers) || o.expectWorkers < 0) throw usage(`expectWorkers must be a whole number >= 0, got ${o.expectWorkers}`);
  const max = o.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  if (!Number.isInteger(max) || max < 1) throw usage(`maxBodyBytes must be a positive integer, got ${max}`);
  if (o.authToken === undefined && !isLoopback(o.host) && o.insecureNoAuth !== true) {
    throw new StampedeError(
      'STAMPEDE_ERR_INSECURE_BIND',
      `refusing to serve the web UI and API on ${o.host} without a token: anyone who reaches it could start load from this master. Set --web-auth-token (or STAMPEDE_WEB_AUTH_TOKEN), use --web-host 127.0.0.1, or pass --insecure-no-auth on a trusted network`,
    );
  }
}
