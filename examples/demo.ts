/**
 * The loadfile `npm run demo` runs against the demo API (src/demo): a realistic mix that touches
 * every endpoint, so each part of the report has something to show.
 *
 * - Browsers (most users) read: user lists and profiles, searches, and now and then the slow
 *   report, whose heavy tail (9 % at 200 ms, 1 % at 1–2 s) shows in the high percentiles.
 *   About 1 % of searches fail with HTTP 500, so the error report is not empty.
 * - Editors log in and create, update and delete users.
 * - Job runners submit async jobs and poll them; `measure` times the whole job.
 * - Integrators call the rate-limited endpoint and honour 429 + Retry-After.
 * - One monitor (fixedCount) checks /health once a second, whatever the user count.
 *
 * Run it by hand against a demo target on port 8000:
 *   stampede -f examples/demo.ts -H http://127.0.0.1:8000 -u 50 -r 10 -t 1m --headless
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { HttpUser, between, constantPacing, constantThroughput, tag, task, type Response } from 'stampede';

const SEEDED_USERS = 1000;
const SEARCH_TERMS = ['alice', 'invoice', 'refund', 'shipping', 'password reset', 'api key', 'export', 'billing'];

function randomInt(min: number, max: number): number {
  return min + Math.floor(Math.random() * (max - min + 1));
}

function pick<T>(items: readonly T[]): T {
  return items[Math.floor(Math.random() * items.length)] as T;
}

function firstHeader(res: Response, name: string): string | undefined {
  const v = res.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** Anonymous readers: the bulk of the traffic. */
export class Browser extends HttpUser {
  static weight = 6;
  waitTime = between(0.2, 1);

  @task(4)
  async listUsers(): Promise<void> {
    await this.client.get('/api/users', { query: { page: randomInt(1, 20), limit: 25 } });
  }

  @task(4)
  async viewUser(): Promise<void> {
    // Ids above 1000 do not exist: ~2 % of these views are expected 404s, so accept them.
    await this.client.get(`/api/users/${randomInt(1, SEEDED_USERS + 20)}`, { name: '/api/users/{id}', okStatus: [200, 404] });
  }

  @task(3)
  @tag('search')
  async search(): Promise<void> {
    await this.client.get('/api/search', { query: { q: pick(SEARCH_TERMS) } });
  }

  @task
  @tag('reports')
  async slowReport(): Promise<void> {
    await this.client.get('/api/reports/slow', { timeout: 5 });
  }
}

/** Back-office users: log in, then write. */
export class Editor extends HttpUser {
  static weight = 2;
  waitTime = between(0.5, 1.5);
  #created: number[] = [];

  async onStart(): Promise<void> {
    const res = await this.client.post('/api/auth/login', { json: { username: `editor-${randomInt(1, 9999)}`, password: 'demo' } });
    if (!res.ok) return this.stop();
    this.client.headers.authorization = `Bearer ${res.json<{ token: string }>().token}`;
  }

  @task(2)
  async create(): Promise<void> {
    const n = randomInt(1, 1_000_000);
    const res = await this.client.post('/api/users', { json: { name: `Demo ${n}`, email: `demo${n}@example.test` }, okStatus: 201 });
    if (res.ok) this.#created.push(res.json<{ id: number }>().id);
  }

  @task(2)
  async update(): Promise<void> {
    const id = this.#created.at(-1) ?? randomInt(1, SEEDED_USERS);
    await this.client.put(`/api/users/${id}`, { name: '/api/users/{id}', json: { email: `changed${randomInt(1, 999)}@example.test` } });
  }

  @task
  async remove(): Promise<void> {
    const id = this.#created.shift();
    if (id === undefined) return;
    await this.client.delete(`/api/users/${id}`, { name: '/api/users/{id}', okStatus: 204 });
  }
}

/** Submit an async job and wait for it. */
export class JobRunner extends HttpUser {
  static weight = 1;
  waitTime = between(1, 3);

  @task
  async runJob(): Promise<void> {
    await this.measure('job: submit and wait', async () => {
      const sub = await this.client.post('/api/async/simulate', { json: { kind: 'export' }, okStatus: 202 });
      if (!sub.ok) throw new Error(`submit failed: ${sub.error ?? 'unknown'}`);
      const { task_id } = sub.json<{ task_id: string }>();
      for (let poll = 0; poll < 40; poll++) {
        const res = await this.client.get(`/api/tasks/${task_id}`, { name: '/api/tasks/{task_id}' });
        if (res.ok && res.json<{ status: string }>().status === 'done') return;
        await sleep(100);
      }
      throw new Error(`job ${task_id} not done after 40 polls`);
    });
  }
}

/** A partner integration that is rate limited and handles it properly. */
export class Integrator extends HttpUser {
  static weight = 1;
  waitTime = constantThroughput(5);
  #quietUntil = 0;

  @task
  async callLimited(): Promise<void> {
    if (Date.now() < this.#quietUntil) return;
    await this.client.get('/api/limited', {
      okStatus: [200, 429],
      check: (res) => {
        if (res.status === 200) return true;
        const seconds = Number(firstHeader(res, 'retry-after'));
        if (!(seconds > 0)) return false; // a 429 must say when to come back
        this.#quietUntil = Date.now() + seconds * 1000;
        return true;
      },
    });
  }
}

/** Exactly one, whatever -u says: a heartbeat that shows the API stays up under load. */
export class Monitor extends HttpUser {
  static fixedCount = 1;
  waitTime = constantPacing(1);

  @task
  @tag('health')
  async health(): Promise<void> {
    await this.client.get('/health', { timeout: 2 });
  }
}
