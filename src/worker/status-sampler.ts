import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';

/** CPU use of this process (percent of one core), RSS and event-loop lag, sampled on demand. */
export class StatusSampler {
  #lastCpu = process.cpuUsage();
  #lastAt = performance.now();
  #loop: IntervalHistogram = monitorEventLoopDelay({ resolution: 20 });

  constructor() {
    this.#loop.enable();
  }

  sample(): { cpuPercent: number; rssBytes: number; loopLagMs: number } {
    const cpu = process.cpuUsage(this.#lastCpu);
    const now = performance.now();
    const elapsedUs = (now - this.#lastAt) * 1000;
    this.#lastCpu = process.cpuUsage();
    this.#lastAt = now;
    const cpuPercent = elapsedUs > 0 ? ((cpu.user + cpu.system) / elapsedUs) * 100 : 0;
    const lag = this.#loop.count > 0 ? Math.max(0, this.#loop.mean / 1e6 - 20) : 0;
    this.#loop.reset();
    return { cpuPercent: Math.round(cpuPercent * 10) / 10, rssBytes: process.memoryUsage.rss(), loopLagMs: Math.round(lag * 100) / 100 };
  }

  close(): void {
    this.#loop.disable();
  }
}
