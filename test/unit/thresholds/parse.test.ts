import { test } from 'node:test';
import assert from 'node:assert/strict';
import { codeOf } from '../../../src/errors.js';
import { metricLabel, parseLoadfileThresholds, parseThresholdText, parseThresholdTexts, type Threshold } from '../../../src/master/thresholds/index.js';

type Core = Pick<Threshold, 'metric' | 'q' | 'op' | 'value' | 'unit'>;

function core(t: Threshold): Core {
  return { metric: t.metric, q: t.q, op: t.op, value: t.value, unit: t.unit };
}

void test('every metric, operator and unit form', () => {
  const cases: [string, Core][] = [
    ['p(95)<500', { metric: 'p', q: 0.95, op: '<', value: 500, unit: 'ms' }],
    ['p(99.9)<1000', { metric: 'p', q: 0.999, op: '<', value: 1000, unit: 'ms' }],
    ['p(50) <= 1.5s', { metric: 'p', q: 0.5, op: '<=', value: 1500, unit: 'ms' }],
    ['p(100)<2m', { metric: 'p', q: 1, op: '<', value: 120_000, unit: 'ms' }],
    ['avg<200', { metric: 'avg', q: null, op: '<', value: 200, unit: 'ms' }],
    ['avg<200ms', { metric: 'avg', q: null, op: '<', value: 200, unit: 'ms' }],
    ['med>=.5', { metric: 'med', q: null, op: '>=', value: 0.5, unit: 'ms' }],
    ['min>250us', { metric: 'min', q: null, op: '>', value: 0.25, unit: 'ms' }],
    ['max<0.75s', { metric: 'max', q: null, op: '<', value: 750, unit: 'ms' }],
    ['rps>100', { metric: 'rps', q: null, op: '>', value: 100, unit: '/s' }],
    ['rps>=12.5/s', { metric: 'rps', q: null, op: '>=', value: 12.5, unit: '/s' }],
    ['fail_ratio<0.01', { metric: 'fail_ratio', q: null, op: '<', value: 0.01, unit: 'ratio' }],
    ['rate<0.01', { metric: 'fail_ratio', q: null, op: '<', value: 0.01, unit: 'ratio' }],
    ['fail_ratio<=2.5%', { metric: 'fail_ratio', q: null, op: '<=', value: 0.025, unit: 'ratio' }],
    ['count>1000', { metric: 'count', q: null, op: '>', value: 1000, unit: 'count' }],
    ['count==0', { metric: 'count', q: null, op: '==', value: 0, unit: 'count' }],
  ];
  for (const [text, want] of cases) {
    const t = parseThresholdText(text);
    assert.deepEqual(core(t), want, text);
    assert.equal(t.scope, null, text);
    assert.equal(t.expression, text, text);
    assert.equal(t.origin, 'cli');
    assert.equal(t.abortOnFail, false);
  }
  assert.equal(metricLabel('p', 0.999), 'p(99.9)');
  assert.equal(metricLabel('p', 0.95), 'p(95)');
});

void test('scopes: METHOD NAME before the last colon; names may hold colons and spaces', () => {
  const t = parseThresholdText('GET /api/tasks/{id}: p(95)<100');
  assert.deepEqual(t.scope, { method: 'GET', name: '/api/tasks/{id}' });
  assert.equal(t.expression, 'p(95)<100');
  assert.deepEqual(parseThresholdText('post /a:b/c:count>1').scope, { method: 'POST', name: '/a:b/c' });
  assert.deepEqual(parseThresholdText('measure db query : avg<5').scope, { method: 'measure', name: 'db query' });
});

void test('abortOnFail and delayAbortEval after the expression', () => {
  const t = parseThresholdText('GET /x: p(95)<500 abortOnFail delayAbortEval=10s');
  assert.equal(t.abortOnFail, true);
  assert.equal(t.delayAbortEvalMs, 10_000);
  assert.equal(t.expression, 'p(95)<500');
  assert.equal(parseThresholdText('avg<1 abortOnFail=false').abortOnFail, false);
  assert.equal(parseThresholdText('avg<1 delayAbortEval=1m30s abortOnFail=true').delayAbortEvalMs, 90_000);
});

/** Asserts a STAMPEDE_ERR_THRESHOLD whose message holds `part` and a caret at column `caretAt` of the text. */
function rejects(text: string, part: string, caretAt?: number): void {
  assert.throws(
    () => parseThresholdText(text),
    (err: unknown) => {
      assert.equal(codeOf(err), 'STAMPEDE_ERR_THRESHOLD', text);
      const msg = (err as Error).message;
      assert.ok(msg.includes(part), `"${part}" not in:\n${msg}`);
      assert.ok(msg.includes(`invalid threshold ${JSON.stringify(text)} (--threshold)`), msg);
      if (caretAt !== undefined) {
        const lines = msg.split('\n');
        const at = lines.indexOf(`  ${text}`);
        assert.ok(at >= 0, msg);
        assert.equal(lines[at + 1], `  ${' '.repeat(caretAt)}^`, `caret for ${text}:\n${msg}`);
      }
      return true;
    },
  );
}

