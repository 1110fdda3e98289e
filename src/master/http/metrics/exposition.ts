/**
 * The Prometheus text exposition format, version 0.0.4: `# HELP`, `# TYPE`, then the samples of
 * one family together. Label values escape `\`, `"` and line feeds; HELP text escapes `\` and line
 * feeds. Pure.
 */

export const EXPOSITION_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

export type MetricType = 'counter' | 'gauge' | 'histogram' | 'summary';

export type Labels = Readonly<Record<string, string>>;

export function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

export function escapeHelp(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

/** A sample value: integers as they are, NaN and infinities as Prometheus spells them. */
export function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}

function labelText(labels: Labels): string {
  const keys = Object.keys(labels);
  if (keys.length === 0) return '';
  return `{${keys.map((k) => `${k}="${escapeLabelValue(labels[k]!)}"`).join(',')}}`;
}

/** Collects families and writes them in the order they were opened. */
export class Exposition {
  #lines: string[] = [];
  #open = new Set<string>();

  /** Starts a family; each name may be opened once. */
  family(name: string, type: MetricType, help: string): this {
    if (this.#open.has(name)) throw new Error(`metric family ${name} was opened twice`);
    this.#open.add(name);
    this.#lines.push(`# HELP ${name} ${escapeHelp(help)}`, `# TYPE ${name} ${type}`);
    return this;
  }

  /** One sample of the family opened last (`name` may carry a suffix: `_bucket`, `_sum`, `_count`). */
  sample(name: string, labels: Labels, value: number): this {
    this.#lines.push(`${name}${labelText(labels)} ${formatValue(value)}`);
    return this;
  }

  text(): string {
    return this.#lines.length === 0 ? '' : `${this.#lines.join('\n')}\n`;
  }
}
