import { availableParallelism, hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { systemClock } from '../clock.js';
import type { Logger } from '../logger.js';
import { WorkerAgent } from '../worker/agent.js';
import type { CliIo } from './io.js';
import type { Options } from './options.js';
import { readMasterCa } from './tls-files.js';
import { urlHost } from '../url-host.js';

/** `stampede --worker`: connect to the master and run what it sends until it says quit. */
export async function runWorkerRole(options: Options, io: CliIo, logger: Logger): Promise<number> {
  const host = hostname();
  const workerId = options.workerId ?? `${host}-${process.pid}-${randomBytes(3).toString('hex')}`;
  const ca = await readMasterCa(options);
  const tls = options.masterTls || ca !== undefined;
  const url = `${tls ? 'wss' : 'ws'}://${urlHost(options.masterHost)}:${options.masterPort}`;
  const agent = new WorkerAgent({
    url,
    token: options.authToken,
    workerId,
    host,
    pid: process.pid,
    cpus: availableParallelism(),
    version: io.version,
    logger,
    clock: systemClock,
    connectTimeoutMs: options.masterConnectTimeout,
    ...(ca === undefined ? {} : { ca }),
  });
  let signals = 0;
  const off = io.onSignal((signal) => {
    signals += 1;
    if (signals > 1) {
      logger.warn('second signal: leaving at once');
      process.exit(1);
    }
    logger.info({ signal }, 'stopping users and flushing the final report');
    void agent.leave();
  });
  logger.info({ workerId, master: url }, 'worker starting');
  const code = await agent.run();
  off();
  return code;
}
