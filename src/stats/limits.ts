/**
 * What one interval snapshot may hold. The worker's recorder keeps its snapshots within these
 * bounds whatever the loadfile does (ids in URLs, error texts or exception messages; huge texts),
 * so a report is never refused by the protocol (src/protocol LIMITS are built from these), and the
 * master's memory stays bounded over a run of any length.
 *
 * Texts over their limit are cut and end with TRUNCATED_MARK; groups beyond their count are folded
 * into one overflow group, so every failure and exception is still counted.
 */

/** The largest `--max-endpoints`: a snapshot holds at most this many entries plus the overflow one. */
export const MAX_MAX_ENDPOINTS = 10_000;
export const MAX_METHOD_CHARS = 32;
export const MAX_NAME_CHARS = 2048;
export const MAX_ERROR_TEXT_CHARS = 4096;
export const MAX_EXCEPTION_MESSAGE_CHARS = 16_384;
export const MAX_TRACEBACK_CHARS = 65_536;

/**
 * Distinct error texts in one interval, over all endpoints, before further texts of an endpoint are
 * counted under its OVERFLOW_ERROR group; the master keeps at most this many over the whole run.
 */
export const MAX_ERROR_GROUPS = 10_000;
/** Distinct exceptions in one interval (and over the run, on the master) before OVERFLOW_EXCEPTION. */
export const MAX_EXCEPTION_GROUPS = 1000;

/** A snapshot's error groups: the distinct ones plus one overflow group per endpoint. */
export const MAX_SNAPSHOT_ERRORS = MAX_ERROR_GROUPS + MAX_MAX_ENDPOINTS + 1;
/** A snapshot's exception groups: the distinct ones plus the overflow group. */
export const MAX_SNAPSHOT_EXCEPTIONS = MAX_EXCEPTION_GROUPS + 1;
/** A snapshot's entries: the endpoints kept apart plus the overflow endpoint. */
export const MAX_SNAPSHOT_ENTRIES = MAX_MAX_ENDPOINTS + 1;

export const OVERFLOW_ERROR = `(other errors: more than ${MAX_ERROR_GROUPS} distinct error texts)`;
export const OVERFLOW_EXCEPTION = `(other exceptions: more than ${MAX_EXCEPTION_GROUPS} distinct messages and stacks)`;

export const TRUNCATED_MARK = '…';

/** `text` cut to at most `max` characters, ending with TRUNCATED_MARK when it was cut. */
export function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max - TRUNCATED_MARK.length;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--; // never split a surrogate pair
  return text.slice(0, end) + TRUNCATED_MARK;
}

/** An exception group: its key in a map of groups, and what it shows. */
export interface ExceptionGroup {
  key: string;
  message: string;
  traceback: string;
}

/**
 * The group an exception (message, traceback) counts in, given the groups so far: its own while
 * it is known or there is room (fewer than MAX_EXCEPTION_GROUPS), else OVERFLOW_EXCEPTION.
 */
export function exceptionGroup(groups: ReadonlyMap<string, unknown>, message: string, traceback: string): ExceptionGroup {
  const key = `${message}\u0000${traceback}`;
  if (groups.has(key) || groups.size < MAX_EXCEPTION_GROUPS) return { key, message, traceback };
  return { key: `${OVERFLOW_EXCEPTION}\u0000`, message: OVERFLOW_EXCEPTION, traceback: '' };
}

/**
 * The text a new error (one without a group yet) counts under, given how many distinct texts are
 * kept: its own while there is room (fewer than MAX_ERROR_GROUPS), else OVERFLOW_ERROR.
 * OVERFLOW_ERROR groups are not counted among the kept texts.
 */
export function newErrorGroupText(text: string, kept: number): string {
  return kept < MAX_ERROR_GROUPS ? text : OVERFLOW_ERROR;
}
