/**
 * End-to-end helpers: the real built CLI (dist/cli/main.js) run against a loopback server, its
 * `--json` summary read back, and the requests the server saw grouped per virtual user.
 * Loadfiles live in test/e2e/loadfiles/; they tag each request with the `x-e2e-user` header
 * (see loadfiles/identity.ts) so the server side can tell users and worker processes apart.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { JsonEndpoint, JsonSummary } from '../../src/report/json-summary.js';
import { runCli, type CliOptions, type CliResult, type RecordedRequest } from '../helpers/index.js';
import { USER_HEADER } from './loadfiles/identity.js';

/** Hard limit for one CLI run; the runs themselves last 1–3 s. */
export const RUN_TIMEOUT_MS = 40_000;

/** Absolute path of a loadfile in test/e2e/loadfiles/ (`name` without `.ts`). */
export function loadfile(name: string): string {
  return fileURLToPath(new URL(`./loadfiles/${name}.ts`, import.meta.url));
}

/** A fresh temp dir; `remove()` deletes it. */
export function tempDir(prefix: string): { dir: string; file(name: string, text?: string): string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), `stampede-e2e-${prefix}-`));
  return {
    dir,
    file(name, text) {
      const path = join(dir, name);
      if (text !== undefined) writeFileSync(path, text);
      return path;
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export interface JsonRun {
  result: CliResult;
  summary: JsonSummary;
}

/**
 * Runs `stampede --headless --json <tmp>/summary.json …args` to the end and reads the summary.
 * Throws (with the CLI's output) when the file was not written.
 */
export async function runWithJson(args: readonly string[], opts: CliOptions = {}): Promise<JsonRun> {
  const tmp = tempDir('json');
  try {
    const json = tmp.file('summary.json');
    const result = await runCli(['--headless', '--json', json, ...args], { timeoutMs: RUN_TIMEOUT_MS, ...opts });
    let text: string;
    try {
      text = readFileSync(json, 'utf8');
    } catch (err) {
      throw new Error(`the CLI wrote no --json file (${(err as Error).message}); exit ${String(result.code)}\n${dump(result)}`);
    }
    return { result, summary: JSON.parse(text) as JsonSummary };
  } finally {
    tmp.remove();
  }
}

/** The CLI's output, for assertion messages. */
export function dump(r: { code?: number | null; stdout: string; stderr: string }): string {
  return `exit ${String(r.code)}\n--- stdout ---\n${r.stdout.slice(-5000)}\n--- stderr ---\n${r.stderr.slice(-5000)}`;
}

/** The summary's row for (method, name); throws listing the rows when there is none. */
export function endpoint(summary: JsonSummary, method: string, name: string): JsonEndpoint {
  const row = summary.endpoints.find((e) => e.method === method && e.name === name);
  if (row === undefined) {
    throw new Error(`no endpoint ${method} ${name} in the summary; it has ${summary.endpoints.map((e) => `${e.method} ${e.name}`).join(', ') || 'none'}`);
  }
  return row;
}

/** The count for (method, name), 0 when the summary has no such row. */
export function countOf(summary: JsonSummary, method: string, name: string): number {
  return summary.endpoints.find((e) => e.method === method && e.name === name)?.count ?? 0;
}

/** (method, name, error) → occurrences, from the summary's error list. */
export function errorsOf(summary: JsonSummary): Record<string, number> {
  const out: Record<string, number> = {};
  for (const e of summary.errors) out[`${e.method} ${e.name}: ${e.error}`] = e.occurrences;
  return out;
}

/** The requests the server saw, grouped by the `x-e2e-user` header (`pid/n`), in arrival order. */
export function byUser(requests: readonly RecordedRequest[], path?: string): Map<string, RecordedRequest[]> {
  const out = new Map<string, RecordedRequest[]>();
  for (const r of requests) {
    if (path !== undefined && r.path !== path) continue;
    const id = r.headers[USER_HEADER];
    const key = typeof id === 'string' ? id : '(none)';
    const list = out.get(key) ?? [];
    list.push(r);
    out.set(key, list);
  }
  return out;
}

/** Distinct virtual users per worker process id (the `pid` part of `x-e2e-user`). */
export function usersPerProcess(requests: readonly RecordedRequest[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const user of byUser(requests).keys()) {
    const pid = user.split('/', 1)[0] ?? user;
    out.set(pid, (out.get(pid) ?? 0) + 1);
  }
  return out;
}

/** The gaps between consecutive arrivals (RecordedRequest.at, or plain times), in ms. */
export function gapsMs(arrivals: readonly (RecordedRequest | number)[]): number[] {
  const times = arrivals.map((a) => (typeof a === 'number' ? a : a.at));
  const gaps: number[] = [];
  for (let i = 1; i < times.length; i++) gaps.push((times[i] as number) - (times[i - 1] as number));
  return gaps;
}

/** The middle value (the mean of the two middle ones for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}
