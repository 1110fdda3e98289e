import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HttpUser, tag, task } from '../../../src/index.js';
import { describeUserClass, filterTasksByTags, isUserClass } from '../../../src/scenario/index.js';
import { isAbstractUserClass } from '../../../src/scenario/discover.js';

const loadfileError = (pattern: RegExp) => (err: unknown): boolean => {
  assert.equal((err as { code?: unknown }).code, 'STAMPEDE_ERR_LOADFILE');
  assert.match((err as Error).message, pattern);
  return true;
};

test('decorators: @task, @task(n) and @tag in either order give names, weights and tags', () => {
  class ApiUser extends HttpUser {
    static weight = 3;
    static host = 'http://127.0.0.1:9';
    @task(3) async listUsers(): Promise<void> {}
    @task @tag('read') async getUser(): Promise<void> {}
    @tag('write', 'slow') @task(2) async create(): Promise<void> {}
    async helper(): Promise<void> {}
  }
  const info = describeUserClass(ApiUser);
  assert.equal(info.name, 'ApiUser');
  assert.equal(info.weight, 3);
  assert.equal(info.fixedCount, 0);
  assert.equal(info.host, 'http://127.0.0.1:9');
  assert.equal(info.ctor, ApiUser);
  assert.deepEqual(info.tasks, [
    { name: 'listUsers', weight: 3, tags: [] },
    { name: 'getUser', weight: 1, tags: ['read'] },
    { name: 'create', weight: 2, tags: ['write', 'slow'] },
  ]);
});

test('decorators: defaults are weight 1, fixedCount 0, no host', () => {
  class Plain extends HttpUser {
    @task async a(): Promise<void> {}
  }
  const info = describeUserClass(Plain);
  assert.deepEqual([info.weight, info.fixedCount, info.host], [1, 0, undefined]);
});

test('static tasks: object with weights or {weight, tags}, and arrays, for plain JS', () => {
  class ObjUser extends HttpUser {
    static tasks = { listUsers: 3, getUser: { weight: 2, tags: ['read'] }, other: {} };
    static fixedCount = 2;
    async listUsers(): Promise<void> {}
    async getUser(): Promise<void> {}
    async other(): Promise<void> {}
  }
  const info = describeUserClass(ObjUser);
  assert.equal(info.fixedCount, 2);
  assert.deepEqual(info.tasks, [
    { name: 'listUsers', weight: 3, tags: [] },
    { name: 'getUser', weight: 2, tags: ['read'] },
    { name: 'other', weight: 1, tags: [] },
  ]);
  class ArrUser extends HttpUser {
    static tasks = ['a', 'b'];
    a(): void {}
    b(): void {}
  }
  assert.deepEqual(describeUserClass(ArrUser).tasks.map((t) => [t.name, t.weight]), [['a', 1], ['b', 1]]);
});

test('inheritance: parent tasks are kept, an override keeps the @task, the subclass may add tasks', () => {
  class Base extends HttpUser {
    static abstract = true;
    @task(2) async a(): Promise<void> {}
    @task async b(): Promise<void> {}
  }
  class Child extends Base {
    override async a(): Promise<void> {}
    @task(5) async c(): Promise<void> {}
  }
  assert.equal(isAbstractUserClass(Base), true);
  assert.equal(isAbstractUserClass(Child), false, 'abstract is not inherited');
  assert.deepEqual(describeUserClass(Child).tasks.map((t) => `${t.name}:${t.weight}`), ['c:5', 'a:2', 'b:1']);
});

test('isUserClass: subclasses only', () => {
  class U extends HttpUser {}
  assert.equal(isUserClass(U), true);
  assert.equal(isUserClass(HttpUser), false);
  assert.equal(isUserClass(class {}), false);
  assert.equal(isUserClass({}), false);
  assert.equal(isUserClass(() => 1), false);
});

test('a class with no tasks is a STAMPEDE_ERR_LOADFILE that says what to do', () => {
  class Empty extends HttpUser {
    async notATask(): Promise<void> {}
  }
  assert.throws(() => describeUserClass(Empty), loadfileError(/Empty has no tasks: decorate methods with @task.*static abstract = true/));
});

