import { message, Shape } from '../check.js';
import { LIMITS } from '../constants.js';
import type { MessageSpec } from '../spec.js';

export const BUNDLE = 'bundle';

/** Master → worker, after welcome: the loadfile, bundled by esbuild into one ESM module. */
export interface BundleMessage {
  t: typeof BUNDLE;
  /** The bundled JavaScript source. */
  code: string;
  /** Hash of `code` (hex); the worker checks it and echoes it in `ready`. */
  hash: string;
  /** The loadfile's name, for stack traces and messages. */
  filename: string;
}

export function bundle(f: Omit<BundleMessage, 't'>): BundleMessage {
  return { t: BUNDLE, code: f.code, hash: f.hash, filename: f.filename };
}

const SHAPE = new Shape(['t', 'code', 'hash', 'filename']);

export function decodeBundle(u: unknown): BundleMessage {
  const f = message(u, BUNDLE, SHAPE);
  return {
    t: BUNDLE,
    code: f.str('code', LIMITS.bundleChars),
    hash: f.str('hash', LIMITS.hashChars, 1),
    filename: f.str('filename', LIMITS.urlChars, 1),
  };
}

export const bundleSpec = { tag: BUNDLE, direction: 'master-to-worker', decode: decodeBundle } as const satisfies MessageSpec<BundleMessage>;
