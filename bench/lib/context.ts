/**
 * What every benchmark receives from bench/run.ts, the only place that touches process globals:
 * the repo root, the environment for children, a temp dir, a progress log and the options.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';

export interface BenchOptions {
  /** Repetitions of each measured run (cpu, memory, skew). */
  reps: number;
  /** Seconds of the measured steady window (cpu). */
  windowS: number;
  /** Also profile the stampede worker with --cpu-prof (cpu). */
  profile: boolean;
}

export interface BenchContext {
  /** The repo root (has package.json and dist/). */
  readonly root: string;
  /** The node binary running the bench (children use the same one). */
  readonly node: string;
  /** The CLI entry of this run's private copy of the build (lib/app-copy.ts). */
  readonly cli: string;
  /** Environment handed to every child process. */
  readonly env: NodeJS.ProcessEnv;
  /** A fresh temp dir for this bench run (configs, JSON summaries, profiles). */
  readonly tmp: string;
  readonly options: BenchOptions;
  /** One line of progress (stderr). */
  log(line: string): void;
}

/** Absolute path of `rel` under the repo root. */
export function inRoot(ctx: BenchContext, ...rel: string[]): string {
  return path.join(ctx.root, ...rel);
}

/** The built CLI (npm run bench builds it first; the run uses its private copy). */
export function cliPath(ctx: BenchContext): string {
  return ctx.cli;
}

/** The first of `candidates` that exists as a file, or undefined. */
export function findExecutable(candidates: readonly string[]): string | undefined {
  return candidates.find((c) => existsSync(c));
}

/** Arguments that make node run a TypeScript file of this repo (through tsx). */
export function tsNodeArgs(ctx: BenchContext, file: string): string[] {
  return ['--import', 'tsx', inRoot(ctx, file)];
}