test('bad statics and tables are STAMPEDE_ERR_LOADFILE', () => {
  class W0 extends HttpUser {
    static weight = 0;
    @task a(): void {}
  }
  assert.throws(() => describeUserClass(W0), loadfileError(/W0: static weight: a task weight must be a whole number of 1 or more; got 0/));
  class F extends HttpUser {
    static fixedCount = 1.5;
    @task a(): void {}
  }
  assert.throws(() => describeUserClass(F), loadfileError(/static fixedCount must be a whole number/));
  class H extends HttpUser {
    static host = 'localhost:8000';
    @task a(): void {}
  }
  assert.throws(() => describeUserClass(H), loadfileError(/static host must be an http:\/\/ or https:\/\/ URL; got "localhost:8000"/));
  class Both extends HttpUser {
    static tasks = { b: 1 };
    @task a(): void {}
    b(): void {}
  }
  assert.throws(() => describeUserClass(Both), loadfileError(/both @task methods and static tasks/));
  class Missing extends HttpUser {
    static tasks = { nope: 1 };
  }
  assert.throws(() => describeUserClass(Missing), loadfileError(/static tasks.nope: the class has no method nope/));
  class BadTable extends HttpUser {
    static tasks = 'a';
    a(): void {}
  }
  assert.throws(() => describeUserClass(BadTable), loadfileError(/static tasks must be/));
});

test('decorator misuse throws at class definition', () => {
  assert.throws(() => task(0), loadfileError(/whole number of 1 or more; got 0/));
  assert.throws(() => task(1.5), loadfileError(/got 1.5/));
  assert.throws(() => tag(''), loadfileError(/non-empty string/));
  assert.throws(() => {
    class S extends HttpUser {
      @task static s(): void {}
    }
    return S;
  }, loadfileError(/public, non-static methods/));
  assert.throws(() => {
    class P extends HttpUser {
      @task #p(): void {}
      q(): void {
        this.#p();
      }
    }
    return P;
  }, loadfileError(/#private/));
  assert.throws(() => {
    class Twice extends HttpUser {
      @task @task(2) a(): void {}
    }
    return Twice;
  }, loadfileError(/twice/));
  // A legacy (experimentalDecorators) call passes (prototype, key, descriptor).
  assert.throws(() => (task as unknown as (...a: unknown[]) => void)({}, 'a', {}), loadfileError(/experimentalDecorators/));
  assert.throws(() => (task(2) as unknown as (...a: unknown[]) => void)({}, 'a', {}), loadfileError(/experimentalDecorators/));
});

test('filterTasksByTags: --tags keeps any match, --exclude-tags drops any match', () => {
  const tasks = [
    { name: 'a', weight: 1, tags: ['read'] },
    { name: 'b', weight: 1, tags: ['write'] },
    { name: 'c', weight: 1, tags: ['read', 'slow'] },
    { name: 'd', weight: 1, tags: [] },
  ];
  const names = (t: { name: string }[]): string[] => t.map((x) => x.name);
  assert.deepEqual(names(filterTasksByTags(tasks)), ['a', 'b', 'c', 'd']);
  assert.deepEqual(names(filterTasksByTags(tasks, ['read'])), ['a', 'c']);
  assert.deepEqual(names(filterTasksByTags(tasks, ['read', 'write'])), ['a', 'b', 'c']);
  assert.deepEqual(names(filterTasksByTags(tasks, undefined, ['slow'])), ['a', 'b', 'd']);
  assert.deepEqual(names(filterTasksByTags(tasks, ['read'], ['slow'])), ['a']);
  assert.deepEqual(names(filterTasksByTags(tasks, [], [])), ['a', 'b', 'c', 'd']);
});

test('client, stop() and measure() before the user runs say where to use them', () => {
  class U extends HttpUser {
    @task a(): void {}
  }
  const u = new U();
  assert.throws(() => u.client, loadfileError(/U.client was used before the user started/));
  assert.throws(() => u.stop(), loadfileError(/U.stop\(\) was used before/));
});
