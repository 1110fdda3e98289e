import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The repository root (test/helpers/../..). */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** The built CLI that `runCli` starts by default (run `npm run build` first). */
export const CLI_ENTRY = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));

export interface CliOptions {
  /** Added to the inherited environment; `undefined` removes a variable. Inherited STAMPEDE_* are dropped. */
  env?: Record<string, string | undefined>;
  /** Hard limit: the child is SIGKILLed after this long. Default 30 000 ms. */
  timeoutMs?: number;
  /** Default: the repository root. */
  cwd?: string;
  /** Script to run instead of dist/cli/main.js; a `.ts` file runs under `--import tsx`. */
  entry?: string;
  /** Written to the child's stdin, which is then closed. Default: stdin closed at once. */
  input?: string;
}

export interface CliResult {
  /** Exit code, or null when the child died from a signal. */
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** True when the hard timeout killed the child. */
  timedOut: boolean;
  durationMs: number;
}

export interface CliProcess {
  child: ChildProcess;
  /** Everything written so far. */
  stdout(): string;
  stderr(): string;
  /**
   * Resolves with the first match of `pattern` in the output (stdout and stderr by default),
   * including output already written; rejects after `timeoutMs` (default 10 000) or if the child
   * exits first. The message holds the output so far.
   */
  waitForOutput(pattern: string | RegExp, opts?: { stream?: 'stdout' | 'stderr' | 'both'; timeoutMs?: number }): Promise<string>;
  /** Settles when the child exits (also after the hard timeout, with `timedOut: true`). */
  exited: Promise<CliResult>;
  /** Sends a signal (default SIGTERM) if the child is still running. */
  kill(signal?: NodeJS.Signals): void;
}

/** Starts the CLI as a real child process and returns it, for tests that send signals or read output live. */
export function spawnCli(args: readonly string[], opts: CliOptions = {}): CliProcess {
  const entry = opts.entry ?? CLI_ENTRY;
  const nodeArgs = entry.endsWith('.ts') ? ['--import', 'tsx', entry, ...args] : [entry, ...args];
  const started = performance.now();
  const child = spawn(process.execPath, nodeArgs, { cwd: opts.cwd ?? REPO_ROOT, env: childEnv(opts.env), stdio: 'pipe' });
  const out = { stdout: '', stderr: '' };
  const listeners = new Set<() => void>();
  child.stdout.setEncoding('utf8').on('data', (s: string) => {
    out.stdout += s;
    for (const l of listeners) l();
  });
  child.stderr.setEncoding('utf8').on('data', (s: string) => {
    out.stderr += s;
    for (const l of listeners) l();
  });
  child.stdin.on('error', () => undefined);
  child.stdin.end(opts.input ?? '');

  let timedOut = false;
  let running = true;
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const killer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, timeoutMs);
  const exited = new Promise<CliResult>((resolve, reject) => {
    child.once('error', (err) => {
      clearTimeout(killer);
      running = false;
      reject(err);
    });
    child.once('close', (code, signal) => {
      clearTimeout(killer);
      running = false;
      for (const l of listeners) l();
      resolve({ code, signal, ...out, timedOut, durationMs: performance.now() - started });
    });
  });

  const waitForOutput: CliProcess['waitForOutput'] = (pattern, o = {}) =>
    new Promise((resolve, reject) => {
      const text = (): string => (o.stream === 'stdout' ? out.stdout : o.stream === 'stderr' ? out.stderr : out.stdout + out.stderr);
      const check = (): void => {
        const found = match(text(), pattern);
        if (found !== undefined) return finish(() => resolve(found));
        if (!running) finish(() => reject(new Error(`waitForOutput: the CLI exited before printing ${String(pattern)}\n${dump(out)}`)));
      };
      const finish = (settle: () => void): void => {
        clearTimeout(timer);
        listeners.delete(check);
        settle();
      };
      const ms = o.timeoutMs ?? 10_000;
      const timer = setTimeout(() => finish(() => reject(new Error(`waitForOutput: no ${String(pattern)} within ${ms} ms\n${dump(out)}`))), ms);
      listeners.add(check);
      check();
    });

  return {
    child,
    stdout: () => out.stdout,
    stderr: () => out.stderr,
    waitForOutput,
    exited,
    kill: (signal = 'SIGTERM') => {
      if (running) child.kill(signal);
    },
  };
}

/** Runs the CLI to completion. Rejects (with the output in the message) if the hard timeout fires. */
export async function runCli(args: readonly string[], opts: CliOptions = {}): Promise<CliResult> {
  const result = await spawnCli(args, opts).exited;
  if (result.timedOut) {
    throw new Error(`runCli: stampede ${args.join(' ')} did not exit within ${opts.timeoutMs ?? 30_000} ms (killed)\n${dump(result)}`);
  }
  return result;
}

function childEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('STAMPEDE_')) env[k] = v;
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}

function match(text: string, pattern: string | RegExp): string | undefined {
  if (typeof pattern === 'string') return text.includes(pattern) ? pattern : undefined;
  return pattern.exec(text)?.[0];
}

function dump(out: { stdout: string; stderr: string }): string {
  return `--- stdout ---\n${out.stdout.slice(-4000)}\n--- stderr ---\n${out.stderr.slice(-4000)}`;
}
