/**
 * Login + CRUD: the most common API load test.
 *
 * Every virtual user logs in once (onStart) and keeps its bearer token in the client's default
 * headers, then mixes reads and writes: listing is three times as frequent as any other task.
 * Users it creates are kept in a small per-user list, so updates and deletes hit real records
 * instead of someone else's (or nobody's).
 *
 * Against the demo API (src/demo; `npm run demo` starts one):
 *   stampede -f examples/crud.ts -H http://127.0.0.1:8000 -u 50 -r 10 -t 2m --headless
 */
import { HttpUser, between, task } from 'stampede';

interface User {
  id: number;
  name: string;
  email: string;
}

/** How many users the demo API has before anyone creates one (ids 1..1000). */
const SEEDED_USERS = 1000;

function randomInt(min: number, max: number): number {
  return min + Math.floor(Math.random() * (max - min + 1));
}

export class CrudUser extends HttpUser {
  // Think time between tasks, in seconds, like a person clicking through an admin UI.
  waitTime = between(0.5, 1.5);

  /** Ids this user created and has not deleted yet (newest last). */
  #mine: number[] = [];

  async onStart(): Promise<void> {
    const res = await this.client.post('/api/auth/login', {
      json: { username: `loadtest-${randomInt(1, 1_000_000)}`, password: 'correct horse battery staple' },
      check: (r) => typeof r.json<{ token?: unknown }>().token === 'string',
    });
    if (!res.ok) {
      // Without a token every write would be a 401: stop this user (the failed login is recorded).
      this.stop();
      return;
    }
    this.client.headers.authorization = `Bearer ${res.json<{ token: string }>().token}`;
  }

  @task(3)
  async listUsers(): Promise<void> {
    // The query string is not part of the recorded name: every page is grouped under /api/users.
    await this.client.get('/api/users', { query: { page: randomInt(1, 50), limit: 20 } });
  }

  @task
  async getUser(): Promise<void> {
    // Many URLs, one row in the report: group them with `name`.
    await this.client.get(`/api/users/${randomInt(1, SEEDED_USERS)}`, { name: '/api/users/{id}' });
  }

  @task
  async createUser(): Promise<void> {
    const n = randomInt(1, 1_000_000);
    const res = await this.client.post('/api/users', {
      json: { name: `Load Test ${n}`, email: `load.test.${n}@example.test` },
      okStatus: 201,
      // A 201 without an id is still a broken API: count it as a failure.
      check: (r) => Number.isInteger(r.json<Partial<User>>().id),
    });
    if (res.ok) this.#mine.push(res.json<User>().id);
  }

  @task
  async updateUser(): Promise<void> {
    const id = this.#mine.at(-1);
    if (id === undefined) return this.createUser(); // nothing of ours to edit yet
    await this.client.put(`/api/users/${id}`, {
      name: '/api/users/{id}',
      json: { name: `Renamed ${randomInt(1, 1_000_000)}` },
      check: (r) => r.json<User>().id === id,
    });
  }

  @task
  async deleteUser(): Promise<void> {
    const id = this.#mine.pop();
    if (id === undefined) return;
    // 204 No Content is the only right answer; a 200 would mean the API changed.
    await this.client.delete(`/api/users/${id}`, { name: '/api/users/{id}', okStatus: 204 });
  }

  async onStop(): Promise<void> {
    // Leave the system as we found it: remove what this user created.
    for (let id = this.#mine.pop(); id !== undefined; id = this.#mine.pop()) {
      await this.client.delete(`/api/users/${id}`, { name: '/api/users/{id} (cleanup)', okStatus: [204, 404] });
    }
  }
}
