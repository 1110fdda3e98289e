import { randomBytes } from 'node:crypto';
import { systemClock } from '../clock.js';
import { StampedeError } from '../errors.js';
import type { Logger } from '../logger.js';
import { Master, type AbortReason } from '../master/master.js';
import { startMasterServer } from '../master/server.js';
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
  await checkOutputPath(options.json, '--json');
  const prepared = await prepareLoadfile(options);
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

  const reporter = new ConsoleReporter({ io, master, options, host: prepared.host, logger });
  try {
    const came = await Promise.race([master.waitForWorkers(expected, options.expectWorkersMaxWait), woken.then(() => false)]);
    if (!came) {
      if (abort !== null || interrupted) return await finish(null);
      const n = master.readyWorkers().length;
      throw new StampedeError('STAMPEDE_ERR_EXPECT_WORKERS_TIMEOUT', `gave up waiting for workers: ${n} of ${expected} connected and ready within ${Math.round((options.expectWorkersMaxWait ?? 0) / 1000)} s. Start more workers or raise --expect-workers-max-wait`);
    }
    master.start({ users: options.users, spawnRate: options.spawnRate, host: prepared.host, runTimeMs: options.runTime ?? null });
    reporter.startPeriodic();
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
    let code: number = EXIT.OK;
    if (abort !== null) code = abort.code;
    else if (failures > 0 && options.exitCodeOnError !== 0) code = options.exitCodeOnError;
    if (rep !== null) await rep.final(code);
    if (abort !== null) io.stderr.write(`stampede: run aborted: ${abort.message}\n`);
    return code;
  }
}
