import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { StampedeError } from '../errors.js';
import type { JsonSummary } from './json-summary.js';
import { toPrettyJson } from './json-text.js';

/** The part of a writable stream that writeJson uses (a stream.Writable or NodeJS.WritableStream). */
export interface TextSink {
  write(chunk: string, callback: (err?: Error | null) => void): boolean;
}

/** Where `-` sends the summary. */
export interface JsonOutput {
  stdout: TextSink;
}

/** The summary as written: two-space indented JSON, percentiles in order, and a final newline. */
export function serializeJsonSummary(summary: JsonSummary): string {
  return toPrettyJson(summary) + '\n';
}

function writeToStream(stream: TextSink, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    stream.write(text, (err) => (err ? reject(err) : resolve()));
  });
}

/**
 * Writes the summary to the file `target` (creating its directory), or to `io.stdout` when target
 * is `-`. A file that cannot be written gives STAMPEDE_ERR_REPORT_WRITE naming the path.
 */
export async function writeJson(target: string, summary: JsonSummary, io: JsonOutput): Promise<void> {
  const text = serializeJsonSummary(summary);
  if (target === '-') {
    await writeToStream(io.stdout, text);
    return;
  }
  try {
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, text, 'utf8');
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new StampedeError(
      'STAMPEDE_ERR_REPORT_WRITE',
      `cannot write the JSON summary to "${target}" (${reason}); give --json a writable file path, or - for stdout`,
      { cause: err },
    );
  }
}
