import type { Host } from './netns.js';
import { execFileP } from './proc.js';

// Run inside a namespace of the rehearsal network: a kubelet-style tcpSocket probe (connect, then
// close at once), and a plain HTTP GET on the same port, each with a 1 s timeout.
const PROBE = `
const net = require('node:net');
const http = require('node:http');
const [host, port] = process.argv.slice(1);
const tcp = () => new Promise((resolve) => {
  const s = net.connect({ host, port: Number(port), timeout: 1000 });
  s.once('connect', () => { s.destroy(); resolve('ok'); });
  s.once('timeout', () => { s.destroy(); resolve('timeout'); });
  s.once('error', (e) => resolve(e.code || e.message));
});
const get = () => new Promise((resolve) => {
  const req = http.get({ host, port: Number(port), path: '/', timeout: 1000 }, (res) => { res.resume(); resolve(String(res.statusCode)); });
  req.once('timeout', () => { req.destroy(); resolve('timeout'); });
  req.once('error', (e) => resolve(e.code || e.message));
});
(async () => { process.stdout.write(JSON.stringify({ tcp: await tcp(), httpGet: await get() })); })();
`;

export interface ProbeResult {
  /** `ok`, or why the connection failed. */
  tcp: string;
  /** The HTTP status, or why the request failed. */
  httpGet: string;
}

/** Probes `ip:port` from the namespace of `from`. */
export async function probe(from: Host, ip: string, port: number): Promise<ProbeResult> {
  const { stdout } = await execFileP('ip', ['netns', 'exec', from.ns, process.execPath, '-e', PROBE, ip, String(port)], { timeout: 10_000 });
  return JSON.parse(stdout) as ProbeResult;
}
