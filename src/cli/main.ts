#!/usr/bin/env node
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { cli } from './cli.js';
import type { CliIo } from './io.js';

const require = createRequire(import.meta.url);
const pkg = require('../../package.json') as { version: string };

const io: CliIo = {
  argv: process.argv.slice(2),
  env: process.env,
  stdout: process.stdout,
  stderr: process.stderr,
  onSignal(fn) {
    const handler = (signal: NodeJS.Signals): void => fn(signal === 'SIGINT' ? 'SIGINT' : 'SIGTERM');
    process.on('SIGINT', handler);
    process.on('SIGTERM', handler);
    return () => {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
    };
  },
  entryScript: fileURLToPath(import.meta.url),
  version: pkg.version,
};

const code = await cli(io);
// Let stdout/stderr drain, then exit even if a socket or timer is still open.
process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
