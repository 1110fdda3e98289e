/**
 * The process globals the CLI may touch, in one object (k6's state object), so the whole CLI
 * can run in-process under test with fake streams, env and signals.
 */
export interface CliIo {
  argv: readonly string[];
  env: Record<string, string | undefined>;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  /** Registers a handler for SIGINT/SIGTERM; returns a function that removes it. */
  onSignal(fn: (signal: 'SIGINT' | 'SIGTERM') => void): () => void;
  /** Path of this CLI's entry script, to start local worker processes. */
  entryScript: string;
  version: string;
}
