/**
 * Submit an async job, then poll until it is done.
 *
 * The individual requests are recorded as usual (`POST /api/async/simulate`, and every poll under
 * the one name `/api/tasks/{task_id}`), and `this.measure()` adds a row named
 * `job: submit and wait` whose latency is the whole wait a real client sees: submit + all polls.
 * A job that fails or never finishes makes that row fail; measure() rethrows the error, so it also
 * appears in the exceptions report with its stack.
 *
 * Budgets users usually set for this flow: p95 of the submit under 500 ms, p95 of a poll under
 * 100 ms, and the whole job under a few seconds.
 *
 *   stampede -f examples/async-job.ts -H http://127.0.0.1:8000 -u 20 -r 5 -t 2m --headless
 *   stampede -f examples/async-job.ts -H http://127.0.0.1:8000 --tags health ...   # only the health check
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { HttpUser, between, tag, task } from 'stampede';

/** Poll every 100 ms, and give up after 50 polls (5 s and more): every loop has a bound. */
const POLL_INTERVAL_MS = 100;
const MAX_POLLS = 50;

interface TaskStatus {
  task_id: string;
  status: 'pending' | 'done';
}

export class JobUser extends HttpUser {
  waitTime = between(1, 2);

  @task(5)
  async submitAndWait(): Promise<void> {
    await this.measure('job: submit and wait', async () => {
      const submitted = await this.client.post('/api/async/simulate', {
        json: { report: 'monthly-usage', format: 'csv' },
        okStatus: 202,
        check: (r) => typeof r.json<{ task_id?: unknown }>().task_id === 'string',
      });
      if (!submitted.ok) throw new Error(`submit failed: ${submitted.error ?? 'unknown'}`);
      const { task_id } = submitted.json<{ task_id: string }>();

      for (let poll = 1; poll <= MAX_POLLS; poll++) {
        const res = await this.client.get(`/api/tasks/${task_id}`, {
          name: '/api/tasks/{task_id}',
          check: (r) => r.json<TaskStatus>().task_id === task_id,
        });
        if (res.ok && res.json<TaskStatus>().status === 'done') return;
        await sleep(POLL_INTERVAL_MS);
      }
      throw new Error(`job ${task_id} was not done after ${MAX_POLLS} polls`);
    });
  }

  @task
  @tag('health')
  async health(): Promise<void> {
    // A tagged task: `--tags health` runs only this, `--exclude-tags health` everything else.
    await this.client.get('/health', { timeout: 2 });
  }
}
