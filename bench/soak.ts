/**
 * `npm run soak [-- --minutes N]`: a soak test at steady load (10 minutes by default, not part of
 * `npm test`), showing that the memory of the master and of the workers stays flat. Prints one
 * line per sample and a verdict; exits 1 when a process grew more than SOAK_BOUND_MB after the
 * warm-up, or the counts disagree. Loopback only. An entry point: it alone touches process globals.
 * The suite runs the same harness for 80 s (test/integration/hardening/soak.test.ts).
 */
import { cleanup } from '../test/integration/distributed/harness.js';
import { runSoak, SOAK_NODE_OPTIONS } from '../test/integration/hardening/soak-harness.js';

/**
 * Allowed RSS growth of any process between the first and last fifth of the steady part (after a
 * 2-minute warm-up). The processes run with a 64 MB old-space cap (SOAK_NODE_OPTIONS): V8 then
 * collects regularly, RSS follows what is kept, and a leak beyond the cap crashes the process.
 * The master's data is bounded by endpoints × the 10 s window and the capped history; measured
 * here, RSS moves by less than 9 MB after the warm-up. A leak of about 30 bytes per request at
 * ~1 000 requests/s, or 15 KB per report, grows it by more than 16 MB in 10 minutes.
 */
export const SOAK_BOUND_MB = 16;

function minutesArg(argv: readonly string[]): number {
  const at = argv.indexOf('--minutes');
  if (at < 0) return 10;
  const n = Number(argv[at + 1]);
  if (!(n > 0 && n <= 24 * 60)) throw new Error(`--minutes needs a number of minutes above 0, got ${String(argv[at + 1])}`);
  return n;
}

async function main(): Promise<number> {
  const minutes = minutesArg(process.argv.slice(2));
  const durationMs = minutes * 60_000;
  process.stderr.write(`soak: ${minutes} min at steady load (20 users, ~1 000 requests/s over 2 workers), RSS sampled every 5 s, processes capped at a 64 MB old space\n`);
  try {
    const r = await runSoak({ durationMs, users: 20, waitS: 0.02, sampleMs: 5000, warmupMs: Math.min(120_000, durationMs / 5), nodeOptions: SOAK_NODE_OPTIONS, log: (l) => process.stderr.write(`${l}\n`) });
    let ok = r.received === r.counted;
    process.stdout.write(`\nrequests: target received ${r.received}, master counted ${r.counted}${r.received === r.counted ? '' : '  MISMATCH'}\n`);
    for (const [name, mb] of Object.entries(r.growthMb)) {
      const pass = mb <= SOAK_BOUND_MB;
      ok &&= pass;
      const rss = r.samples.map((s) => s.rssMb[name] ?? 0);
      process.stdout.write(`${name.padEnd(16)} growth ${mb.toFixed(1).padStart(6)} MB (bound ${SOAK_BOUND_MB})  RSS min ${Math.min(...rss).toFixed(1)} max ${Math.max(...rss).toFixed(1)} MB  ${pass ? 'ok' : 'GREW'}\n`);
    }
    process.stdout.write(`exit codes: ${JSON.stringify(r.exitCodes)}\n${ok ? 'soak: flat' : 'soak: FAILED'}\n`);
    return ok ? 0 : 1;
  } finally {
    await cleanup();
  }
}

process.exitCode = await main();
