/**
 * nginx from Debian as the fast target: one worker process, `return 200 "ok"`, no access log,
 * keep-alive without limits, stub_status for the request counter. Configured in a temp dir on a
 * free loopback port; started and stopped by the bench (master_process off: one pid to stop).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Proc, pollUntil } from '../lib/child.js';
import { BenchError } from '../lib/errors.js';
import { findExecutable, type BenchContext } from '../lib/context.js';
import { freePort, probe, type Target } from './target.js';

const STATUS_PATH = '/__status';

export function nginxBinary(): string | undefined {
  return findExecutable(['/usr/sbin/nginx', '/usr/local/sbin/nginx', '/usr/bin/nginx']);
}

function config(dir: string, port: number): string {
  const temp = (name: string): string => `${name} ${path.join(dir, name.replace('_temp_path', ''))};`;
  return [
    'daemon off;',
    'master_process off;',
    'worker_processes 1;',
    'worker_rlimit_nofile 30000;',
    `pid ${path.join(dir, 'nginx.pid')};`,
    `error_log ${path.join(dir, 'error.log')} warn;`,
    'events { worker_connections 20000; }',
    'http {',
    '  access_log off;',
    `  ${temp('client_body_temp_path')} ${temp('proxy_temp_path')} ${temp('fastcgi_temp_path')} ${temp('uwsgi_temp_path')} ${temp('scgi_temp_path')}`,
    '  keepalive_requests 100000000;',
    '  keepalive_timeout 3600s;',
    '  server {',
    `    listen 127.0.0.1:${port} backlog=4096;`,
    `    location = ${STATUS_PATH} { stub_status; }`,
    '    location / { return 200 "ok"; }',
    '  }',
    '}',
    '',
  ].join('\n');
}

export async function startNginx(ctx: BenchContext, binary: string): Promise<Target> {
  const dir = path.join(ctx.tmp, 'nginx');
  mkdirSync(dir, { recursive: true });
  const port = await freePort();
  const conf = path.join(dir, 'nginx.conf');
  writeFileSync(conf, config(dir, port));
  const proc = new Proc('nginx', binary, ['-c', conf, '-p', dir, '-e', path.join(dir, 'error.log')], { env: ctx.env, cwd: dir });
  const url = `http://127.0.0.1:${port}`;
  const status = async (): Promise<{ active: number; requests: number }> => {
    const text = await probe(url + STATUS_PATH);
    const active = /Active connections:\s*(\d+)/.exec(text);
    const counts = /\n\s*(\d+)\s+(\d+)\s+(\d+)\s*\n/.exec(text);
    if (active === null || counts === null) throw new BenchError('STAMPEDE_ERR_BENCH_TARGET', `nginx stub_status answered something unexpected: ${text.slice(0, 200)}`);
    // The probe's own connection is counted as active.
    return { active: Number(active[1]) - 1, requests: Number(counts[3]) };
  };
  await pollUntil('nginx answering on its port', 10_000, 50, async () => {
    if (!proc.running) throw new BenchError('STAMPEDE_ERR_BENCH_CHILD_EXIT', `nginx exited at start: ${proc.output().slice(-1000)}`);
    try {
      return await status();
    } catch {
      return undefined;
    }
  });
  return {
    kind: 'nginx',
    url,
    pid: proc.pid,
    requests: async () => (await status()).requests,
    connections: async () => (await status()).active,
    stop: async () => {
      await proc.stop('SIGQUIT', 5000);
    },
  };
}
