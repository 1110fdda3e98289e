/// <reference lib="dom" />
/**
 * The downloads tab. Files are fetched through the API client (so a protected API gets the
 * token) and saved under the name the server gives.
 */
import type { Api } from './api.js';
import { el } from './dom.js';

const FILES = [
  { path: 'api/report.html', title: 'HTML report', note: 'One self-contained page: charts, tables, failures, workers.' },
  { path: 'api/report.json', title: 'JSON summary', note: 'Every number, machine-readable (the --json format).' },
  { path: 'api/report.csv', title: 'Statistics CSV', note: "Locust's _stats.csv columns." },
  { path: 'api/report.csv?table=failures', title: 'Failures CSV', note: "Locust's _failures.csv columns." },
  { path: 'api/report.csv?table=exceptions', title: 'Exceptions CSV', note: "Locust's _exceptions.csv columns." },
  { path: 'metrics', title: 'Prometheus metrics', note: 'The /metrics text exposition, as Prometheus scrapes it.' },
];

function filename(path: string, disposition: string | null): string {
  const m = disposition === null ? null : /filename="([^"]+)"/.exec(disposition);
  return m?.[1] ?? path.replace(/[^a-z0-9.]+/gi, '-');
}

async function save(api: Api, path: string, status: HTMLElement): Promise<void> {
  status.textContent = 'Preparing…';
  try {
    const res = await api.response(path);
    const blob = await res.blob();
    const url = URL.createObjectURL(blob);
    const a = el('a', { href: url, download: filename(path, res.headers.get('content-disposition')) });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    status.textContent = '';
  } catch (err) {
    status.textContent = (err as Error).message;
  }
}

export function renderDownloads(host: HTMLElement, api: Api): void {
  const list = FILES.map((f) => {
    const status = el('span', { class: 'dl-status' });
    const button = el('button', { type: 'button', class: 'secondary', 'data-path': f.path }, 'Download');
    button.addEventListener('click', () => void save(api, f.path, status));
    return el('li', {}, el('div', {}, el('strong', {}, f.title), el('p', { class: 'muted' }, f.note)), el('div', { class: 'dl-actions' }, status, button));
  });
  host.append(el('ul', { class: 'downloads' }, ...list));
}
