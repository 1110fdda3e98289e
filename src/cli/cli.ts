import { hostname } from 'node:os';
import { codeOf, isStampedeError } from '../errors.js';
import { EXIT } from './exit-codes.js';
import type { CliIo } from './io.js';
import { createLogger } from './logger.js';
import { parseArgs } from './parse.js';
import { runMasterRole } from './run-master.js';
import { runWorkerRole } from './run-worker.js';
import { runDemoTarget } from './run-demo-target.js';

/** The whole CLI: parse, pick a role, run it, return the exit code (DESIGN.md §6). */
export async function cli(io: CliIo): Promise<number> {
  if (io.argv[0] === 'demo-target') return runDemoTarget(io, io.argv.slice(1));
  let parsed;
  try {
    parsed = await parseArgs(io.argv, io.env, io.version);
  } catch (err) {
    return reportFatal(io, err);
  }
  if (parsed.kind === 'output') {
    io.stdout.write(parsed.text.endsWith('\n') ? parsed.text : `${parsed.text}\n`);
    return EXIT.OK;
  }
  const options = parsed.options;
  const role = options.worker ? 'worker' : options.master ? 'master' : 'stampede';
  const format = io.env.STAMPEDE_LOG_FORMAT === 'json' ? 'json' : 'text';
  const logger = createLogger({ level: options.loglevel, role: `${hostname()}/${role}`, format, stream: io.stderr });
  try {
    if (options.worker) return await runWorkerRole(options, io, logger);
    return await runMasterRole(options, io, logger);
  } catch (err) {
    return reportFatal(io, err);
  }
}

function reportFatal(io: CliIo, err: unknown): number {
  if (codeOf(err) === 'STAMPEDE_ERR_DISPATCH_INPUT') {
    io.stderr.write(`stampede: ${(err as Error).message}\n`);
    return EXIT.USAGE;
  }
  if (isStampedeError(err)) {
    io.stderr.write(`stampede: ${err.message}\n`);
    if (err.code === 'STAMPEDE_ERR_EXPECT_WORKERS_TIMEOUT' || err.code === 'STAMPEDE_ERR_WORKER_LOST') return EXIT.WORKERS;
    if (err.code === 'STAMPEDE_ERR_INTERNAL') return EXIT.INTERNAL;
    return EXIT.USAGE;
  }
  const e = err instanceof Error ? err : new Error(String(err));
  io.stderr.write(`stampede: internal error (a bug, please report it): ${e.stack ?? e.message}\n`);
  return EXIT.INTERNAL;
}
