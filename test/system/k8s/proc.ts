import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { promisify } from 'node:util';

export const execFileP = promisify(execFile);

/** Runs a command to completion (10 s at most) and returns its stdout; throws with stderr on failure. */
export async function sh(cmd: string, args: readonly string[]): Promise<string> {
  try {
    const { stdout } = await execFileP(cmd, args, { timeout: 10_000 });
    return stdout;
  } catch (err) {
    const e = err as Error & { stderr?: string };
    throw new Error(`${cmd} ${args.join(' ')} failed: ${e.stderr?.trim() || e.message}`);
  }
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A child process whose output is kept, with a way to await a line of it. */
export class Proc {
  readonly name: string;
  readonly child: ChildProcess;
  readonly exited: Promise<Exit>;
  #out = '';
  #err = '';
  #running = true;
  #listeners = new Set<() => void>();

  constructor(name: string, cmd: string, args: readonly string[]) {
    this.name = name;
    this.child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child.stdout?.setEncoding('utf8').on('data', (s: string) => this.#add('out', s));
    this.child.stderr?.setEncoding('utf8').on('data', (s: string) => this.#add('err', s));
    this.exited = new Promise((resolve) => {
      this.child.once('error', (err) => {
        this.#err += `spawn error: ${err.message}\n`;
        this.#running = false;
        resolve({ code: null, signal: null });
      });
      this.child.once('close', (code, signal) => {
        this.#running = false;
        for (const l of this.#listeners) l();
        resolve({ code, signal });
      });
    });
  }

  #add(which: 'out' | 'err', s: string): void {
    if (which === 'out') this.#out += s;
    else this.#err += s;
    for (const l of this.#listeners) l();
  }

  get stdout(): string {
    return this.#out;
  }

  get stderr(): string {
    return this.#err;
  }

  get running(): boolean {
    return this.#running;
  }

  /** The last lines of both streams, for assertion messages. */
  tail(lines = 40): string {
    const cut = (s: string): string => s.split('\n').slice(-lines).join('\n');
    return `--- ${this.name} stdout ---\n${cut(this.#out)}\n--- ${this.name} stderr ---\n${cut(this.#err)}`;
  }

  /** Resolves with the first match of `re` in stdout+stderr; rejects on exit or after `ms`. */
  waitFor(re: RegExp, ms: number): Promise<RegExpMatchArray> {
    return new Promise((resolve, reject) => {
      const check = (): void => {
        const m = (this.#out + this.#err).match(re);
        if (m !== null) return done(() => resolve(m));
        if (!this.#running) done(() => reject(new Error(`${this.name} exited before printing ${String(re)}\n${this.tail()}`)));
      };
      const done = (settle: () => void): void => {
        clearTimeout(timer);
        this.#listeners.delete(check);
        settle();
      };
      const timer = setTimeout(() => done(() => reject(new Error(`${this.name}: no ${String(re)} within ${ms} ms\n${this.tail()}`))), ms);
      this.#listeners.add(check);
      check();
    });
  }

  /** Waits for the exit, at most `ms`; rejects (the process still runs) after that. */
  async exit(ms: number): Promise<Exit> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${this.name} did not exit within ${ms} ms\n${this.tail()}`)), ms);
    });
    try {
      return await Promise.race([this.exited, late]);
    } finally {
      clearTimeout(timer);
    }
  }

  kill(signal: NodeJS.Signals = 'SIGTERM'): void {
    if (this.#running) this.child.kill(signal);
  }
}
