/// <reference lib="dom" />
/**
 * The live web UI of the master (served at `/`): polls the JSON API once a second and draws the
 * header, the charts, the statistics table and the tabs. Built by scripts/build-ui.mjs into
 * dist/ui/public (app.js, app.css) with uPlot bundled in: no network is needed at run time.
 */
import 'uplot/dist/uPlot.min.css';
import './styles.css';
import type { ApiConfig, ApiException, ApiHistory, ApiHistoryPoint, ApiStats, ApiWorker } from '../master/http/api-types.js';
import { Api } from './api.js';
import { LiveCharts } from './charts.js';
import { Controls } from './controls.js';
import { byId } from './dom.js';
import { renderDownloads } from './downloads.js';
import { renderHeader } from './header.js';
import { renderExceptions, renderFailures, renderThresholds, renderWorkers } from './panels.js';
import { StatsTable } from './stats-table.js';
import { setBadge, setupTabs } from './tabs.js';
import { askToken } from './token.js';

const PERIOD_MS = 1000;

function pointOf(s: ApiStats): ApiHistoryPoint {
  const c = s.totals.current;
  return { t: s.now, spanS: 1, users: s.users, rps: c.rps, failRps: c.failRps, p50Ms: c.percentiles['50'] ?? null, p95Ms: c.percentiles['95'] ?? null, p99Ms: c.percentiles['99'] ?? null, count: s.totals.count, failures: s.totals.failures };
}

async function main(): Promise<void> {
  const api = new Api(askToken);
  const config = await api.get<ApiConfig>('api/config');
  byId('version').textContent = config.version === '' ? '' : `v${config.version}`;
  document.body.dataset.headless = String(config.headless);
  setupTabs();
  const charts = new LiveCharts();
  const table = new StatsTable(byId('tab-stats'));
  renderDownloads(byId('tab-downloads'), api);
  let runStartedAt: number | null | undefined;
  let timer: ReturnType<typeof setTimeout> | null = null;

  const tick = async (): Promise<void> => {
    if (timer !== null) clearTimeout(timer);
    try {
      const [stats, workers, exceptions] = await Promise.all([
        api.get<ApiStats>('api/stats'),
        api.get<{ workers: ApiWorker[] }>('api/workers'),
        api.get<{ exceptions: ApiException[] }>('api/exceptions'),
      ]);
      if (runStartedAt !== undefined && stats.runStartedAt !== runStartedAt) charts.load([]);
      runStartedAt = stats.runStartedAt;
      renderHeader(stats);
      controls.update(stats);
      table.update(stats.endpoints, stats.totals);
      if (stats.state === 'spawning' || stats.state === 'running' || stats.state === 'stopping') charts.push(pointOf(stats));
      renderFailures(byId('tab-failures'), stats.errors);
      renderExceptions(byId('tab-exceptions'), exceptions.exceptions);
      renderWorkers(byId('tab-workers'), workers.workers);
      renderThresholds(byId('tab-thresholds'), stats.thresholds);
      setBadge('failures', stats.errors.reduce((n, e) => n + e.occurrences, 0), true);
      setBadge('exceptions', exceptions.exceptions.reduce((n, x) => n + x.count, 0), true);
      setBadge('workers', workers.workers.length);
      setBadge('thresholds', stats.thresholds.filter((t) => !t.ok).length, true);
      byId('tab-button-thresholds').hidden = stats.thresholds.length === 0;
      byId('offline').hidden = true;
    } catch (err) {
      const banner = byId('offline');
      banner.textContent = `Cannot reach the master: ${(err as Error).message}. Retrying…`;
      banner.hidden = false;
    }
    timer = setTimeout(() => void tick(), PERIOD_MS);
  };
  const controls = new Controls(api, config, () => void tick());
  charts.load((await api.get<ApiHistory>('api/stats/history')).points);
  await tick();
}

void main().catch((err: unknown) => {
  const banner = document.getElementById('offline');
  if (banner !== null) {
    banner.textContent = `The UI could not start: ${(err as Error).message}`;
    banner.hidden = false;
  }
});
