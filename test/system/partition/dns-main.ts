/**
 * A DNS server that knows no names, to run in a network namespace whose resolv.conf points at
 * 127.0.0.1: `node dns-main.ts`. It answers every query with NXDOMAIN (so a lookup fails the way a
 * mistyped host name does, ENOTFOUND), prints `dns listening`, and on SIGTERM prints
 * `queries {"name": n, …}` before it exits.
 */
import { createSocket } from 'node:dgram';

const queries = new Map<string, number>();

/** The question's name (labels joined by dots) and where the question section ends. */
function question(msg: Buffer): { name: string; end: number } | null {
  let at = 12;
  const labels: string[] = [];
  while (at < msg.length) {
    const len = msg[at]!;
    if (len === 0) return { name: labels.join('.'), end: at + 5 };
    if (len > 63 || at + 1 + len > msg.length) return null;
    labels.push(msg.subarray(at + 1, at + 1 + len).toString('latin1'));
    at += 1 + len;
  }
  return null;
}

const server = createSocket('udp4');
server.on('message', (msg, rinfo) => {
  if (msg.length < 12) return;
  const q = question(msg);
  if (q === null || q.end > msg.length) return;
  queries.set(q.name, (queries.get(q.name) ?? 0) + 1);
  const header = Buffer.alloc(12);
  msg.copy(header, 0, 0, 2); // id
  header[2] = 0x80 | (msg[2]! & 0x79); // QR, the query's opcode and RD
  header[3] = 0x80 | 3; // RA, RCODE 3 = NXDOMAIN
  header.writeUInt16BE(1, 4); // one question, no answers
  server.send(Buffer.concat([header, msg.subarray(12, q.end)]), rinfo.port, rinfo.address);
});
server.bind(53, '127.0.0.1', () => process.stdout.write('dns listening\n'));
process.once('SIGTERM', () => {
  process.stdout.write(`queries ${JSON.stringify(Object.fromEntries(queries))}\n`, () => server.close());
});
