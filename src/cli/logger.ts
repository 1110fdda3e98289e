import { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';

const LEVELS: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };
const SKIP = new Set(['level', 'time', 'pid', 'hostname', 'msg', 'role']);
const SECRET_KEYS = /token|authorization|password/i;

/**
 * A pino logger for people: one line per record on stderr, `[time] role/LEVEL: msg key=value`.
 * `format: 'json'` keeps pino's JSON lines (for log shippers).
 */
export function createLogger(opts: { level: string; role: string; format: 'text' | 'json'; stream: NodeJS.WritableStream }): Logger {
  const base = { role: opts.role };
  if (opts.format === 'json') return pino({ level: opts.level, base, redact: ['token', 'authToken', '*.authorization'] }, opts.stream);
  const out = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString().split('\n')) {
        if (line.trim() !== '') opts.stream.write(formatLine(line));
      }
      done();
    },
  });
  return pino({ level: opts.level, base }, out);
}

function formatLine(line: string): string {
  let rec: Record<string, unknown>;
  try {
    rec = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return `${line}\n`;
  }
  const time = new Date(typeof rec.time === 'number' ? rec.time : Date.now()).toISOString().replace('T', ' ').slice(0, 23);
  const level = LEVELS[typeof rec.level === 'number' ? rec.level : 30] ?? 'INFO';
  const extras = Object.entries(rec)
    .filter(([k]) => !SKIP.has(k))
    .map(([k, v]) => `${k}=${SECRET_KEYS.test(k) ? '[redacted]' : typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(' ');
  return `[${time}] ${String(rec.role ?? 'stampede')}/${level}: ${String(rec.msg ?? '')}${extras ? ` ${extras}` : ''}\n`;
}
