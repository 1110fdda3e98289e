import { startDemoTarget } from '../demo/target.js';
import { EXIT } from './exit-codes.js';
import type { CliIo } from './io.js';
import { createLogger } from './logger.js';

/** `stampede demo-target [--port P] [--host H]`: the built-in demo API, until SIGINT/SIGTERM. */
export async function runDemoTarget(io: CliIo, args: readonly string[]): Promise<number> {
  let port = 8000;
  let host = '127.0.0.1';
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const v = args[i + 1];
    if ((a === '--port' || a === '-p') && v !== undefined) {
      port = Number(v);
      i++;
    } else if (a === '--host' && v !== undefined) {
      host = v;
      i++;
    } else {
      io.stderr.write(`stampede demo-target: unknown argument '${a ?? ''}'. Usage: stampede demo-target [--port 8000] [--host 127.0.0.1]\n`);
      return EXIT.USAGE;
    }
  }
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    io.stderr.write(`stampede demo-target: --port must be a port number (0-65535)\n`);
    return EXIT.USAGE;
  }
  const logger = createLogger({ level: 'info', role: 'demo-target', format: 'text', stream: io.stderr });
  const target = await startDemoTarget({ host, port, logger });
  io.stdout.write(`demo target listening on ${target.url}\n`);
  await new Promise<void>((resolve) => {
    const off = io.onSignal(() => {
      off();
      resolve();
    });
  });
  await target.close();
  io.stdout.write(`demo target answered ${target.received()} requests\n`);
  return EXIT.OK;
}
