import type { Prng } from './prng.js';
import { errorReply } from './reply.js';
import type { Router } from './router.js';
import type { TokenBucket } from './token-bucket.js';

/** Every n-th request to `/api/search` (n = 100, 200, …) answers 500: exactly 1 %. */
export const SEARCH_FAILURE_EVERY = 100;

/**
 * The latency of the n-th request (1-based) to `/api/reports/slow`, a heavy tail with known shares:
 * n % 100 == 0 → 1–2 s (1 %); else n % 10 == 0 → 200 ms (9 %); else 20–40 ms (90 %).
 */
export function slowReportDelayMs(n: number, prng: Prng): number {
  if (n % 100 === 0) return prng.between(1000, 2000);
  if (n % 10 === 0) return 200;
  return prng.between(20, 40);
}

export interface MiscDeps {
  prng: Prng;
  bucket: TokenBucket;
}

/** `/health`, `/api/reports/slow`, `/api/search` and `/api/limited`. */
export function addMiscRoutes(router: Router, deps: MiscDeps): void {
  const { prng, bucket } = deps;
  let slowCount = 0;
  let searchCount = 0;

  router.add('GET', '/health', () => ({ status: 200, json: { status: 'ok' }, delayMs: 0 }));

  router.add('GET', '/api/reports/slow', () => {
    slowCount++;
    return { status: 200, json: { report: 'quarterly', rows: 1200, n: slowCount }, delayMs: slowReportDelayMs(slowCount, prng) };
  });

  router.add('GET', '/api/search', (ctx) => {
    searchCount++;
    const delayMs = prng.between(5, 15);
    if (searchCount % SEARCH_FAILURE_EVERY === 0) {
      return errorReply(500, 'internal_error', 'search backend timed out (the demo fails every 100th search on purpose)', delayMs);
    }
    const q = ctx.query.get('q') ?? '';
    const hits = q.length === 0 ? 0 : (q.length * 7) % 23;
    const results = Array.from({ length: Math.min(hits, 10) }, (_, i) => ({ id: i + 1, title: `${q} result ${i + 1}` }));
    return { status: 200, json: { q, total: hits, results }, delayMs };
  });

  router.add('GET', '/api/limited', () => {
    const r = bucket.take();
    const limitHeaders = { 'x-ratelimit-limit': String(bucket.capacity), 'x-ratelimit-remaining': String(r.remaining) };
    if (r.allowed) return { status: 200, json: { ok: true, remaining: r.remaining }, headers: limitHeaders, delayMs: 1 };
    const retryAfterS = Math.max(1, Math.ceil(r.retryAfterMs / 1000));
    return {
      ...errorReply(429, 'rate_limited', `more than ${bucket.capacity} requests per second; retry after ${retryAfterS} s`),
      headers: { ...limitHeaders, 'retry-after': String(retryAfterS) },
    };
  });
}
