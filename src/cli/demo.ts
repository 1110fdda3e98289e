#!/usr/bin/env node
/**
 * `npm run demo`: starts the built-in demo target on a free loopback port and runs
 * examples/demo.ts against it for 20 s with two local worker processes, printing the tables.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startDemoTarget } from '../demo/target.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const target = await startDemoTarget({ host: '127.0.0.1', port: 0 });
process.stdout.write(`demo target listening on ${target.url}\n`);
const args = [
  fileURLToPath(new URL('./main.js', import.meta.url)),
  '-f', `${root}examples/demo.ts`,
  '-H', target.url,
  '-u', '40', '-r', '20', '-t', '20s',
  '--processes', '2',
  '--headless',
  ...process.argv.slice(2),
];
const child = spawn(process.execPath, args, { stdio: 'inherit' });
const forward = (signal: NodeJS.Signals): void => {
  child.kill(signal);
};
process.on('SIGINT', forward);
process.on('SIGTERM', forward);
const code = await new Promise<number>((resolve) => child.on('exit', (c) => resolve(c ?? 1)));
await target.close();
process.stdout.write(`\ndemo target answered ${target.received()} requests; stampede exited with ${code}\n`);
// The demo's /api/search route fails about 1 % of requests on purpose, so exit 1 is the expected verdict.
process.exit(code === 1 ? 0 : code);
