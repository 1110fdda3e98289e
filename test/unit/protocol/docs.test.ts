/** docs/protocol.md and src/protocol stay in step: every message, field, close code and error code. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { LIMITS, MASTER_SPECS, MAX_FRAME_BYTES, PROTOCOL_VERSION, WORKER_SPECS, closeCodeTable, type AnyMessage } from '../../../src/protocol/index.js';
import { masterSamples, workerSamples } from './fixtures.js';

const doc = readFileSync(new URL('../../../docs/protocol.md', import.meta.url), 'utf8');

/** The text of `### \`tag\`` up to the next heading. */
function section(tag: string): string {
  const start = doc.indexOf(`### \`${tag}\`\n`);
  assert.ok(start >= 0, `docs/protocol.md has no section for ${tag}`);
  const next = doc.indexOf('\n#', start + 1);
  return doc.slice(start, next < 0 ? undefined : next);
}

test('every message has a section naming each of its fields, and a row in the overview', () => {
  const samples: AnyMessage[] = [...workerSamples(), ...masterSamples()];
  for (const spec of [...WORKER_SPECS, ...MASTER_SPECS]) {
    const text = section(spec.tag);
    const arrow = spec.direction === 'worker-to-master' ? 'worker → master' : 'master → worker';
    assert.match(doc, new RegExp(`\\| \`${spec.tag}\` \\| ${arrow} \\|`), `overview row for ${spec.tag}`);
    assert.ok(text.toLowerCase().includes(arrow), `${spec.tag} section states its direction`);
    const sample = samples.find((m) => m.t === spec.tag);
    assert.ok(sample !== undefined, spec.tag);
    for (const field of Object.keys(sample)) {
      assert.ok(text.includes(`\`${field}\``) || (field === 't' && text.includes('`t` only')), `${spec.tag}.${field} is documented`);
    }
  }
  // plan.options and the snapshot fields are documented too.
  for (const f of ['tags', 'excludeTags', 'stopTimeoutMs']) assert.ok(section('plan').includes(`\`${f}\``), f);
  for (const f of ['start', 'end', 'entries', 'errors', 'exceptions', 'method', 'name', 'count', 'failures', 'sumUs', 'minUs', 'maxUs', 'bytes', 'status', 'hist', 'schedHist', 'firstSeen', 'lastSeen', 'message', 'traceback']) {
    assert.ok(section('report').includes(`\`${f}\``), `snapshot field ${f}`);
  }
});

test('every close code and protocol error code is documented, and nothing else', () => {
  for (const row of closeCodeTable()) {
    assert.match(doc, new RegExp(`\\| ${row.code} \\| \`${row.name}\` \\|`), `close code ${row.code}`);
  }
  const documented = [...doc.matchAll(/^\| (\d{4}) \| `/gm)].map((m) => Number(m[1]));
  assert.deepStrictEqual(documented, closeCodeTable().map((r) => r.code));
  for (const code of ['STAMPEDE_ERR_PROTOCOL_BAD_FRAME', 'STAMPEDE_ERR_PROTOCOL_UNKNOWN_TYPE', 'STAMPEDE_ERR_PROTOCOL_VERSION']) {
    assert.ok(doc.includes(`| \`${code}\` |`), code);
  }
  assert.ok(doc.includes('HTTP 401'));
});

test('the numbers on the page are the numbers in the code', () => {
  assert.ok(doc.includes(`Protocol version: **${PROTOCOL_VERSION}**`));
  assert.ok(doc.includes(`${MAX_FRAME_BYTES.toLocaleString('en').replace(/,/g, ' ')} bytes`));
  const limits = doc.slice(doc.indexOf('## Limits'), doc.indexOf('## Versioning'));
  const fmt = (n: number): string =>
    n % (1024 * 1024) === 0 ? `${n / (1024 * 1024)} MiB` : n >= 10_000 ? n.toLocaleString('en').replace(/,/g, ' ') : String(n);
  for (const [name, n] of Object.entries(LIMITS)) assert.ok(new RegExp(`[ |–]${fmt(n)}[ |]`).test(limits), `LIMITS.${name} = ${fmt(n)} is in the Limits table`);
});
