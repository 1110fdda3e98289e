/// <reference lib="dom" />
/**
 * The run controls: start a run (users, spawn rate, host, run time), change the user count and
 * spawn rate while it runs, stop it, reset the statistics. In --headless mode the CLI starts the
 * run, so the start form is hidden; the rest still works.
 */
import type { ApiConfig, ApiRunResult, ApiStats } from '../master/http/api-types.js';
import type { Api } from './api.js';
import { byId } from './dom.js';

export class Controls {
  #api: Api;
  #config: ApiConfig;
  #refresh: () => void;
  #message = byId('message');
  #start = byId<HTMLFormElement>('start-form');
  #edit = byId<HTMLFormElement>('edit-form');
  #editPrefilled = false;

  constructor(api: Api, config: ApiConfig, refresh: () => void) {
    this.#api = api;
    this.#config = config;
    this.#refresh = refresh;
    const d = config.defaults;
    this.#input('start-users').value = String(d.users);
    this.#input('start-rate').value = String(d.spawnRate);
    this.#input('start-host').value = d.host;
    this.#input('start-time').value = d.runTimeMs === null ? '' : `${d.runTimeMs / 1000}s`;
    this.#start.addEventListener('submit', (ev) => {
      ev.preventDefault();
      const time = this.#input('start-time').value.trim();
      void this.#post('api/run', {
        users: Number(this.#input('start-users').value),
        spawnRate: Number(this.#input('start-rate').value),
        host: this.#input('start-host').value.trim(),
        runTime: time === '' ? null : time,
      }, 'Run started.');
    });
    this.#edit.addEventListener('submit', (ev) => {
      ev.preventDefault();
      void this.#post('api/run', { users: Number(this.#input('edit-users').value), spawnRate: Number(this.#input('edit-rate').value) }, 'New target sent.');
    });
    byId('stop-button').addEventListener('click', () => void this.#post('api/stop', undefined, 'Stopped.', 'Stopping… waiting for the final reports.'));
    byId('reset-button').addEventListener('click', () => void this.#post('api/reset', undefined, 'Statistics reset.'));
  }

  update(s: ApiStats): void {
    const active = s.state === 'spawning' || s.state === 'running';
    this.#start.hidden = active || s.state === 'stopping' || this.#config.headless;
    this.#edit.hidden = !active;
    byId<HTMLButtonElement>('stop-button').disabled = !active;
    const open = s.target?.arrivalRate !== null && s.target?.arrivalRate !== undefined;
    this.#input('edit-users').disabled = open;
    if (!active) this.#editPrefilled = false;
    else if (!this.#editPrefilled && s.target !== null && !this.#edit.contains(document.activeElement)) {
      this.#input('edit-users').value = String(s.target.users);
      this.#input('edit-rate').value = String(s.target.spawnRate);
      this.#editPrefilled = true;
    }
    const start = byId<HTMLButtonElement>('start-button');
    start.disabled = s.workers === 0;
    start.title = s.workers === 0 ? 'No worker is ready yet' : '';
  }

  #input(id: string): HTMLInputElement {
    return byId<HTMLInputElement>(id);
  }

  async #post(path: string, body: unknown, done: string, pending?: string): Promise<void> {
    this.#say(pending ?? 'Sending…', 'info');
    try {
      const result = await this.#api.post<ApiRunResult | { state: string }>(path, body);
      this.#say(done, 'ok');
      if ('target' in result) this.#editPrefilled = false;
    } catch (err) {
      this.#say((err as Error).message, 'bad');
    }
    this.#refresh();
  }

  #say(text: string, kind: 'info' | 'ok' | 'bad'): void {
    this.#message.textContent = text;
    this.#message.dataset.kind = kind;
    if (kind === 'ok') {
      const shown = text;
      setTimeout(() => {
        if (this.#message.textContent === shown) this.#message.textContent = '';
      }, 4000);
    }
  }
}
