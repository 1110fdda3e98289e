import net from 'node:net';
import { buildConnector, errors } from 'undici';

/** The TCP keep-alive probe delay undici's connector sets on every socket. */
const KEEP_ALIVE_INITIAL_DELAY_MS = 60_000;

/**
 * The undici `connect` option of every user's Client. Plain `http:` connections are opened here,
 * as undici's own connector opens them (64 KiB high-water mark, TCP keep-alive after 60 s, no
 * Nagle, the same connect timeout and ConnectTimeoutError), but keep nothing of the connect once
 * it is done: undici's connector leaves a per-socket error listener holding the connect timeout's
 * closures, timer and options for the socket's life, a few hundred bytes per idle user.
 * TLS (and anything else) goes through undici's connector, built once, with its session cache.
 */
export function buildUserConnector(timeoutMs: number): buildConnector.connector {
  const undiciConnector = buildConnector({ timeout: timeoutMs });
  return (opts, callback) => {
    if (opts.protocol !== 'http:' || opts.httpSocket !== undefined || (opts.socketPath !== undefined && opts.socketPath !== null)) {
      undiciConnector(opts, callback);
      return;
    }
    connectTcp(opts, timeoutMs, callback);
  };
}

function connectTcp(opts: buildConnector.Options, timeoutMs: number, callback: buildConnector.Callback): void {
  const port = Number(opts.port) || 80;
  // highWaterMark is a stream option (net.Socket hands its options to Duplex); @types/node omits it.
  const options: net.TcpNetConnectOpts & { highWaterMark: number } = { highWaterMark: 64 * 1024, localAddress: opts.localAddress ?? undefined, port, host: opts.hostname };
  const socket = net.connect(options);
  socket.setKeepAlive(true, KEEP_ALIVE_INITIAL_DELAY_MS);
  let pending: buildConnector.Callback | undefined = callback;
  let timer: NodeJS.Timeout | undefined;
  let immediate: NodeJS.Immediate | undefined;
  const settle = (err: Error | undefined): void => {
    const cb = pending;
    if (cb === undefined) return;
    pending = undefined;
    clearTimeout(timer);
    clearImmediate(immediate);
    // Drop this connect's listeners (and with them its closures); an error nobody else listens to
    // later (after undici let go of the socket) is ignored, as undici's connector ignores it.
    socket.removeListener('connect', onConnect).removeListener('error', onError).on('error', ignoreError);
    if (err === undefined) cb(null, socket);
    else cb(err, null);
  };
  const onConnect = (): void => settle(undefined);
  const onError = (err: Error): void => settle(err);
  if (timeoutMs > 0) {
    timer = setTimeout(() => {
      // As undici does: one more turn, so a socket error that is already due wins over the timeout.
      immediate = setImmediate(() => {
        if (pending !== undefined) socket.destroy(connectTimeoutError(socket, opts.hostname, port, timeoutMs));
      });
    }, timeoutMs);
  }
  socket.setNoDelay(true).once('connect', onConnect).on('error', onError);
}

/** undici's ConnectTimeoutError, with undici's message. */
function connectTimeoutError(socket: net.Socket, hostname: string, port: number, timeoutMs: number): Error {
  const attempted = (socket as net.Socket & { autoSelectFamilyAttemptedAddresses?: unknown }).autoSelectFamilyAttemptedAddresses;
  const where = Array.isArray(attempted) ? `attempted addresses: ${attempted.join(', ')}` : `attempted address: ${hostname}:${port}`;
  return new errors.ConnectTimeoutError(`Connect Timeout Error (${where}, timeout: ${timeoutMs}ms)`);
}

function ignoreError(): void {
  // See settle() above.
}
