/**
 * docs/errors.md and the code stay in step (fastify's rule): every error code in ERROR_CODES and
 * every exit code in EXIT is documented, nothing else is, and no code is used in src/ without
 * being in the table.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EXIT } from '../../src/cli/exit-codes.js';
import { ERROR_CODES } from '../../src/errors.js';

const doc = readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8');
const SRC = fileURLToPath(new URL('../../src/', import.meta.url));

/** The text under `## title`, up to the next `## ` heading. */
function section(title: string): string {
  const start = doc.indexOf(`\n## ${title}\n`);
  assert.ok(start >= 0, `docs/errors.md has no "## ${title}" section`);
  const next = doc.indexOf('\n## ', start + 1);
  return doc.slice(start, next < 0 ? undefined : next);
}

/** The first cell of each body row of the tables in `text` (header and separator rows skipped). */
function firstCells(text: string): string[] {
  return [...text.matchAll(/^\| ([^|]+?) \|/gm)].map((m) => m[1] as string).filter((c) => c !== 'code' && !/^-+$/.test(c));
}

function sorted<T>(values: Iterable<T>): T[] {
  return [...values].sort();
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

void test('the exit code table lists exactly the codes of src/cli/exit-codes.ts, once each', () => {
  const documented = firstCells(section('Exit codes')).map(Number);
  assert.deepEqual(documented, sorted(new Set(documented)), 'no exit code is listed twice; they are in order');
  assert.deepEqual(documented, Object.values(EXIT).sort((a, b) => a - b));
});

void test('the error code table lists exactly ERROR_CODES, once each, each with a valid exit code', () => {
  const rows = [...section('Error codes').matchAll(/^\| `(STAMPEDE_ERR_[A-Z_]+)` \| ([^|]+?) \| (.+) \|$/gm)];
  const documented = rows.map((m) => m[1] as string);
  assert.equal(new Set(documented).size, documented.length, `a code is listed twice: ${documented.join(', ')}`);
  assert.deepEqual(sorted(documented), sorted(Object.keys(ERROR_CODES)));
  const exits = new Set<string>([...Object.values(EXIT).map(String), '—']);
  for (const m of rows) {
    assert.ok(exits.has(m[2] as string), `${m[1]}: exit "${m[2]}" is an exit code of EXIT, or — (not a process exit)`);
    assert.ok((m[3] as string).trim().length > 20, `${m[1]} says what it means and what to do`);
  }
});

void test('every STAMPEDE_ERR_ code written in src/ is in ERROR_CODES', () => {
  const known = new Set(Object.keys(ERROR_CODES));
  const unknown: string[] = [];
  for (const file of sourceFiles(SRC)) {
    for (const m of readFileSync(file, 'utf8').matchAll(/STAMPEDE_ERR_[A-Z_]*[A-Z]/g)) {
      if (!known.has(m[0])) unknown.push(`${file.slice(SRC.length)}: ${m[0]}`);
    }
  }
  assert.deepEqual(unknown, []);
});
