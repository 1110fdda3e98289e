/** Seeded PRNG and latency generators for the stats tests (deterministic runs). */
export { mulberry32 } from '../../helpers/random.js';

/** Integer µs spread log-uniformly over [lo, hi]. */
export function logUniform(rand: () => number, lo: number, hi: number): number {
  return Math.round(Math.exp(Math.log(lo) + rand() * (Math.log(hi) - Math.log(lo))));
}
