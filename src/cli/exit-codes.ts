/** Process exit codes: one table (DESIGN.md §6, docs/errors.md). */
export const EXIT = {
  /** The run finished and no threshold was crossed. */
  OK: 0,
  /** Some requests failed (Locust-compatible; --exit-code-on-error changes it, 0 disables it). */
  REQUEST_FAILURES: 1,
  /** Bad usage, bad config or a broken loadfile; nothing was run. */
  USAGE: 2,
  /** A threshold was crossed. */
  THRESHOLD: 3,
  /** Fewer workers than expected came in time, or a lost worker aborted the run. */
  WORKERS: 4,
  /** An internal error (a bug). */
  INTERNAL: 5,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
