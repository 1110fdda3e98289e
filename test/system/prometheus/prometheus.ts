/**
 * A real Prometheus server (Debian's `prometheus` package) for the system tests: a temp config
 * and TSDB, a free loopback port, 1 s scrapes. When the binaries are missing the tests skip with a
 * loud reason, except under STAMPEDE_REQUIRE_SYSTEM_TESTS=1 (CI), where they fail.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { freePort } from '../../helpers/index.js';

function which(binary: string): string | null {
  const r = spawnSync('sh', ['-c', `command -v ${binary}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

/** The path of `binary`, or null after skipping the test (failing it under STAMPEDE_REQUIRE_SYSTEM_TESTS=1). */
export function requireBinary(t: TestContext, binary: 'prometheus' | 'promtool'): string | null {
  const path = which(binary);
  if (path !== null) return path;
  const reason = `SKIPPED LOUDLY: no '${binary}' on PATH; install Debian's prometheus package ('apt-get install -y prometheus') to run the Prometheus tests`;
  if (process.env.STAMPEDE_REQUIRE_SYSTEM_TESTS === '1') throw new Error(`${reason} (STAMPEDE_REQUIRE_SYSTEM_TESTS=1 makes this a failure)`);
  process.stderr.write(`\n*** ${reason} ***\n\n`);
  t.skip(reason);
  return null;
}

/** Runs `promtool check metrics` on an exposition; resolves with its exit code and output. */
export function promtoolCheck(promtool: string, text: string): { code: number | null; output: string } {
  const r = spawnSync(promtool, ['check', 'metrics'], { input: text, encoding: 'utf8', timeout: 20_000 });
  return { code: r.status, output: `${r.stdout}${r.stderr}` };
}

export interface PrometheusServer {
  url: string;
  /** Runs an instant PromQL query; resolves with the value of each series, by its labels as JSON. */
  query(promql: string): Promise<{ metric: Record<string, string>; value: number }[]>;
  close(): Promise<void>;
}

/** Starts Prometheus scraping `target` (host:port) every second, with a bearer token if given. */
export async function startPrometheus(binary: string, target: string, token?: string): Promise<PrometheusServer> {
  const dir = mkdtempSync(join(tmpdir(), 'stampede-prometheus-'));
  const port = await freePort();
  const auth = token === undefined ? '' : `    authorization:\n      type: Bearer\n      credentials: ${token}\n`;
  writeFileSync(
    join(dir, 'prometheus.yml'),
    `global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\nscrape_configs:\n  - job_name: stampede\n    scrape_interval: 1s\n    scrape_timeout: 900ms\n${auth}    static_configs:\n      - targets: ['${target}']\n`,
  );
  const args = [`--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--log.level=warn'];
  const child: ChildProcess = spawn(binary, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr?.setEncoding('utf8').on('data', (s: string) => (log = (log + s).slice(-4000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const close = async (): Promise<void> => {
    child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(killer);
    rmSync(dir, { recursive: true, force: true });
  };
  const deadline = performance.now() + 20_000;
  for (;;) {
    const ready = await fetch(`${url}/-/ready`).then((r) => r.ok, () => false);
    if (ready) break;
    if (child.exitCode !== null || performance.now() > deadline) {
      await close();
      throw new Error(`prometheus did not become ready within 20 s (exit ${child.exitCode})\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    async query(promql) {
      const res = await fetch(`${url}/api/v1/query?query=${encodeURIComponent(promql)}`);
      const body = (await res.json()) as { status: string; error?: string; data?: { result: { metric: Record<string, string>; value: [number, string] }[] } };
      if (body.status !== 'success' || body.data === undefined) throw new Error(`query ${promql} failed: ${body.error ?? res.status}`);
      return body.data.result.map((r) => ({ metric: r.metric, value: Number(r.value[1]) }));
    },
    close,
  };
}
