import { constants } from 'node:fs';
import { access, mkdir, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { StampedeError } from '../errors.js';

/**
 * Fails fast, before any load is sent, when a report file could not be written at the end:
 * its directory is created if needed and must be writable, and the path must not be a directory.
 */
export async function checkOutputPath(path: string | undefined, flag: string): Promise<void> {
  if (path === undefined || path === '-') return;
  const full = resolve(path);
  try {
    await mkdir(dirname(full), { recursive: true });
    await access(dirname(full), constants.W_OK);
    const st = await stat(full).catch(() => null);
    if (st?.isDirectory()) throw new Error('it is a directory');
  } catch (err) {
    throw new StampedeError('STAMPEDE_ERR_REPORT_WRITE', `cannot write ${flag} ${path} (${(err as Error).message}): give a writable file path${flag === '--json' ? ', or - for stdout' : ''}`);
  }
}
