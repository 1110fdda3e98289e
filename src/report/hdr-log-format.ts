/**
 * HdrHistogram interval log lines (format version 1.3, as HdrHistogram's HistogramLogWriter writes
 * them and its log tools read them), built with hdr-histogram-js's HistogramLogWriter. Pure.
 *
 * - Values are microseconds; Interval_Max is written in milliseconds (ratio 1000).
 * - Each endpoint's line is tagged `METHOD NAME`, with space, comma, '%' and line breaks
 *   percent-encoded (`Tag=GET%20/api/tasks/{id}`): the log format splits fields on commas and
 *   spaces. The untagged line of each interval holds every request together.
 * - The histograms are re-encoded with the two V2 header fields the JS encoder writes differently
 *   from Java (normalizingIndexOffset 0, integerToDoubleValueConversionRatio the double 1.0), so the
 *   C and Rust implementations read them too (shared/REFERENCE.md).
 */
import { deflateSync, inflateSync } from 'node:zlib';
import { HistogramLogWriter, type Histogram } from 'hdr-histogram-js';

const UNSAFE_IN_TAG = /[%\s,]/g;

/** The tag of an endpoint: `GET /api/x` with unsafe characters percent-encoded. */
export function endpointTag(method: string, name: string): string {
  const encode = (s: string): string => s.replace(UNSAFE_IN_TAG, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
  return `${encode(method)}%20${encode(name)}`;
}

/** The endpoint of a tag made by endpointTag. */
export function endpointOfTag(tag: string): { method: string; name: string } {
  const text = tag.replace(/%([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  const space = text.indexOf(' ');
  return { method: text.slice(0, space), name: text.slice(space + 1) };
}

/** A V2 compressed histogram (base64) with Java's values in the two header fields the JS encoder gets wrong. */
export function javaCompatibleBase64(base64: string): string {
  const outer = Buffer.from(base64, 'base64');
  const cookie = outer.readInt32BE(0);
  const length = outer.readInt32BE(4);
  const inner = Buffer.from(inflateSync(outer.subarray(8, 8 + length)));
  inner.writeInt32BE(0, 8); // normalizingIndexOffset
  inner.writeDoubleBE(1, 32); // integerToDoubleValueConversionRatio
  const compressed = deflateSync(inner);
  const out = Buffer.alloc(8 + compressed.length);
  out.writeInt32BE(cookie, 0);
  out.writeInt32BE(compressed.length, 4);
  compressed.copy(out, 8);
  return out.toString('base64');
}

/** The comment lines and legend that open a log whose timestamps count from `baseMs` (epoch ms). */
export function logHeader(baseMs: number, version: string): string {
  let text = '';
  const writer = new HistogramLogWriter((s) => {
    text += s;
  });
  const seconds = (baseMs / 1000).toFixed(3);
  writer.outputComment(`[Logged with stampede ${version}: values in microseconds; Tag=METHOD%20NAME per endpoint, untagged lines hold all requests]`);
  writer.outputLogFormatVersion();
  writer.outputComment(`[StartTime: ${seconds} (seconds since epoch), ${new Date(baseMs).toString()}]`);
  writer.outputComment(`[BaseTime: ${seconds} (seconds since epoch)]`);
  writer.outputLegend();
  return text;
}

/** One interval line: `[Tag=…,]start,length,max,histogram`; times in seconds since the base time. */
export function intervalLine(histogram: Histogram, tag: string | null, startS: number, endS: number): string {
  let line = '';
  const writer = new HistogramLogWriter((s) => {
    line += s;
  });
  histogram.tag = tag ?? '';
  writer.outputIntervalHistogram(histogram, startS, endS, 1000);
  const comma = line.lastIndexOf(',');
  return `${line.slice(0, comma + 1)}${javaCompatibleBase64(line.slice(comma + 1).trim())}\n`;
}
