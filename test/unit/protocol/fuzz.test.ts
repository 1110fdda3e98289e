/**
 * Bounded fuzz over both frame decoders: random bytes, byte-mutated valid frames, and valid
 * frames with one field replaced by a random value. A decoder may return a message or throw a
 * ProtocolError — nothing else, and never hang. Seeded, so a failure reproduces.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ProtocolError, decodeMasterMessage, decodeWorkerMessage, encode, type AnyMessage } from '../../../src/protocol/index.js';
import { masterSamples, prng, workerSamples } from './fixtures.js';
import { rawPacker } from './reject-helpers.js';

const ITERATIONS = 20_000;
const SEED = 0x5eed_2026;

type Rand = () => number;
const int = (rand: Rand, n: number): number => Math.floor(rand() * n);

function randomBytes(rand: Rand): Uint8Array {
  const out = new Uint8Array(int(rand, 64));
  for (let i = 0; i < out.length; i++) out[i] = int(rand, 256);
  // Often start with a map header so the decoders get past msgpack more often.
  if (out.length > 0 && rand() < 0.5) out[0] = 0x80 | int(rand, 8);
  return out;
}

function mutateBytes(rand: Rand, frame: Uint8Array): Uint8Array {
  const out = Buffer.from(frame);
  const kind = int(rand, 4);
  if (kind === 0) return out.subarray(0, int(rand, out.length));
  if (kind === 1) return Buffer.concat([out, Buffer.from([int(rand, 256)])]);
  const flips = 1 + int(rand, 4);
  for (let i = 0; i < flips; i++) {
    const at = int(rand, out.length);
    out[at] = kind === 2 ? int(rand, 256) : (out[at] ?? 0) ^ (1 << int(rand, 8));
  }
  return out;
}

const WEIRD: readonly unknown[] = [
  null, undefined, true, 0, -1, 1.5, 2 ** 53, -(2 ** 60), Number.NaN, Number.POSITIVE_INFINITY, '', 'x', 'x'.repeat(300),
  [], [1, 'a'], {}, { t: 'hello' }, { __proto__: null, a: 1 }, new Uint8Array(5), new Date(0), new Set([1]), new Map([[1, 2]]),
];

/** Replaces one random field (at any depth) of a valid message with a weird value. */
function mutateValue(rand: Rand, msg: AnyMessage): unknown {
  const copy = structuredClone(msg) as unknown;
  let node = copy;
  for (let depth = 0; depth < 6; depth++) {
    if (typeof node !== 'object' || node === null || node instanceof Uint8Array) break;
    const keys = Object.keys(node);
    const key = keys[int(rand, keys.length)];
    if (key === undefined) break;
    const child = (node as Record<string, unknown>)[key];
    if (rand() < 0.35 || typeof child !== 'object' || child === null) {
      (node as Record<string, unknown>)[key] = WEIRD[int(rand, WEIRD.length)];
      break;
    }
    node = child;
  }
  return copy;
}

test(`fuzz: ${ITERATIONS} seeded inputs, decoders only return messages or throw ProtocolError`, { timeout: 60_000 }, () => {
  const rand = prng(SEED);
  const samples = [...workerSamples(), ...masterSamples()];
  const frames = samples.map((m) => encode(m));
  const outcome = { decoded: 0, rejected: 0 };
  const codes = new Map<string, number>();
  const started = performance.now();
  for (let i = 0; i < ITERATIONS; i++) {
    const which = int(rand, samples.length);
    const kind = i % 3;
    let data: Uint8Array;
    if (kind === 0) data = randomBytes(rand);
    else if (kind === 1) data = mutateBytes(rand, frames[which] ?? new Uint8Array(0));
    else data = rawPacker.pack(mutateValue(rand, samples[which] ?? { t: 'stop' }));
    for (const decode of [decodeWorkerMessage, decodeMasterMessage]) {
      try {
        const msg = decode(data);
        // Whatever got through is a valid message: it re-encodes and decodes to itself.
        assert.deepStrictEqual(decode(encode(msg)), msg, `iteration ${i}: a decoded message does not round-trip`);
        outcome.decoded++;
      } catch (err) {
        if (!(err instanceof ProtocolError)) {
          assert.fail(`iteration ${i} (seed ${SEED}, kind ${kind}): ${String(err)} for frame ${Buffer.from(data).toString('hex').slice(0, 200)}`);
        }
        outcome.rejected++;
        codes.set(`${err.code}/${err.closeCode}`, (codes.get(`${err.code}/${err.closeCode}`) ?? 0) + 1);
      }
    }
  }
  const ms = performance.now() - started;
  console.log(`# fuzz: ${ITERATIONS} inputs × 2 decoders in ${ms.toFixed(0)} ms: ${outcome.decoded} decoded, ${outcome.rejected} rejected ${JSON.stringify(Object.fromEntries(codes))}`);
  assert.equal(outcome.decoded + outcome.rejected, ITERATIONS * 2);
  // Each kind of failure is reached, not only the msgpack layer.
  assert.ok([...codes.keys()].some((k) => k.startsWith('STAMPEDE_ERR_PROTOCOL_BAD_FRAME')));
  assert.ok([...codes.keys()].some((k) => k.startsWith('STAMPEDE_ERR_PROTOCOL_UNKNOWN_TYPE')));
  assert.ok([...codes.keys()].some((k) => k.startsWith('STAMPEDE_ERR_PROTOCOL_VERSION')));
  assert.ok(outcome.decoded > 0);
});
