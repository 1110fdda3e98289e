import type { Stage } from './stages.js';

/** The test types users ask for by name (REFERENCE.md "Seed test profiles"); every number can be overridden. */
export interface Profile {
  users: number;
  spawnRate: number;
  runTimeMs: number;
  /** When set, the users follow these stages instead of a steady count. */
  stages?: Stage[];
  describe: string;
}

const MIN = 60_000;

export const PROFILES = {
  smoke: { users: 5, spawnRate: 1, runTimeMs: 2 * MIN, describe: '5 users, 1/s, 2 min, steady: does it work at all?' },
  baseline: { users: 10, spawnRate: 2, runTimeMs: 5 * MIN, describe: '10 users, 2/s, 5 min, steady: the reference numbers' },
  load: { users: 50, spawnRate: 5, runTimeMs: 10 * MIN, describe: '50 users, 5/s, 10 min, steady: the expected load' },
  stress: { users: 100, spawnRate: 10, runTimeMs: 10 * MIN, describe: '100 users, 10/s, 10 min, steady: above the expected load' },
  spike: {
    users: 100,
    spawnRate: 100,
    runTimeMs: 9 * MIN + 20_000,
    stages: [
      { durationMs: 10_000, target: 10 },
      { durationMs: 3 * MIN, target: 10 },
      { durationMs: 5_000, target: 100 },
      { durationMs: 3 * MIN, target: 100 },
      { durationMs: 5_000, target: 10 },
      { durationMs: 3 * MIN, target: 10 },
    ],
    describe: '10 → 100 → 10 users, 3 min each, fast ramps: does it recover?',
  },
  soak: { users: 30, spawnRate: 3, runTimeMs: 30 * MIN, describe: '30 users, 3/s, 30 min (set -t up to 8h): leaks and slow decay' },
  breakpoint: { users: 1000, spawnRate: 10, runTimeMs: 60 * MIN, describe: 'steps of --step-users every --step-time until --stop-when is crossed (or -u is reached); reports the last good step' },
} as const satisfies Record<string, Profile>;

export type ProfileName = keyof typeof PROFILES;

export function isProfileName(s: string): s is ProfileName {
  return Object.hasOwn(PROFILES, s);
}
