/**
 * Probing a rate-limited endpoint, two ways.
 *
 * The demo API lets `/api/limited` through 10 times a second (a token bucket shared by all clients)
 * and answers 429 with `Retry-After` above that. Both classes below send at a fixed rate with
 * `constantThroughput` (task starts per second, per user, whatever the response time):
 *
 * - `StrictClient` counts every 429 as a failure: the failure rate in the report is the share of
 *   traffic the limiter refused. Use this when a 429 means your capacity plan is wrong.
 * - `PoliteClient` accepts 429 (`okStatus: [200, 429]`), checks that it carries a usable
 *   `Retry-After`, and backs off for that long. A 429 without one is a failure: that is the bug
 *   this probe exists to catch.
 *
 * With 3 users of each at 4 requests/s, the limiter sees ~24 requests/s against 10 allowed:
 *   stampede -f examples/rate-limit.ts -H http://127.0.0.1:8000 -u 6 -r 6 -t 1m --headless
 */
import { HttpUser, constantThroughput, task, type Response } from 'stampede';

/** The first value of a response header, or undefined. */
function header(res: Response, name: string): string | undefined {
  const value = res.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

export class StrictClient extends HttpUser {
  waitTime = constantThroughput(4);

  @task
  async probe(): Promise<void> {
    // Only 200 is a success, so each 429 shows up as "HTTP 429" in the error report.
    await this.client.get('/api/limited', { name: '/api/limited (strict)', okStatus: 200 });
  }
}

export class PoliteClient extends HttpUser {
  waitTime = constantThroughput(4);

  /** Epoch ms before which this user sends nothing (set from Retry-After). */
  #backoffUntil = 0;

  @task
  async probe(): Promise<void> {
    if (Date.now() < this.#backoffUntil) return; // still backing off: skip this beat
    await this.client.get('/api/limited', {
      name: '/api/limited (polite)',
      okStatus: [200, 429],
      check: (res) => {
        if (res.status === 200) return true;
        // Retry-After is delay-seconds here (it may also be an HTTP date; the demo never sends one).
        const seconds = Number(header(res, 'retry-after'));
        if (!Number.isFinite(seconds) || seconds <= 0) return false;
        this.#backoffUntil = Date.now() + seconds * 1000;
        return true;
      },
    });
  }
}