void test('bad expressions: clear errors with a caret under the bad part', () => {
  rejects('p(95)<50x', "unknown unit 'x' for p(N)", 8);
  rejects('p95<500', "unknown metric 'p'", 0);
  rejects('p()<500', 'p(N) needs a percentile N from 0 to 100', 2);
  rejects('p(101)<500', 'p(N) needs a percentile N from 0 to 100', 2);
  rejects('p(95<500', 'closing parenthesis', 2);
  rejects('avgg<200', "unknown metric 'avgg'", 0);
  rejects('avg=200', "'=' alone is not one: write ==", 3);
  rejects('avg!=200', 'expected a comparison', 3);
  rejects('avg<', 'expected a number', 4);
  rejects('avg<-5', 'expected a number', 4);
  rejects('rps>100ms', "unknown unit 'ms' for rps", 7);
  rejects('count>10s', "unknown unit 's' for count", 8);
  rejects('fail_ratio<5', 'write 5% for a percentage', 11);
  rejects('fail_ratio<0.1ms', "unknown unit 'ms' for fail_ratio", 14);
  rejects('avg<200 abortOnFial', "unexpected 'abortOnFial'", 8);
  rejects('avg<200 delayAbortEval=soon', 'delayAbortEval needs a duration', 23);
  rejects('avg<200)', 'unexpected text after the threshold value', 7);
  rejects('/api/x: avg<200', "the scope before ':' must be 'METHOD NAME'", 0);
  rejects('', 'a metric is missing', 0);
});

void test('several bad --threshold values are reported at once', () => {
  assert.throws(
    () => parseThresholdTexts(['p(95)<500', 'avgg<1', 'rps>1ms']),
    (err: unknown) => codeOf(err) === 'STAMPEDE_ERR_THRESHOLD' && /avgg/.test((err as Error).message) && /rps>1ms/.test((err as Error).message),
  );
  assert.equal(parseThresholdTexts(['p(95)<500', 'GET /a: count>1']).length, 2);
});

void test('the loadfile form: global and METHOD NAME keys, strings and objects', () => {
  const ts = parseLoadfileThresholds({
    'GET /api/tasks/{id}': ['p(95)<100'],
    global: ['fail_ratio<0.01', { threshold: 'p(95)<500', abortOnFail: true, delayAbortEval: '10s' }],
    'post /api/login': 'rps>5',
  });
  assert.deepEqual(
    ts.map((t) => [t.scope === null ? 'global' : `${t.scope.method} ${t.scope.name}`, t.expression, t.abortOnFail, t.delayAbortEvalMs, t.origin]),
    [
      ['GET /api/tasks/{id}', 'p(95)<100', false, 0, 'loadfile'],
      ['global', 'fail_ratio<0.01', false, 0, 'loadfile'],
      ['global', 'p(95)<500', true, 10_000, 'loadfile'],
      ['POST /api/login', 'rps>5', false, 0, 'loadfile'],
    ],
  );
  assert.deepEqual(parseLoadfileThresholds(undefined), []);
});

void test('the loadfile form: every bad entry is named by its key and index', () => {
  const bad = {
    Aggregated: ['p(95)<1'],
    global: ['p(95)<1', 'avg<1x', 42, { threshold: 'avg<1', abortOnFial: true }, { threshold: 'avg<1', abortOnFail: 'yes' }, { threshold: 'avg<1', delayAbortEval: 'later' }],
    'GET /x': ['GET /x: p(95)<1', 'avg<1 abortOnFail'],
  };
  try {
    parseLoadfileThresholds(bad);
    assert.fail('should throw');
  } catch (err) {
    assert.equal(codeOf(err), 'STAMPEDE_ERR_THRESHOLD');
    const msg = (err as Error).message;
    for (const part of [
      "invalid thresholds key 'Aggregated'",
      'loadfile thresholds["global"][1]',
      "unknown unit 'x'",
      'loadfile thresholds["global"][2]): expected a string',
      "unknown key 'abortOnFial'",
      'abortOnFail must be true or false',
      'delayAbortEval needs a duration',
      'the endpoint goes in the key',
      'use the object form for abortOnFail',
    ]) {
      assert.ok(msg.includes(part), `"${part}" not in:\n${msg}`);
    }
  }
});
