/**
 * The Node target, run as its own process (bench/targets/node-target.ts starts it with IPC):
 * answers every request with 200 "ok", keeps idle keep-alive connections for an hour, and
 * reports its request and open-connection counters over IPC. Loopback only.
 *
 *   node --import tsx bench/targets/node-server.ts   (needs an IPC channel)
 */
import http from 'node:http';

interface StatsQuery {
  t: 'stats';
  id: number;
}

let requests = 0;
let open = 0;
const server = http.createServer((req, res) => {
  requests++;
  req.resume();
  res.writeHead(200, { 'content-type': 'text/plain', 'content-length': '2' });
  res.end('ok');
});
server.keepAliveTimeout = 3_600_000;
server.headersTimeout = 3_600_000 + 1000;
server.requestTimeout = 0;
server.maxRequestsPerSocket = 0;
server.on('connection', (socket) => {
  open++;
  socket.once('close', () => open--);
});

const send = (msg: object): void => {
  process.send?.(msg);
};
process.on('message', (m: StatsQuery) => {
  if (m.t === 'stats') send({ t: 'stats', id: m.id, requests, open });
});
process.on('disconnect', () => {
  server.closeAllConnections();
  server.close();
});
server.listen({ port: 0, host: '127.0.0.1', backlog: 4096 }, () => {
  const addr = server.address();
  send({ t: 'listening', port: typeof addr === 'object' && addr !== null ? addr.port : 0 });
});
