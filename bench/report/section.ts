/** One benchmark's result as BENCHMARKS.md shows it. */
import type { MachineInfo } from '../lib/machine.js';

/** The benchmarks, in the order they run and BENCHMARKS.md shows them. */
export const BENCH_IDS = ['cpu', 'memory', 'ingest', 'skew', 'dispatch'] as const;
export type BenchId = (typeof BENCH_IDS)[number];

export interface Table {
  title?: string;
  head: string[];
  rows: string[][];
}

export interface Goal {
  /** e.g. "≤ 1.2 × autocannon's CPU per request" */
  text: string;
  /** The measured figure the goal is judged on, e.g. "1.34 ×". */
  figure: string;
  met: boolean;
}

export interface Section {
  id: BenchId;
  title: string;
  /** Exact commands that produced the load. */
  commands: string[];
  /** How it was measured, one bullet each. */
  method: string[];
  tables: Table[];
  goal: Goal;
  /** Findings: causes, caveats, what was left out and why. */
  notes: string[];
}

/** A section as stored after a run, with where and when it ran. */
export interface StoredSection extends Section {
  machine: MachineInfo;
  command: string;
  /** The nice value the bench ran at (0: default priority). */
  nice: number;
}
