/**
 * The last result of each benchmark, kept in bench/results/latest.json, and BENCHMARKS.md
 * rendered from all of them (so `npm run bench -- cpu` replaces only the CPU section).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { renderMarkdown } from './markdown.js';
import type { BenchId, StoredSection } from './section.js';

type Store = Partial<Record<BenchId, StoredSection>>;

function storePath(root: string): string {
  return path.join(root, 'bench', 'results', 'latest.json');
}

function load(root: string): Store {
  const file = storePath(root);
  if (!existsSync(file)) return {};
  return JSON.parse(readFileSync(file, 'utf8')) as Store;
}

export function saveSection(root: string, section: StoredSection): void {
  const store = load(root);
  store[section.id] = section;
  mkdirSync(path.dirname(storePath(root)), { recursive: true });
  writeFileSync(storePath(root), `${JSON.stringify(store, null, 2)}\n`);
}

/** Rewrites BENCHMARKS.md at the repo root; returns its path. */
export function writeBenchmarksMd(root: string): string {
  const file = path.join(root, 'BENCHMARKS.md');
  writeFileSync(file, renderMarkdown(load(root)));
  return file;
}
