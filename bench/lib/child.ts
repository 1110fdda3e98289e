/**
 * Child processes of the bench: started with a fixed environment, their output kept (the last
 * 256 KB) for error messages and for parsing, and stopped by pid with a bounded grace period.
 */
import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import { BenchError } from './errors.js';

const KEEP_CHARS = 256 * 1024;

export interface LaunchOptions {
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Adds an IPC channel (the child must be a node process). */
  ipc?: boolean;
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export class Proc {
  readonly child: ChildProcess;
  readonly pid: number;
  readonly label: string;
  readonly exited: Promise<Exit>;
  #out = '';
  #exit: Exit | null = null;
  #waiters: (() => void)[] = [];

  constructor(label: string, command: string, args: readonly string[], opts: LaunchOptions) {
    this.label = label;
    const stdio: StdioOptions = opts.ipc === true ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['ignore', 'pipe', 'pipe'];
    this.child = spawn(command, args, { env: opts.env, cwd: opts.cwd, stdio });
    if (this.child.pid === undefined) throw new BenchError('STAMPEDE_ERR_BENCH_SPAWN', `could not start ${label} (${command}): is it installed and on PATH?`);
    this.pid = this.child.pid;
    const keep = (chunk: Buffer): void => {
      this.#out = (this.#out + chunk.toString('utf8')).slice(-KEEP_CHARS);
      for (const w of this.#waiters) w();
    };
    this.child.stdout?.on('data', keep);
    this.child.stderr?.on('data', keep);
    this.exited = new Promise<Exit>((resolve) => {
      this.child.once('exit', (code, signal) => {
        this.#exit = { code, signal };
        for (const w of this.#waiters) w();
        resolve(this.#exit);
      });
    });
  }

  get running(): boolean {
    return this.#exit === null;
  }

  /** Everything the child printed so far (the last 256 KB). */
  output(): string {
    return this.#out;
  }

  /** Resolves with the first match of `re` in the output; rejects on exit or after `ms`. */
  waitForOutput(re: RegExp, ms: number): Promise<RegExpExecArray> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => done(new BenchError('STAMPEDE_ERR_BENCH_TIMEOUT', `${this.label} did not print ${String(re)} within ${ms} ms; its output ends with:\n${this.#out.slice(-2000)}`)), ms);
      const check = (): void => {
        const m = re.exec(this.#out);
        if (m !== null) done(m);
        else if (this.#exit !== null) done(new BenchError('STAMPEDE_ERR_BENCH_CHILD_EXIT', `${this.label} exited (${this.#exit.code ?? this.#exit.signal}) before printing ${String(re)}; its output ends with:\n${this.#out.slice(-2000)}`));
      };
      const done = (r: RegExpExecArray | Error): void => {
        clearTimeout(timer);
        this.#waiters = this.#waiters.filter((w) => w !== check);
        if (r instanceof Error) reject(r);
        else resolve(r);
      };
      this.#waiters.push(check);
      check();
    });
  }

  /** Waits up to `ms` for the child to exit by itself; then SIGKILL. */
  async waitExit(ms: number): Promise<Exit> {
    if (this.#exit !== null) return this.#exit;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), ms)));
    const exit = await Promise.race([this.exited, late]);
    clearTimeout(timer);
    if (exit !== null) return exit;
    this.child.kill('SIGKILL');
    return this.exited;
  }

  /** Sends `signal`, waits up to `graceMs`, then SIGKILL. */
  async stop(signal: NodeJS.Signals = 'SIGTERM', graceMs = 10_000): Promise<Exit> {
    if (this.#exit !== null) return this.#exit;
    this.child.kill(signal);
    return this.waitExit(graceMs);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Polls `probe` every `everyMs` until it returns a value other than undefined; throws a
 * BenchError saying `what` did not happen within `timeoutMs`.
 */
export async function pollUntil<T>(what: string, timeoutMs: number, everyMs: number, probe: () => T | undefined | Promise<T | undefined>): Promise<T> {
  const until = performance.now() + timeoutMs;
  const maxTries = Math.ceil(timeoutMs / everyMs) + 1;
  for (let i = 0; i < maxTries && performance.now() <= until; i++) {
    const value = await probe();
    if (value !== undefined) return value;
    await sleep(everyMs);
  }
  throw new BenchError('STAMPEDE_ERR_BENCH_TIMEOUT', `${what} did not happen within ${Math.round(timeoutMs / 1000)} s`);
}
