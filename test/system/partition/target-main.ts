/**
 * The counting target as its own process, to run inside a network namespace next to a worker:
 * `node --import tsx target-main.ts PORT PATH…`. It prints `target listening port=N`, a line
 * `counts {…}` (received requests per path, exact) on SIGUSR2, and a last `counts` line on
 * SIGTERM before it closes and exits 0.
 */
import { startCountingServer } from '../../helpers/counting-server.js';

const [portArg, ...paths] = process.argv.slice(2);
const server = await startCountingServer({ port: Number(portArg) });
const counts = (): string => `counts ${JSON.stringify(Object.fromEntries([['*', server.received()], ...paths.map((p) => [p, server.received(p)])]))}\n`;
process.on('SIGUSR2', () => process.stdout.write(counts()));
process.once('SIGTERM', () => {
  process.stdout.write(counts(), () => {
    void server.close();
  });
});
process.stdout.write(`target listening port=${server.port}\n`);
