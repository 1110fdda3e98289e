/**
 * docs/cli.md and the options schema (src/cli/schema.ts) stay in step: every flag has a row with
 * its alias, its env var and its default, and the tables list no flag the CLI does not have.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { OPTION_DEFS, envOf, type OptionDef } from '../../src/cli/schema.js';

const doc = readFileSync(new URL('../../docs/cli.md', import.meta.url), 'utf8');

/** Table rows whose first cell names flags: `| \`-u\`, \`--users\` | env | default | meaning |`. */
function flagRows(): Map<string, string[]> {
  const rows = new Map<string, string[]>();
  for (const line of doc.split('\n')) {
    if (!line.startsWith('| `-')) continue;
    const cells = line.split(' | ').map((c) => c.replace(/^\| /, '').replace(/ \|$/, '').trim());
    const long = /`--([a-z0-9-]+)`/.exec(cells[0] ?? '')?.[1];
    if (long !== undefined) rows.set(long, cells);
  }
  return rows;
}

function documentedDefault(def: OptionDef): string {
  const d = def.default;
  if (d === undefined || (Array.isArray(d) && d.length === 0)) return '—';
  return `\`${Array.isArray(d) ? d.join(',') : String(d)}\``;
}

void test('every flag of OPTION_DEFS has a row in docs/cli.md with its alias, env var and default', () => {
  const rows = flagRows();
  for (const def of OPTION_DEFS as readonly OptionDef[]) {
    const cells = rows.get(def.flag);
    assert.ok(cells !== undefined, `docs/cli.md has no row for --${def.flag}`);
    const [names, env, dflt] = cells;
    if (def.alias !== undefined) assert.ok(names?.includes(`\`-${def.alias}\``), `--${def.flag}: alias -${def.alias} is documented (row: ${names})`);
    assert.equal(env, `\`${envOf(def.flag)}\``, `--${def.flag}: env var`);
    assert.equal(dflt, documentedDefault(def), `--${def.flag}: default`);
  }
});

void test('docs/cli.md lists no flag that the schema does not have', () => {
  const known = new Set<string>(OPTION_DEFS.map((d) => d.flag));
  const extra = [...flagRows().keys()].filter((flag) => !known.has(flag));
  assert.deepEqual(extra, [], 'flags in docs/cli.md that src/cli/schema.ts does not define');
});
