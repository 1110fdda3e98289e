/**
 * The one options schema (STYLE.md rule 5). The CLI flags, the STAMPEDE_* env vars and the
 * config file are all built from and checked against this table; defaults sit beside each entry.
 */
import { MAX_MAX_ENDPOINTS } from '../stats/limits.js';

export type OptionType = 'string' | 'int' | 'number' | 'boolean' | 'duration' | 'list' | 'choice' | 'texts';

export interface OptionDef {
  /** The flag without dashes (kebab case); the env var is STAMPEDE_ + upper snake case. */
  readonly flag: string;
  readonly alias?: string;
  readonly type: OptionType;
  readonly describe: string;
  readonly group: 'Run' | 'Distributed' | 'Web' | 'Output' | 'Other';
  readonly default?: string | number | boolean | readonly string[];
  readonly choices?: readonly string[];
  readonly min?: number;
  readonly max?: number;
  /** Never printed back (tokens). */
  readonly secret?: boolean;
}

export const OPTION_DEFS = [
  { flag: 'locustfile', alias: 'f', type: 'string', group: 'Run', describe: 'Loadfile to run (.ts or .js)' },
  { flag: 'host', alias: 'H', type: 'string', group: 'Run', describe: 'Base URL of the target, e.g. http://127.0.0.1:8000' },
  { flag: 'users', alias: 'u', type: 'int', group: 'Run', default: 1, min: 0, max: 10_000_000, describe: 'Peak number of concurrent users' },
  { flag: 'spawn-rate', alias: 'r', type: 'number', group: 'Run', default: 1, min: 0.001, max: 1_000_000, describe: 'Users started (or stopped) per second' },
  { flag: 'run-time', alias: 't', type: 'duration', group: 'Run', describe: 'Stop after this long, e.g. 20s, 3m, 1h30m (default: until stopped)' },
  { flag: 'stages', type: 'string', group: 'Run', describe: "Ramp linearly through duration:target stages, k6 style: '30s:20,1m:50,30s:0' (users; arrivals/s with --arrival-rate)" },
  { flag: 'profile', type: 'choice', group: 'Run', choices: ['smoke', 'baseline', 'load', 'stress', 'spike', 'soak', 'breakpoint'], describe: 'A named test type with default users, spawn rate and run time (-u, -r, -t override them)' },
  { flag: 'arrival-rate', type: 'number', group: 'Run', min: 0, max: 10_000_000, describe: 'Open model: start this many task iterations per second in total, whatever the response times' },
  { flag: 'max-users', type: 'int', group: 'Run', default: 1000, min: 1, max: 10_000_000, describe: 'Open model: cap on virtual users across all workers; arrivals with no free user are dropped and counted' },
  { flag: 'step-users', type: 'int', group: 'Run', default: 10, min: 1, max: 1_000_000, describe: '--profile breakpoint: users added at each step (and the first step)' },
  { flag: 'step-time', type: 'duration', group: 'Run', default: '1m', describe: '--profile breakpoint: how long each step is held before its check' },
  { flag: 'stop-when', type: 'string', group: 'Run', describe: "--profile breakpoint: stop conditions on the last 10 s (default 'fail_ratio>0.01,p95>1000ms')" },
  { flag: 'headless', type: 'boolean', group: 'Run', default: false, describe: 'Run without the web UI and start at once' },
  { flag: 'tags', type: 'list', group: 'Run', default: [], describe: 'Run only tasks with any of these tags' },
  { flag: 'exclude-tags', type: 'list', group: 'Run', default: [], describe: 'Do not run tasks with any of these tags' },
  { flag: 'stop-timeout', type: 'duration', group: 'Run', default: '0s', describe: 'On stop, let running tasks finish for up to this long' },
  { flag: 'processes', type: 'int', group: 'Run', default: 1, min: 1, max: 1024, describe: 'Local worker processes of a standalone run' },
  { flag: 'reset-stats', type: 'boolean', group: 'Run', default: false, describe: 'Reset the statistics once every user has started (the ramp-up is left out of the final numbers)' },
  { flag: 'warmup', type: 'duration', group: 'Run', describe: 'Leave the first DURATION of the run out of the final statistics (kept in the history), e.g. 60s' },
  { flag: 'master', type: 'boolean', group: 'Distributed', default: false, describe: 'Run as master: split users across --worker processes' },
  { flag: 'worker', type: 'boolean', group: 'Distributed', default: false, describe: 'Run as worker: connect to a master and run what it sends' },
  { flag: 'master-host', type: 'string', group: 'Distributed', default: '127.0.0.1', describe: 'Worker: the master to connect to' },
  { flag: 'master-port', type: 'int', group: 'Distributed', default: 5557, min: 1, max: 65535, describe: 'Worker: the master port' },
  { flag: 'master-bind-host', type: 'string', group: 'Distributed', default: '127.0.0.1', describe: 'Master: address to listen on for workers (use 0.0.0.0 for all)' },
  { flag: 'master-bind-port', type: 'int', group: 'Distributed', default: 5557, min: 0, max: 65535, describe: 'Master: port to listen on for workers' },
  { flag: 'expect-workers', type: 'int', group: 'Distributed', default: 1, min: 1, max: 100_000, describe: 'Master: wait for this many ready workers before a headless start' },
  { flag: 'expect-workers-max-wait', type: 'duration', group: 'Distributed', describe: 'Master: give up (exit 4) if the workers have not come after this long (default: wait forever)' },
  { flag: 'auth-token', type: 'string', group: 'Distributed', secret: true, describe: 'Shared token between master and workers' },
  { flag: 'insecure-no-auth', type: 'boolean', group: 'Distributed', default: false, describe: 'Master: allow a non-loopback bind address without --auth-token' },
  { flag: 'master-connect-timeout', type: 'duration', group: 'Distributed', default: '5m', describe: 'Worker: keep retrying the master for this long' },
  { flag: 'heartbeat-timeout', type: 'duration', group: 'Distributed', default: '15s', describe: 'Master: a silent worker is lost after this long' },
  { flag: 'on-worker-loss', type: 'choice', group: 'Distributed', default: 'rebalance', choices: ['rebalance', 'continue', 'abort'], describe: 'Master: what to do with a lost worker\'s users' },
  { flag: 'worker-id', type: 'string', group: 'Distributed', describe: 'Worker: a stable id (default: host-pid-random); a restarted worker reuses it to rejoin' },
  { flag: 'tls-cert', type: 'string', group: 'Distributed', describe: 'Master: PEM certificate (with its chain) to serve wss:// to workers and https:// for the web UI and API; needs --tls-key' },
  { flag: 'tls-key', type: 'string', group: 'Distributed', describe: 'Master: PEM private key of --tls-cert' },
  { flag: 'master-tls', type: 'boolean', group: 'Distributed', default: false, describe: "Worker: connect with TLS (wss://) and verify the master's certificate against --master-ca, or Node's CA store" },
  { flag: 'master-ca', type: 'string', group: 'Distributed', describe: "Worker: PEM file of the CA certificate(s) the master's certificate must chain to (implies --master-tls)" },
  { flag: 'web', type: 'boolean', group: 'Web', default: true, describe: 'Serve the web UI, the JSON API and /metrics (--no-web turns them off)' },
  { flag: 'web-host', type: 'string', group: 'Web', default: '127.0.0.1', describe: 'Address of the web UI, API and /metrics (0.0.0.0 for all; needs --web-auth-token)' },
  { flag: 'web-port', type: 'int', group: 'Web', default: 8089, min: 0, max: 65535, describe: 'Port of the web UI, API and /metrics' },
  { flag: 'web-auth-token', type: 'string', group: 'Web', secret: true, describe: 'Bearer token the mutating API routes (and the UI) require' },
  { flag: 'web-auth-read', type: 'boolean', group: 'Web', default: false, describe: 'Require the token for reads and /metrics too' },
  { flag: 'web-cors', type: 'string', group: 'Web', describe: 'Allow cross-origin requests from this origin (or *); none by default' },
  { flag: 'only-summary', type: 'boolean', group: 'Output', default: false, describe: 'Print only the final summary, not the periodic table' },
  { flag: 'json', type: 'string', group: 'Output', describe: 'Write the machine-readable summary to FILE (- for stdout)' },
  { flag: 'csv', type: 'string', group: 'Output', describe: "Write Locust's CSV files PREFIX_stats.csv, PREFIX_stats_history.csv, PREFIX_failures.csv and PREFIX_exceptions.csv while the run goes" },
  { flag: 'csv-full-history', type: 'boolean', group: 'Output', default: false, describe: 'Also write a row per endpoint (not only Aggregated) to PREFIX_stats_history.csv every second' },
  { flag: 'html', type: 'string', group: 'Output', describe: 'Write a self-contained HTML report (charts, tables) to FILE at the end' },
  { flag: 'hdr-log', type: 'string', group: 'Output', describe: 'Write an HdrHistogram interval log (one line per second per endpoint) to FILE' },
  { flag: 'threshold', type: 'texts', group: 'Output', default: [], describe: "A pass/fail budget, repeatable: 'p(95)<500', 'GET /api/x: avg<200ms', 'fail_ratio<0.01 abortOnFail'; a crossed one exits 3" },
  { flag: 'json-stdout', type: 'boolean', group: 'Output', default: false, describe: 'Also print the JSON summary to stdout, e.g. beside --json FILE (the tables then go to stderr)' },
  { flag: 'max-endpoints', type: 'int', group: 'Output', default: 1000, min: 1, max: MAX_MAX_ENDPOINTS, describe: "Master: distinct endpoint names kept apart in the stats, on the master and (sent with the plan) on every worker; further names are grouped under '* (other)' with a warning (use the name option for URLs with ids); at most 10 000" },
  { flag: 'exit-code-on-error', type: 'int', group: 'Output', default: 1, min: 0, max: 255, describe: 'Exit code when some requests failed (0 disables)' },
  { flag: 'loglevel', alias: 'L', type: 'choice', group: 'Output', default: 'info', choices: ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'], describe: 'Log level (logs go to stderr)' },
] as const satisfies readonly OptionDef[];

export type OptionFlag = (typeof OPTION_DEFS)[number]['flag'];

/** kebab-case flag -> camelCase key. */
export function keyOf(flag: string): string {
  return flag.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}

/** kebab-case flag -> STAMPEDE_ env var name. */
export function envOf(flag: string): string {
  return `STAMPEDE_${flag.replace(/-/g, '_').toUpperCase()}`;
}
