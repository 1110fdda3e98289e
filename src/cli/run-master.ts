import { randomBytes } from 'node:crypto';
import { systemClock } from '../clock.js';
import { StampedeError } from '../errors.js';
import type { Logger } from '../logger.js';
import { Master, type AbortReason } from '../master/master.js';
import { startMasterServer } from '../master/server.js';
import { parseLoadfileThresholds, parseThresholdTexts } from '../master/thresholds/index.js';
import { ShapeDriver } from '../master/shapes/driver.js';
import { stagesLengthMs } from '../master/shapes/stages.js';
import { loadPlan, type LoadPlan } from './load-plan.js';
import { EXIT } from './exit-codes.js';
import type { CliIo } from './io.js';
import { LocalWorkers } from './local-workers.js';
import type { Options } from './options.js';
import { prepareLoadfile } from './prepare-loadfile.js';
import { ConsoleReporter } from './console-reporter.js';
import { checkOutputPath } from './check-output.js';
import { startWeb } from './web.js';
import { readTlsFiles } from './tls-files.js';

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/;

/**
 * The master role, and the standalone run (a master plus `--processes N` local workers over
 * loopback): there is one code path for both (DESIGN.md §2).
 */
export async function runMasterRole(options: Options, io: CliIo, logger: Logger): Promise<number> {
  const standalone = !options.master;
  if (!options.headless && !options.web) {
    throw new StampedeError('STAMPEDE_ERR_USAGE', '--no-web without --headless leaves no way to start a run: add --headless, or drop --no-web to use the web UI');
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
  const thresholds = [...cliThresholds, ...parseLoadfileThresholds(prepared.thresholds as Record<string, unknown> | undefined)];
  const plan = loadPlan(options, prepared.shape, prepared.classes.map((c) => c.name));
  const tls = await readTlsFiles(options);
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
    maxEndpoints: options.maxEndpoints,
  });
  // Local workers of a standalone run join over loopback with a fresh token: TLS is for the web side only.
  const workerTls = standalone || tls === undefined ? {} : { tls };
  const server = await startMasterServer({ host: bindHost, port: bindPort, token, logger, ...workerTls, onConnection: (ws, req) => master.attach(ws, req) });
  const expected = standalone ? options.processes : options.expectWorkers;
  const local = new LocalWorkers();
  if (standalone) {
    local.start(options.processes, { entryScript: io.entryScript, port: server.port, token: token ?? '', loglevel: options.loglevel, env: io.env, stderr: io.stderr }, (id, detail) => {
      logger.error({ worker: id, exit: detail }, 'a local worker process exited during the run; its users are handled by --on-worker-loss');
      master.workerProcessExited(id, detail);
      if (local.running > 0 || abort !== null) return;
      abort = { code: EXIT.WORKERS, message: `every local worker process exited (the last: ${id}, ${detail}); see the errors above` };
      wake();
    });
  } else {
    logger.info({ port: server.port, expect: expected, tls: tls !== undefined }, 'master listening for workers');
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
    loadShape: plan.kind === 'shape' ? plan.source.name : plan.kind,
    onThresholdAbort: (message) => {
      if (abort !== null) return;
      abort = { code: EXIT.THRESHOLD, message };
      logger.warn(`stopping the run: ${message}`);
      wake();
    },
  });
  const web = await startWeb({ options, master, reporter, logger, tls, host: prepared.host, classNames: prepared.classes.map((c) => c.name), expectWorkers: expected }).catch(async (err: unknown) => {
    await master.quit();
    await server.close();
    local.kill();
    throw err;
  });
  try {
    if (!options.headless) return await runFromUi();
    const came = await Promise.race([master.waitForWorkers(expected, options.expectWorkersMaxWait), woken.then(() => false)]);
    if (!came) {
      if (abort !== null || interrupted) return await finish(null);
      const n = master.readyWorkers().length;
      throw new StampedeError('STAMPEDE_ERR_EXPECT_WORKERS_TIMEOUT', `gave up waiting for workers: ${n} of ${expected} connected and ready within ${Math.round((options.expectWorkersMaxWait ?? 0) / 1000)} s. Start more workers or raise --expect-workers-max-wait`);
    }
    const runTimeMs = plan.runTimeMs ?? null;
    let driver: ShapeDriver | null = null;
    if (plan.kind === 'steady') {
      master.start({ users: plan.users, spawnRate: plan.spawnRate, host: prepared.host, runTimeMs });
    } else if (plan.kind === 'open') {
      master.start({ users: 0, spawnRate: 1, host: prepared.host, runTimeMs, open: plan.open });
    } else {
      driver = new ShapeDriver({ master, source: plan.source, host: prepared.host, clock: systemClock, logger });
      driver.start((err) => {
        if (err !== undefined && abort === null) abort = { code: EXIT.USAGE, message: err.message };
        wake();
      });
    }
    await reporter.start();
    endWhenStopped();
    const endMs = runEndMs(plan, runTimeMs);
    const runTimer = endMs === null ? null : setTimeout(wake, endMs + 250);
    await woken;
    driver?.stop();
    if (runTimer) clearTimeout(runTimer);
    return await finish(reporter, plan.kind === 'shape' ? (plan.source.outcome?.() ?? null) : null);
  } finally {
    offSignal();
    reporter.stopPeriodic();
    await web?.close();
    await master.quit();
    await server.close();
    await local.waitExit(5000);
  }

  /** A run stopped from the API (POST /api/stop) ends a headless run too. */
  function endWhenStopped(): void {
    const off = master.onChange(() => {
      if (master.state === 'stopping' || master.state === 'stopped') {
        off();
        wake();
      }
    });
  }

  /**
   * UI mode (no --headless): runs are started, retargeted and stopped from the web UI or API, until
   * SIGINT/SIGTERM; the summary then covers the stats since the last start or reset.
   */
  async function runFromUi(): Promise<number> {
    let started = false;
    const off = master.onChange(() => {
      if (!started && (master.state === 'spawning' || master.state === 'running')) {
        started = true;
        void reporter.start();
      }
    });
    await woken;
    off();
    return finish(started ? reporter : null);
  }

  async function finish(rep: ConsoleReporter | null, outcome: string | null = null): Promise<number> {
    await master.stop();
    const failures = master.view().total.failures;
    // Precedence: an abort (lost workers 4, a broken loadfile 2, an abortOnFail threshold 3), then a
    // crossed threshold (3), then failed requests (--exit-code-on-error, 1 by default), then 0.
    const crossed = rep !== null && !rep.thresholdsPassed();
    let code: number = EXIT.OK;
    if (abort !== null) code = abort.code;
    else if (crossed) code = EXIT.THRESHOLD;
    else if (failures > 0 && options.exitCodeOnError !== 0) code = options.exitCodeOnError;
    if (rep !== null) await rep.final(code, abort?.message ?? null, outcome);
    if (abort !== null) io.stderr.write(`stampede: run aborted: ${abort.message}\n`);
    return code;
  }
}

/**
 * Open model: the last arrival is due at the very end of the schedule (arrival k comes when ∫rate
 * reaches k, so R/s for t seconds ends with arrival R·t at t). The stop waits this long past it, so
 * that every worker has fired it (or counted it dropped) before the stop comes.
 */
const LAST_ARRIVAL_GRACE_MS = 100;

/** When the run ends by itself (ms after the start), or null to run until stopped. */
function runEndMs(plan: LoadPlan, runTimeMs: number | null): number | null {
  if (plan.kind !== 'open') return runTimeMs;
  const scheduleEnd = stagesLengthMs(plan.open.stages);
  return runTimeMs === null || scheduleEnd <= runTimeMs ? scheduleEnd + LAST_ARRIVAL_GRACE_MS : runTimeMs;
}
