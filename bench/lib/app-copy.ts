/**
 * A private copy of the built CLI for one bench run: dist/ and package.json copied into the
 * bench's temp dir, node_modules linked. Other work on the same tree may rebuild dist/ while a
 * long benchmark runs; every process of the run then still loads the same build.
 */
import { copyFileSync, cpSync, existsSync, mkdirSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { BenchError } from './errors.js';

/** Copies `root`'s build into `tmp/app`; returns the copied CLI entry (dist/cli/main.js). */
export function copyBuild(root: string, tmp: string): string {
  const main = path.join(root, 'dist', 'cli', 'main.js');
  if (!existsSync(main)) throw new BenchError('STAMPEDE_ERR_BENCH_USAGE', 'dist/cli/main.js is missing: run `npm run bench` (it builds first) or `npm run build`');
  const app = path.join(tmp, 'app');
  mkdirSync(app, { recursive: true });
  cpSync(path.join(root, 'dist'), path.join(app, 'dist'), { recursive: true });
  copyFileSync(path.join(root, 'package.json'), path.join(app, 'package.json'));
  symlinkSync(path.join(root, 'node_modules'), path.join(app, 'node_modules'), 'dir');
  return path.join(app, 'dist', 'cli', 'main.js');
}
