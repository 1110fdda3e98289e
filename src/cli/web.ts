import { codeOf } from '../errors.js';
import type { Logger } from '../logger.js';
import type { Master } from '../master/master.js';
import type { TlsFiles } from '../master/tls.js';
import { startHttpServer, type HttpServer } from '../master/http/index.js';
import type { ConsoleReporter } from './console-reporter.js';
import type { Options } from './options.js';

export interface WebInput {
  options: Options;
  master: Master;
  reporter: ConsoleReporter;
  logger: Logger;
  /** Serve https (`--tls-cert`, `--tls-key`). */
  tls: TlsFiles | undefined;
  host: string;
  classNames: readonly string[];
  expectWorkers: number;
}

/**
 * Starts the master's web UI, JSON API and /metrics (docs/http-api.md) unless --no-web. In a
 * headless run the web side is a convenience: a busy port is a warning and the run goes on. In UI
 * mode it is the way to drive the run, so a busy port is an error.
 */
export async function startWeb(w: WebInput): Promise<HttpServer | null> {
  const o = w.options;
  if (!o.web) return null;
  const reporter = w.reporter;
  try {
    const server = await startHttpServer({
      master: w.master,
      host: o.webHost,
      port: o.webPort,
      logger: w.logger,
      ...(w.tls === undefined ? {} : { tls: w.tls }),
      ...(o.webAuthToken === undefined ? {} : { authToken: o.webAuthToken }),
      authRead: o.webAuthRead,
      ...(o.webCors === undefined ? {} : { cors: o.webCors }),
      headless: o.headless,
      expectWorkers: w.expectWorkers,
      insecureNoAuth: o.insecureNoAuth,
      classNames: w.classNames,
      defaults: { host: w.host, users: o.users, spawnRate: o.spawnRate, runTimeMs: o.runTime ?? null },
      reports: {
        history: reporter.history,
        ...(reporter.hasThresholds ? { thresholds: { get results() { return reporter.thresholdResults; } } } : {}),
        runInfo: () => reporter.runInfo(0),
        locustfile: o.locustfile ?? '',
      },
    });
    w.logger.info({ url: server.url }, o.headless ? 'web API and /metrics' : 'web UI: open it in a browser to start a run');
    return server;
  } catch (err) {
    if (o.headless && codeOf(err) === 'STAMPEDE_ERR_LISTEN') {
      w.logger.warn({ err: (err as Error).message }, 'the web API and /metrics are off for this run (pass --web-port 0 for any free port, or --no-web)');
      return null;
    }
    throw err;
  }
}
