/** The POST /api/run body: accepted forms, and every refusal naming its field (table tests). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HttpError } from '../../../src/master/http/reply.js';
import { parseRunBody, type RunRequest } from '../../../src/master/http/run-body.js';

const CLASSES = ['Reader', 'Writer'];

void test('accepted bodies: durations like -t, numbers as seconds, null for no limit, classes deduplicated', () => {
  const cases: [unknown, RunRequest][] = [
    [{}, {}],
    [{ users: 10, spawnRate: 2 }, { users: 10, spawnRate: 2 }],
    [{ users: 0 }, { users: 0 }],
    [{ spawnRate: 0.5 }, { spawnRate: 0.5 }],
    [{ runTime: '1h30m' }, { runTimeMs: 5_400_000 }],
    [{ runTime: '250ms' }, { runTimeMs: 250 }],
    [{ runTime: 90 }, { runTimeMs: 90_000 }],
    [{ runTime: '20' }, { runTimeMs: 20_000 }],
    [{ runTime: null }, { runTimeMs: null }],
    [{ host: 'https://api.example.com:8443' }, { host: 'https://api.example.com:8443' }],
    [{ classes: ['Writer', 'Writer'] }, { classes: ['Writer'] }],
    [{ arrivalRate: 12.5, maxUsers: 40 }, { arrivalRate: 12.5, maxUsers: 40 }],
    [{ users: 3, runTime: undefined }, { users: 3 }],
  ];
  for (const [body, want] of cases) assert.deepEqual(parseRunBody(body, CLASSES), want, JSON.stringify(body));
});

void test('without known class names, any non-empty names pass', () => {
  assert.deepEqual(parseRunBody({ classes: ['Anything'] }), { classes: ['Anything'] });
});

function problems(body: unknown): { field: string; message: string }[] {
  try {
    parseRunBody(body, CLASSES);
  } catch (err) {
    assert.ok(err instanceof HttpError);
    assert.equal(err.status, 400);
    assert.equal(err.code, 'STAMPEDE_ERR_USAGE');
    assert.equal(err.message, err.problems.map((p) => p.message).join('; '));
    return [...err.problems];
  }
  assert.fail(`${JSON.stringify(body)} was accepted`);
}

void test('refused bodies: every problem at once, each message naming its field and the rule', () => {
  const cases: [unknown, [string, RegExp][]][] = [
    [null, [['', /must be a JSON object/]]],
    ['users=1', [['', /must be a JSON object/]]],
    [[{ users: 1 }], [['', /must be a JSON object/]]],
    [{ users: -1 }, [['users', /^users must be at least 0, got -1$/]]],
    [{ users: 2.5 }, [['users', /^users must be a whole number, got 2.5$/]]],
    [{ users: '5' }, [['users', /^users must be a number, got "5"$/]]],
    [{ users: 10_000_001 }, [['users', /at most 10000000/]]],
    [{ spawnRate: 0 }, [['spawnRate', /^spawnRate must be at least 0.001, got 0$/]]],
    [{ spawnRate: Number.NaN }, [['spawnRate', /must be a number/]]],
    [{ runTime: '3 weeks' }, [['runTime', /^runTime '3 weeks': use seconds \(20\) or units such as 20s, 3m, 1h30m, 250ms$/]]],
    [{ runTime: -5 }, [['runTime', /runTime '-5'/]]],
    [{ runTime: '0s' }, [['runTime', /longer than 0/]]],
    [{ runTime: true }, [['runTime', /must be seconds/]]],
    [{ host: 'localhost:8000' }, [['host', /absolute http\(s\) URL/]]],
    [{ host: 42 }, [['host', /absolute http\(s\) URL/]]],
    [{ classes: 'Reader' }, [['classes', /non-empty list/]]],
    [{ classes: ['Reader', ''] }, [['classes', /non-empty list/]]],
    [{ classes: ['Admin', 'Ghost'] }, [['classes', /unknown user classes 'Admin', 'Ghost': the loadfile defines Reader, Writer/]]],
    [{ arrivalRate: 0 }, [['arrivalRate', /more than 0/]]],
    [{ arrivalRate: 5, users: 5 }, [['users', /exclude each other/]]],
    [{ maxUsers: 5 }, [['maxUsers', /give it with arrivalRate/]]],
    [{ arrivalRate: 5, maxUsers: 0 }, [['maxUsers', /at least 1/]]],
    [{ user: 5 }, [['user', /unknown field 'user': use users, spawnRate, runTime, host, classes, arrivalRate, maxUsers/]]],
    [
      { users: -1, spawnRate: 'fast', host: 'nope', extra: 1 },
      [
        ['extra', /unknown field/],
        ['users', /at least 0/],
        ['spawnRate', /must be a number/],
        ['host', /absolute/],
      ],
    ],
  ];
  for (const [body, want] of cases) {
    const got = problems(body);
    assert.deepEqual(got.map((p) => p.field), want.map(([f]) => f), JSON.stringify(body));
    want.forEach(([, re], i) => assert.match(got[i]!.message, re, JSON.stringify(body)));
  }
});
