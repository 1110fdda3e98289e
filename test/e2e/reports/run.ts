/**
 * Helpers of the report and threshold e2e tests: the built CLI run against a counting server with
 * known latencies (/fast 2 ms, /slow 30 ms), in a temp dir that holds every report file.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { JsonSummary } from '../../../src/report/json-summary.js';
import { runCli, startCountingServer, type CliResult, type CountingServer, type PathBehaviour } from '../../helpers/index.js';

export const RUN_TIMEOUT_MS = 45_000;

export function reportsLoadfile(name: string): string {
  return fileURLToPath(new URL(`./loadfiles/${name}.ts`, import.meta.url));
}

export interface Run {
  result: CliResult;
  dir: string;
  /** The --json summary, if the run wrote it. */
  summary: JsonSummary | null;
  file(name: string): string;
  text(name: string): string;
}

/** A counting server with /fast at 2 ms and /slow at 30 ms (override either), closed after the test. */
export async function budgetServer(t: { after(fn: () => unknown): void }, routes: Record<string, PathBehaviour> = {}): Promise<CountingServer> {
  const server = await startCountingServer({ routes: { '/fast': { latencyMs: 2 }, '/slow': { latencyMs: 30 }, ...routes }, logLimit: 100_000 });
  t.after(() => server.close());
  return server;
}

/** Runs `stampede --headless --json DIR/summary.json ARGS` (ARGS may use `{dir}`) and reads the summary. */
export async function runInDir(t: { after(fn: () => unknown): void }, args: readonly string[]): Promise<Run> {
  const dir = mkdtempSync(join(tmpdir(), 'stampede-e2e-reports-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const json = join(dir, 'summary.json');
  const result = await runCli(['--headless', '--json', json, ...args.map((a) => a.replaceAll('{dir}', dir))], { timeoutMs: RUN_TIMEOUT_MS });
  let summary: JsonSummary | null = null;
  try {
    summary = JSON.parse(readFileSync(json, 'utf8')) as JsonSummary;
  } catch {
    summary = null;
  }
  return { result, dir, summary, file: (name) => join(dir, name), text: (name) => readFileSync(join(dir, name), 'utf8') };
}

/** The CLI's output, for assertion messages. */
export function dump(r: { code: number | null; stdout: string; stderr: string }): string {
  return `exit ${String(r.code)}\n--- stdout ---\n${r.stdout.slice(-4000)}\n--- stderr ---\n${r.stderr.slice(-4000)}`;
}

/** A summary that must exist. */
export function summaryOf(run: Run): JsonSummary {
  if (run.summary === null) throw new Error(`the run wrote no JSON summary\n${dump(run.result)}`);
  return run.summary;
}

/** CSV text → rows of fields (RFC 4180 quoting), the header first. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}

/** CSV rows as objects keyed by the header. */
export function records(text: string): Record<string, string>[] {
  const [header, ...rows] = parseCsv(text);
  return rows.map((r) => Object.fromEntries((header ?? []).map((h, i) => [h, r[i] ?? ''])));
}
