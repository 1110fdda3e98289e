/// <reference lib="dom" />
/** The header: run state, host, users, workers, RPS, failure ratio, p95, elapsed time. */
import type { ApiStats } from '../master/http/api-types.js';
import { byId, setText } from './dom.js';
import * as fmt from './format.js';

export function renderHeader(s: ApiStats): void {
  const state = byId('state');
  setText(state, s.state);
  state.dataset.state = s.state;
  setText(byId('kpi-host'), s.target?.host ?? '–');
  const target = s.target === null ? '' : s.target.arrivalRate !== null ? ` · ${fmt.rate(s.target.arrivalRate)} arrivals/s` : ` / ${fmt.count(s.target.users)}`;
  setText(byId('kpi-users'), `${fmt.count(s.users)}${s.state === 'spawning' || s.state === 'running' ? target : ''}`);
  setText(byId('kpi-workers'), s.expectWorkers > 0 && s.workers < s.expectWorkers ? `${s.workers} of ${s.expectWorkers}` : String(s.workers));
  setText(byId('kpi-rps'), fmt.rate(s.totals.current.rps));
  const fail = byId('kpi-fail');
  setText(fail, fmt.percent(s.totals.failRatio));
  fail.classList.toggle('bad', s.totals.failures > 0);
  setText(byId('kpi-p95'), `${fmt.ms(s.totals.current.percentiles['95'])} ms`);
  const active = s.state === 'spawning' || s.state === 'running' || s.state === 'stopping';
  setText(byId('kpi-elapsed'), active && s.runStartedAt !== null ? fmt.duration(s.now - s.runStartedAt) : '–');
  document.title = `stampede · ${s.state} · ${fmt.rate(s.totals.current.rps)} req/s`;
}
