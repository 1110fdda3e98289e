import { isPlainObject, message, Shape, show } from '../check.js';
import { LIMITS, PROTOCOL_VERSION } from '../constants.js';
import { ProtocolError } from '../errors.js';
import type { MessageSpec } from '../spec.js';

export const HELLO = 'hello';

/** Worker → master, first message on every connection (also after a reconnect). */
export interface HelloMessage {
  t: typeof HELLO;
  protocolVersion: number;
  /** Stable across reconnects and restarts (--worker-id); the master refuses a second live connection with it. */
  workerId: string;
  /** Random per worker process: a restarted worker reuses its workerId but starts its report seq at 1 again. */
  instance: string;
  /** The worker's host name. */
  host: string;
  pid: number;
  cpus: number;
  /** The worker's stampede version. */
  version: string;
}

export type HelloFields = Omit<HelloMessage, 't' | 'protocolVersion'>;

export function hello(f: HelloFields): HelloMessage {
  return { t: HELLO, protocolVersion: PROTOCOL_VERSION, workerId: f.workerId, instance: f.instance, host: f.host, pid: f.pid, cpus: f.cpus, version: f.version };
}

const SHAPE = new Shape(['t', 'protocolVersion', 'workerId', 'instance', 'host', 'pid', 'cpus', 'version']);

/**
 * The version is checked before anything else, so a hello from any other protocol version
 * (whatever fields it has) is refused with STAMPEDE_ERR_PROTOCOL_VERSION (close 4001).
 */
export function decodeHello(u: unknown): HelloMessage {
  if (isPlainObject(u) && u.t === HELLO && u.protocolVersion !== PROTOCOL_VERSION) {
    throw new ProtocolError(
      'STAMPEDE_ERR_PROTOCOL_VERSION',
      `the worker speaks protocol version ${show(u.protocolVersion)} and this master speaks ${PROTOCOL_VERSION}: run the same stampede version on the master and every worker`,
    );
  }
  const f = message(u, HELLO, SHAPE);
  return {
    t: HELLO,
    protocolVersion: PROTOCOL_VERSION,
    workerId: f.str('workerId', LIMITS.idChars, 1),
    instance: f.str('instance', LIMITS.idChars, 1),
    host: f.str('host', LIMITS.hostNameChars),
    pid: f.int('pid'),
    cpus: f.int('cpus', 1, LIMITS.cpus),
    version: f.str('version', LIMITS.versionChars),
  };
}

export const helloSpec = { tag: HELLO, direction: 'worker-to-master', decode: decodeHello } as const satisfies MessageSpec<HelloMessage>;
