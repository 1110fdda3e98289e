/**
 * Shared test helpers: loopback target servers with known behaviour, free ports, and the CLI as a
 * real child process. Import from 'test/helpers/index.js'.
 */
export { startCountingServer, type CountingServer, type CountingServerOptions, type RecordedRequest } from './counting-server.js';
export type { Action, PathBehaviour } from './behaviour.js';
export { LatencySequence, latencySequence, percentileOf, type Latency, type LatencyBand } from './latency.js';
export { freePort } from './ports.js';
export { runCli, spawnCli, CLI_ENTRY, REPO_ROOT, type CliOptions, type CliProcess, type CliResult } from './cli.js';
export { startDemoTarget, type DemoTarget } from '../../src/demo/target.js';
