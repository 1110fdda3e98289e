/**
 * The stats core's errors, built on the one error table (src/errors.ts):
 * - STAMPEDE_ERR_BAD_HISTOGRAM for anything wrong in a snapshot from a worker (a malformed sparse
 *   histogram, or numbers that do not agree): the master closes that connection and keeps the data
 *   it has, since nothing of a rejected snapshot is merged;
 * - STAMPEDE_ERR_USAGE for an out-of-range constructor option.
 */
import { StampedeError } from '../errors.js';

const SAME_VERSION = 'the report is corrupt or comes from another stampede version — run the same version on master and workers';

export function badHistogram(detail: string): StampedeError {
  return new StampedeError('STAMPEDE_ERR_BAD_HISTOGRAM', `bad sparse histogram: ${detail}; ${SAME_VERSION}`);
}

export function badSnapshot(detail: string): StampedeError {
  return new StampedeError('STAMPEDE_ERR_BAD_HISTOGRAM', `bad interval snapshot: ${detail}; ${SAME_VERSION}`);
}

export function badOption(detail: string): StampedeError {
  return new StampedeError('STAMPEDE_ERR_USAGE', detail);
}
