/**
 * Frames: one msgpack-encoded message per binary WebSocket frame. `unpack` yields `unknown`;
 * only the decoders narrow it (STYLE.md rule 2).
 */
import { Packr, Unpackr, type Options } from 'msgpackr';
import { isPlainObject, show } from './check.js';
import { CloseCode } from './close-codes.js';
import { MAX_FRAME_BYTES } from './constants.js';
import { ProtocolError } from './errors.js';
import { MASTER_DECODERS } from './master-messages.js';
import type { AnyMessage, MasterMessage, WorkerMessage } from './unions.js';
import { WORKER_DECODERS } from './worker-messages.js';

/** Both ends use exactly these options: plain maps decode as plain objects, binary as Uint8Array. */
export const MSGPACK_OPTIONS: Readonly<Options> = {
  useRecords: false,
  mapsAsObjects: true,
  structuredClone: false,
  moreTypes: false,
  int64AsType: 'number',
};

const packr = new Packr({ ...MSGPACK_OPTIONS });
const unpackr = new Unpackr({ ...MSGPACK_OPTIONS });

/** What a ws 'message' event can hand over (any binaryType). */
export type FrameData = Uint8Array | ArrayBuffer | readonly Uint8Array[];

type Decoder = (u: unknown) => AnyMessage;
const toMaster = WORKER_DECODERS as Readonly<Record<string, Decoder>>;
const toWorker = MASTER_DECODERS as Readonly<Record<string, Decoder>>;

/**
 * Encodes a message as one frame. The message is checked with its own decoder first, so a bug
 * that would make the peer close the connection (NaN, a fraction, an oversized list) fails here,
 * at the sender, with a message that says which field.
 */
export function encode(msg: WorkerMessage | MasterMessage): Uint8Array {
  const decode = Object.hasOwn(toMaster, msg.t) ? toMaster[msg.t] : Object.hasOwn(toWorker, msg.t) ? toWorker[msg.t] : undefined;
  if (decode === undefined) throw new ProtocolError('STAMPEDE_ERR_PROTOCOL_UNKNOWN_TYPE', `cannot encode a message of unknown type ${show(msg.t)}`);
  decode(msg);
  const bytes = packr.pack(msg);
  if (bytes.byteLength > MAX_FRAME_BYTES) {
    throw new ProtocolError(
      'STAMPEDE_ERR_PROTOCOL_BAD_FRAME',
      `a ${msg.t} message encodes to ${bytes.byteLength} bytes, over the ${MAX_FRAME_BYTES}-byte frame limit`,
      CloseCode.MESSAGE_TOO_BIG,
    );
  }
  return bytes;
}

/**
 * `msg` encoded as one frame, or null when it cannot be one: a ProtocolError from encode() (a list
 * over its limit, a frame over MAX_FRAME_BYTES). Any other error is a bug and is thrown.
 */
export function encodeIfFits(msg: WorkerMessage | MasterMessage): Uint8Array | null {
  try {
    return encode(msg);
  } catch (err) {
    if (err instanceof ProtocolError) return null;
    throw err;
  }
}

/** Decodes a frame received by the master. Throws ProtocolError (use its closeCode) on anything wrong. */
export function decodeWorkerMessage(data: FrameData, isBinary = true): WorkerMessage {
  return decodeWith(unpackFrame(data, isBinary), toMaster, toWorker, 'worker-to-master') as WorkerMessage;
}

/** Decodes a frame received by a worker. Throws ProtocolError (use its closeCode) on anything wrong. */
export function decodeMasterMessage(data: FrameData, isBinary = true): MasterMessage {
  return decodeWith(unpackFrame(data, isBinary), toWorker, toMaster, 'master-to-worker') as MasterMessage;
}

function decodeWith(u: unknown, mine: Readonly<Record<string, Decoder>>, theirs: Readonly<Record<string, Decoder>>, direction: string): AnyMessage {
  if (!isPlainObject(u)) throw new ProtocolError('STAMPEDE_ERR_PROTOCOL_BAD_FRAME', `a frame must hold a map with a \`t\` field, got ${show(u)}`);
  const t = u.t;
  if (typeof t === 'string' && Object.hasOwn(mine, t)) return (mine[t] as Decoder)(u);
  const why = typeof t === 'string' && Object.hasOwn(theirs, t) ? `it travels the other way, not ${direction}` : `expected one of ${Object.keys(mine).join(', ')}`;
  throw new ProtocolError('STAMPEDE_ERR_PROTOCOL_UNKNOWN_TYPE', `unknown message type ${show(t)}: ${why}`);
}

function unpackFrame(data: FrameData, isBinary: boolean): unknown {
  if (!isBinary) throw new ProtocolError('STAMPEDE_ERR_PROTOCOL_BAD_FRAME', 'a text frame arrived: the protocol uses binary msgpack frames only');
  const bytes = toBytes(data);
  if (bytes.byteLength > MAX_FRAME_BYTES) {
    throw new ProtocolError('STAMPEDE_ERR_PROTOCOL_BAD_FRAME', `a ${bytes.byteLength}-byte frame is over the ${MAX_FRAME_BYTES}-byte limit`, CloseCode.MESSAGE_TOO_BIG);
  }
  if (bytes.byteLength === 0) throw new ProtocolError('STAMPEDE_ERR_PROTOCOL_BAD_FRAME', 'an empty frame arrived: every frame holds one msgpack message');
  try {
    return unpackr.unpack(bytes) as unknown;
  } catch (err) {
    const why = err instanceof Error ? err.message.slice(0, 80) : show(err);
    throw new ProtocolError('STAMPEDE_ERR_PROTOCOL_BAD_FRAME', `a frame is not valid msgpack (${why})`, CloseCode.BAD_FRAME, { cause: err });
  }
}

function toBytes(data: FrameData): Uint8Array {
  if (data instanceof Uint8Array) return data;
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return Buffer.concat(data);
}
