/// <reference lib="dom" />
/**
 * The three live charts (uPlot): requests/s and failures/s, p50/p95/p99 response times, users.
 * One point a second while a run is going; the first points come from /api/stats/history.
 */
import uPlot from 'uplot';
import type { ApiHistoryPoint } from '../master/http/api-types.js';

/** Points kept in the browser (2 hours at one a second). */
const MAX_POINTS = 7200;

/** One chart's data: the times (epoch seconds) and one column per series. */
interface Columns {
  t: number[];
  cols: (number | null)[][];
}

function aligned(d: Columns): uPlot.AlignedData {
  return [d.t, ...d.cols] as uPlot.AlignedData;
}

interface ChartSpec {
  id: string;
  series: { label: string; color: string; pick: (p: ApiHistoryPoint) => number | null; fill?: boolean }[];
  unit: string;
}

function cssVar(name: string, fallback: string): string {
  const v = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  return v === '' ? fallback : v;
}

const SPECS: ChartSpec[] = [
  {
    id: 'chart-rps',
    unit: '/s',
    series: [
      { label: 'Requests/s', color: '--series-ok', pick: (p) => p.rps, fill: true },
      { label: 'Failures/s', color: '--series-bad', pick: (p) => p.failRps },
    ],
  },
  {
    id: 'chart-latency',
    unit: 'ms',
    series: [
      { label: 'p50', color: '--series-p50', pick: (p) => p.p50Ms },
      { label: 'p95', color: '--series-p95', pick: (p) => p.p95Ms },
      { label: 'p99', color: '--series-p99', pick: (p) => p.p99Ms },
    ],
  },
  { id: 'chart-users', unit: '', series: [{ label: 'Users', color: '--series-users', pick: (p) => p.users, fill: true }] },
];

function options(spec: ChartSpec, width: number): uPlot.Options {
  const axis = cssVar('--chart-axis', '#888');
  const grid = cssVar('--chart-grid', 'rgba(128,128,128,.15)');
  const axisStyle = { stroke: axis, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 }, font: '11px system-ui, sans-serif' };
  return {
    width,
    height: 190,
    cursor: { drag: { x: false, y: false } },
    legend: { live: true },
    scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.1 : 1] } },
    axes: [axisStyle, { ...axisStyle, size: 56, values: (_u, ticks) => ticks.map((t) => String(+t.toFixed(2))) }],
    series: [
      { label: 'time' },
      ...spec.series.map((s) => {
        const color = cssVar(s.color, '#4c8bf5');
        return { label: s.label, stroke: color, width: 1.75, points: { show: false }, ...(s.fill ? { fill: `${color}22` } : {}), value: (_u: uPlot, v: number | null) => (v === null ? '–' : `${+v.toFixed(2)} ${spec.unit}`.trim()) };
      }),
    ],
  };
}

export class LiveCharts {
  #plots: uPlot[] = [];
  #data: Columns[] = [];
  #lastT = 0;

  constructor() {
    for (const spec of SPECS) {
      const host = document.getElementById(spec.id)!;
      const data: Columns = { t: [], cols: spec.series.map(() => []) };
      this.#data.push(data);
      this.#plots.push(new uPlot(options(spec, Math.max(200, host.clientWidth)), aligned(data), host));
      new ResizeObserver(() => this.#fit()).observe(host);
    }
  }

  /** Points drawn so far (the same for every chart). */
  get length(): number {
    return this.#data[0]!.t.length;
  }

  /** Replaces everything with a history (a new page, a new run). */
  load(points: readonly ApiHistoryPoint[]): void {
    for (const d of this.#data) {
      d.t.length = 0;
      for (const col of d.cols) col.length = 0;
    }
    this.#lastT = 0;
    for (const p of points) this.#append(p);
    this.#redraw();
  }

  /** Adds one point; ignored unless it is later than the last one. */
  push(point: ApiHistoryPoint): void {
    if (this.#append(point)) this.#redraw();
  }

  #append(p: ApiHistoryPoint): boolean {
    if (p.t <= this.#lastT) return false;
    this.#lastT = p.t;
    SPECS.forEach((spec, i) => {
      const d = this.#data[i]!;
      d.t.push(p.t / 1000);
      spec.series.forEach((s, k) => d.cols[k]!.push(s.pick(p)));
      if (d.t.length > MAX_POINTS) {
        d.t.shift();
        for (const col of d.cols) col.shift();
      }
    });
    return true;
  }

  #redraw(): void {
    this.#plots.forEach((plot, i) => plot.setData(aligned(this.#data[i]!)));
  }

  #fit(): void {
    SPECS.forEach((spec, i) => {
      const host = document.getElementById(spec.id)!;
      const width = Math.max(200, host.clientWidth);
      const plot = this.#plots[i]!;
      if (plot.width !== width) plot.setSize({ width, height: 190 });
    });
  }
}
