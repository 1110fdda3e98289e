/**
 * What counts as a failure: each task hits a path whose answer the test server fixes, with a
 * different okStatus or check. The comments say the verdict each one must get.
 */
import { HttpUser, constant, task } from 'stampede';

export class VerdictUser extends HttpUser {
  waitTime = constant(0.01);

  /** 418 with okStatus 418: a success. */
  @task
  async teapot(): Promise<void> {
    await this.client.get('/teapot', { okStatus: 418 });
  }

  /** 404 with the default okStatus (200–399): `HTTP 404`. */
  @task
  async missing(): Promise<void> {
    await this.client.get('/missing');
  }

  /** 201 when only 200 or 204 will do: `HTTP 201`. */
  @task
  async created(): Promise<void> {
    await this.client.post('/created', { okStatus: [200, 204] });
  }

  /** 503 accepted by a predicate: a success. */
  @task
  async predicate(): Promise<void> {
    await this.client.get('/predicate', { okStatus: (s) => s === 503 });
  }

  /** 200 with `{"ok":false}`, the check wants ok: `check failed`. */
  @task
  async checked(): Promise<void> {
    await this.client.get('/checked', { check: (r) => r.json<{ ok: boolean }>().ok });
  }

  /** 200 with a body that is not JSON, read as JSON by the check: `check threw: …`. */
  @task
  async notJson(): Promise<void> {
    await this.client.get('/not-json', { check: (r) => r.json<{ ok: boolean }>().ok });
  }

  /** 500 not checked (check runs only on an ok status): `HTTP 500`. */
  @task
  async broken(): Promise<void> {
    await this.client.get('/broken', { check: () => true });
  }
}
