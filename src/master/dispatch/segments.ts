import { DispatchInputError, assertCount, describe } from './errors.js';

/** An exact rational num/den in lowest terms, den > 0 (safe integers). */
export interface Fraction {
  readonly num: number;
  readonly den: number;
}

/** An execution segment: the share (from, to] of the whole run, 0 <= from < to <= 1. */
export interface Segment {
  readonly from: Fraction;
  readonly to: Fraction;
}

function gcd(a: number, b: number): number {
  let x = Math.abs(a);
  let y = Math.abs(b);
  while (y !== 0) [x, y] = [y, x % y];
  return x;
}

/** Least common multiple; exact for results up to 2^53. */
export function lcm(a: number, b: number): number {
  return (a / gcd(a, b)) * b;
}

/** The fraction num/den in lowest terms. */
export function fraction(num: number, den: number): Fraction {
  assertCount(num, 'a fraction numerator');
  assertCount(den, 'a fraction denominator');
  if (den === 0) throw new DispatchInputError(`a fraction needs a denominator > 0, got ${num}/0`);
  const g = gcd(num, den) || 1;
  return { num: num / g, den: den / g };
}

/** n execution segments of equal size: (i/n, (i+1)/n] for i = 0..n-1. */
export function segments(n: number): Segment[] {
  assertCount(n, 'the number of segments');
  if (n === 0) throw new DispatchInputError('the number of segments must be at least 1, got 0');
  return Array.from({ length: n }, (_, i) => ({ from: fraction(i, n), to: fraction(i + 1, n) }));
}

/** Throws DispatchInputError unless `seg` is a valid segment inside (0, 1]. */
export function assertSegment(seg: Segment, what = 'segment'): void {
  for (const f of [seg.from, seg.to]) {
    assertCount(f.num, `${what} numerator`);
    assertCount(f.den, `${what} denominator`);
    if (f.den === 0 || f.num > f.den) throw new DispatchInputError(`${what} bounds must lie in [0, 1], got ${describe(f.num)}/${describe(f.den)}`);
  }
  if (compareFractions(seg.from, seg.to) >= 0) {
    throw new DispatchInputError(`${what} must have from < to, got ${seg.from.num}/${seg.from.den}:${seg.to.num}/${seg.to.den}`);
  }
}

/** -1, 0 or 1 as a <, =, > b; exact for any safe-integer fractions. */
export function compareFractions(a: Fraction, b: Fraction): number {
  const l = BigInt(a.num) * BigInt(b.den);
  const r = BigInt(b.num) * BigInt(a.den);
  return l < r ? -1 : l > r ? 1 : 0;
}

/** floor(a / b) for safe integers a >= 0, b > 0, exact (no rounding of the float quotient). */
export function floorDiv(a: number, b: number): number {
  return (a - (a % b)) / b;
}

/** round(v·f), half up, exactly (BigInt, so v·num never loses precision). */
function roundTimes(v: number, f: Fraction): number {
  const twice = 2n * BigInt(v) * BigInt(f.num) + BigInt(f.den);
  return Number(twice / (2n * BigInt(f.den)));
}

/**
 * This segment's part of a whole count v (users, iterations): round(v·to) − round(v·from).
 * The parts of a sequence of segments covering (0, 1] always add up to exactly v.
 */
export function scaleBySegment(v: number, seg: Segment): number {
  assertCount(v, 'the value to scale');
  assertSegment(seg);
  return roundTimes(v, seg.to) - roundTimes(v, seg.from);
}
