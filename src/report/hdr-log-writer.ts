/**
 * `--hdr-log FILE`: an HdrHistogram interval log written while the run goes. Every second, the
 * master's merged histogram of each endpoint is compared with the previous second's, and the
 * difference (the requests merged in between) becomes one tagged line; an untagged line holds the
 * interval's requests of every endpoint together. Endpoints without requests in an interval get no
 * line. Adding up every line of a tag gives that endpoint's histogram over the whole log.
 */
import { appendFile, mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { StampedeError } from '../errors.js';
import { Float64Histogram } from 'hdr-histogram-js';
import { LatencyHistogram } from '../stats/histogram.js';
import { highestValueAt } from '../stats/layout.js';
import { mergeSparse } from '../stats/sparse-codec.js';
import { HISTOGRAM_CONFIG, type IntervalSnapshot } from '../stats/types.js';
import { endpointTag, intervalLine, logHeader } from './hdr-log-format.js';

/** Where the writer reads the merged cumulative histograms (the master's Aggregator fits). */
export interface HistogramSource {
  endpoints: readonly { method: string; name: string }[];
  histogramOf(method: string, name: string): LatencyHistogram | null;
}

function writeError(path: string, err: unknown): StampedeError {
  const reason = err instanceof Error ? err.message : String(err);
  return new StampedeError('STAMPEDE_ERR_REPORT_WRITE', `cannot write the HdrHistogram log "${path}" (${reason}); give --hdr-log a writable file path`, { cause: err });
}

/**
 * The hdr-histogram-js copy of a histogram, each bucket recorded at its highest equivalent value,
 * so that Interval_Max is what Java's getMaxValue() gives (the top of the highest bucket).
 */
function toLogHistogram(h: LatencyHistogram): Float64Histogram {
  const out = new Float64Histogram(HISTOGRAM_CONFIG.lowestDiscernibleValue, HISTOGRAM_CONFIG.highestTrackableValue, HISTOGRAM_CONFIG.numberOfSignificantValueDigits);
  out.autoResize = false;
  h.forEachBucket((index, count) => out.recordValueWithCount(highestValueAt(index), count));
  return out;
}

export class HdrLogWriter {
  readonly path: string;
  readonly #baseMs: number;
  readonly #version: string;
  /** Cumulative histogram per endpoint at the previous interval's end. */
  #previous = new Map<string, LatencyHistogram>();
  /** Samples of reports that predate a reset (not in the merged histograms), for the next line. */
  #late = new Map<string, { method: string; name: string; hist: LatencyHistogram }>();
  #intervalStart: number;
  #queue: Promise<void> = Promise.resolve();
  #error: StampedeError | null = null;

  /** `baseMs`: the run's start (epoch ms); line timestamps count from it. */
  constructor(options: { path: string; baseMs: number; version: string }) {
    this.path = options.path;
    this.#baseMs = options.baseMs;
    this.#intervalStart = options.baseMs;
    this.#version = options.version;
  }

  get error(): StampedeError | null {
    return this.#error;
  }

  /** Creates the file (and its directory) with the log header. */
  async open(): Promise<void> {
    try {
      await mkdir(dirname(this.path), { recursive: true });
      await writeFile(this.path, logHeader(this.#baseMs, this.#version), 'utf8');
    } catch (err) {
      throw writeError(this.path, err);
    }
  }

  /** Writes the interval from the previous tick to `now` (epoch ms). */
  tick(now: number, source: HistogramSource): void {
    const text = this.#interval(now, source);
    this.#intervalStart = now;
    if (text === '') return;
    this.#queue = this.#queue.then(() => appendFile(this.path, text, 'utf8')).catch((err: unknown) => {
      this.#error ??= writeError(this.path, err);
    });
  }

  /**
   * A report that reached the master after a reset but covers time before it: the merged stats
   * leave it out, so its samples are added to the next interval's lines here (the log keeps the
   * whole run).
   */
  late(snapshot: IntervalSnapshot): void {
    for (const e of snapshot.entries) {
      if (e.count === 0) continue;
      const key = `${e.method}\u0000${e.name}`;
      let known = this.#late.get(key);
      if (known === undefined) {
        known = { method: e.method, name: e.name, hist: new LatencyHistogram() };
        this.#late.set(key, known);
      }
      mergeSparse(e.hist, known.hist);
    }
  }

  /** The merged stats were reset: they count from zero again (call right after the reset). */
  rebase(): void {
    this.#previous = new Map();
  }

  /** The last interval, then waits for the writes; throws STAMPEDE_ERR_REPORT_WRITE if one failed. */
  async close(now: number, source: HistogramSource): Promise<void> {
    this.tick(now, source);
    await this.#queue;
    if (this.#error !== null) throw this.#error;
  }

  #interval(now: number, source: HistogramSource): string {
    const startS = (this.#intervalStart - this.#baseMs) / 1000;
    const endS = (now - this.#baseMs) / 1000;
    const all = new LatencyHistogram();
    let lines = '';
    const late = this.#late;
    this.#late = new Map();
    for (const { method, name } of source.endpoints) {
      const current = source.histogramOf(method, name);
      if (current === null) continue;
      const key = `${method}\u0000${name}`;
      const delta = current.copy();
      const previous = this.#previous.get(key);
      if (previous !== undefined) delta.subtract(previous);
      this.#previous.set(key, current);
      const lateHist = late.get(key);
      if (lateHist !== undefined) {
        delta.add(lateHist.hist);
        late.delete(key);
      }
      if (delta.total === 0) continue;
      all.add(delta);
      lines += intervalLine(toLogHistogram(delta), endpointTag(method, name), startS, endS);
    }
    for (const { method, name, hist } of late.values()) {
      all.add(hist);
      lines += intervalLine(toLogHistogram(hist), endpointTag(method, name), startS, endS);
    }
    if (all.total === 0) return '';
    return intervalLine(toLogHistogram(all), null, startS, endS) + lines;
  }
}
