/**
 * Plausibility of a report's numbers, checked by the master before any of it is merged. The
 * protocol decoders check shapes and types, src/stats checks that the numbers agree with each
 * other (histogram totals, failures <= count); this checks that they could have happened: a
 * report claiming a billion requests in one second, an hour-long average or a time far in the
 * future is refused (close 4000) instead of wrecking the run's totals and rates.
 */
import { StampedeError } from '../errors.js';
import { MAX_VALUE, type IntervalSnapshot } from '../stats/index.js';

/** Far above what one worker process can send (a Node process does about 100 000 requests/s). */
export const MAX_REQUESTS_PER_SECOND = 10_000_000;
/** The longest latency a histogram holds (1 h, in µs); a larger min/max/average is made up. */
export const MAX_LATENCY_US = MAX_VALUE;
/** A response body larger than 1 TiB on average is made up. */
export const MAX_BYTES_PER_REQUEST = 2 ** 40;
/** How far in the future (master clock) a report may end: clock-sync error is milliseconds. */
export const MAX_FUTURE_MS = 5 * 60_000;
/** The longest interval one report may cover (a report interval is 1 s; a final one adds the stop time). */
export const MAX_INTERVAL_MS = 24 * 3_600_000;

function implausible(detail: string): StampedeError {
  return new StampedeError('STAMPEDE_ERR_BAD_HISTOGRAM', `implausible report: ${detail}; a stampede worker cannot produce this (a corrupt or forged report)`);
}

/** Throws STAMPEDE_ERR_BAD_HISTOGRAM when `s` claims what no worker can produce; `now` is master time. */
export function checkPlausible(s: IntervalSnapshot, now: number): void {
  if (s.end > now + MAX_FUTURE_MS) throw implausible(`the interval ends ${Math.round((s.end - now) / 1000)} s in the future`);
  const spanMs = s.end - s.start;
  if (spanMs > MAX_INTERVAL_MS) throw implausible(`the interval lasts ${Math.round(spanMs / 1000)} s (at most ${MAX_INTERVAL_MS / 1000} s)`);
  const maxCount = MAX_REQUESTS_PER_SECOND * Math.max(1, spanMs / 1000);
  for (const [i, e] of s.entries.entries()) {
    const at = `entries[${i}]`;
    if (e.count > maxCount) throw implausible(`${at}: ${e.count} requests in ${spanMs} ms (at most ${MAX_REQUESTS_PER_SECOND}/s)`);
    if (e.maxUs > MAX_LATENCY_US) throw implausible(`${at}: maxUs ${e.maxUs} is beyond the 1 h a histogram holds`);
    if (e.sumUs > e.count * MAX_LATENCY_US) throw implausible(`${at}: sumUs ${e.sumUs} averages more than 1 h over ${e.count} requests`);
    if (e.bytes > e.count * MAX_BYTES_PER_REQUEST) throw implausible(`${at}: ${e.bytes} bytes over ${e.count} requests`);
  }
  for (const [i, e] of s.errors.entries()) {
    if (e.count > maxCount) throw implausible(`errors[${i}]: ${e.count} failures in ${spanMs} ms`);
  }
  for (const [i, x] of s.exceptions.entries()) {
    if (x.count > maxCount) throw implausible(`exceptions[${i}]: ${x.count} exceptions in ${spanMs} ms`);
  }
  if (s.dropped !== undefined && s.dropped > maxCount) throw implausible(`${s.dropped} dropped arrivals in ${spanMs} ms`);
}
