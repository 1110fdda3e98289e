import { randomBytes } from 'node:crypto';
import { systemClock } from '../clock.js';
import { StampedeError } from '../errors.js';
import type { Logger } from '../logger.js';
import { Master, type AbortReason } from '../master/master.js';
import { startMasterServer } from '../master/server.js';
import { parseLoadfileThresholds, parseThresholdTexts, type Threshold } from '../master/thresholds/index.js';
import { loadBundle } from '../scenario/index.js';
import { EXIT } from './exit-codes.js';
import type { CliIo } from './io.js';
import { LocalWorkers } from './local-workers.js';
import type { Options } from './options.js';
import { prepareLoadfile } from './prepare-loadfile.js';
import { ConsoleReporter } from './console-reporter.js';
import { checkOutputPath } from './check-output.js';

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/;

/**
 * The master role, and the standalone run (a master plus `--processes N` local workers over
 * loopback): there is one code path for both (DESIGN.md §2).
 */
export async function runMasterRole(options: Options, io: CliIo, logger: Logger): Promise<number> {
  const standalone = !options.master;
  if (!options.headless) {
    throw new StampedeError('STAMPEDE_ERR_USAGE', 'the web UI is not part of this version yet: add --headless to run from the command line');
  }
  const token = standalone ? randomBytes(24).toString('base64url') : options.authToken;
  const bindHost = standalone ? '127.0.0.1' : options.masterBindHost;
  const bindPort = standalone ? 0 : options.masterBindPort;
  if (!standalone && token === undefined && !LOOPBACK.test(bindHost) && !options.insecureNoAuth) {
    throw new StampedeError('STAMPEDE_ERR_INSECURE_BIND', `refusing to listen on ${bindHost} without an auth token: set --auth-token (or STAMPEDE_AUTH_TOKEN) on the master and workers, or pass --insecure-no-auth on a trusted network`);
  }
  const cliThresholds = parseThresholdTexts(options.threshold);
  await checkOutputPath(options.json, '--json');
  await checkOutputPath(options.html, '--html');
  await checkOutputPath(options.hdrLog, '--hdr-log');
  await checkOutputPath(options.csv === undefined ? undefined : `${options.csv}_stats.csv`, '--csv');
  const prepared = await prepareLoadfile(options);
  const thresholds = await allThresholds(cliThresholds, prepared.bundle);
  const master = new Master({
    logger,
    clock: systemClock,
    bundle: prepared.bundle,
    classes: prepared.classes,
    heartbeatTimeoutMs: options.heartbeatTimeout,
    onWorkerLoss: options.onWorkerLoss,
    reportIntervalMs: 1000,
    stopTimeoutMs: options.stopTimeout,
    tags: options.tags,
    excludeTags: options.excludeTags,
  });
  const server = await startMasterServer({ host: bindHost, port: bindPort, token, logger, onConnection: (ws, req) => master.attach(ws, req) });
  const expected = standalone ? options.processes : options.expectWorkers;
  const local = new LocalWorkers();
  if (standalone) {
    local.start(options.processes, { entryScript: io.entryScript, port: server.port, token: token ?? '', loglevel: options.loglevel, env: io.env, stderr: io.stderr });
  } else {
    logger.info({ port: server.port, expect: expected }, 'master listening for workers');
  }

  let abort: { code: number; message: string } | null = null;
  let wake: () => void = () => {};
  const woken = new Promise<void>((resolve) => (wake = resolve));
  master.onAbort((r: AbortReason) => {
    if (abort !== null) return;
    abort = { code: r.kind === 'worker-load' ? EXIT.USAGE : EXIT.WORKERS, message: r.message };
    wake();
  });
  let interrupted = false;
  const offSignal = io.onSignal((signal) => {
    if (interrupted) {
      io.stderr.write('stampede: second signal, exiting at once\n');
      local.kill();
      process.exit(EXIT.INTERNAL);
    }
    interrupted = true;
    logger.info({ signal }, 'stopping the run');
    wake();
  });

  const reporter = new ConsoleReporter({
    io,
    master,
    options,
    host: prepared.host,
    logger,
    thresholds,
    onThresholdAbort: (message) => {
      if (abort !== null) return;
      abort = { code: EXIT.THRESHOLD, message };
      logger.warn(`stopping the run: ${message}`);
      wake();
    },
  });
  try {
    const came = await Promise.race([master.waitForWorkers(expected, options.expectWorkersMaxWait), woken.then(() => false)]);
    if (!came) {
      if (abort !== null || interrupted) return await finish(null);
      const n = master.readyWorkers().length;
      throw new StampedeError('STAMPEDE_ERR_EXPECT_WORKERS_TIMEOUT', `gave up waiting for workers: ${n} of ${expected} connected and ready within ${Math.round((options.expectWorkersMaxWait ?? 0) / 1000)} s. Start more workers or raise --expect-workers-max-wait`);
    }
    master.start({ users: options.users, spawnRate: options.spawnRate, host: prepared.host, runTimeMs: options.runTime ?? null });
    await reporter.start();
    const runTimer = options.runTime === undefined ? null : setTimeout(wake, options.runTime + 250);
    await woken;
    if (runTimer) clearTimeout(runTimer);
    return await finish(reporter);
  } finally {
    offSignal();
    reporter.stopPeriodic();
    await master.quit();
    await server.close();
    await local.waitExit(5000);
  }

  async function finish(rep: ConsoleReporter | null): Promise<number> {
    await master.stop();
    const failures = master.view().total.failures;
    // Precedence: an abort (lost workers 4, a broken loadfile 2, an abortOnFail threshold 3), then a
    // crossed threshold (3), then failed requests (--exit-code-on-error, 1 by default), then 0.
    const crossed = rep !== null && !rep.thresholdsPassed();
    let code: number = EXIT.OK;
    if (abort !== null) code = abort.code;
    else if (crossed) code = EXIT.THRESHOLD;
    else if (failures > 0 && options.exitCodeOnError !== 0) code = options.exitCodeOnError;
    if (rep !== null) await rep.final(code, abort?.message ?? null);
    if (abort !== null) io.stderr.write(`stampede: run aborted: ${abort.message}\n`);
    return code;
  }
}

/** --threshold and the loadfile's `export const thresholds`, checked before any load is sent. */
async function allThresholds(cli: Threshold[], bundle: { code: string; filename: string }): Promise<Threshold[]> {
  // The bundle was imported by prepareLoadfile already: importing the same code again gives the same module.
  const loaded = await loadBundle(bundle.code, bundle.filename);
  return [...cli, ...parseLoadfileThresholds(loaded.thresholds)];
}
