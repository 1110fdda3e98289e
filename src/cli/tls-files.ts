import { readFile } from 'node:fs/promises';
import { StampedeError } from '../errors.js';
import type { TlsFiles } from '../master/tls.js';
import type { Options } from './options.js';

async function readPem(path: string, flag: string): Promise<Buffer> {
  let data: Buffer;
  try {
    data = await readFile(path);
  } catch (err) {
    throw new StampedeError('STAMPEDE_ERR_USAGE', `cannot read ${flag} ${path} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}): give the path of a PEM file`);
  }
  if (!data.includes('-----BEGIN ')) throw new StampedeError('STAMPEDE_ERR_USAGE', `${flag} ${path} is not a PEM file (no -----BEGIN line): convert it, e.g. openssl x509 -in FILE -out FILE.pem`);
  return data;
}

/** The master's certificate and key (`--tls-cert`, `--tls-key`), or undefined without TLS. */
export async function readTlsFiles(o: Options): Promise<TlsFiles | undefined> {
  if (o.tlsCert === undefined || o.tlsKey === undefined) return undefined;
  return { cert: await readPem(o.tlsCert, '--tls-cert'), key: await readPem(o.tlsKey, '--tls-key') };
}

/** The worker's trusted CA(s) for the master (`--master-ca`), or undefined for Node's store. */
export async function readMasterCa(o: Options): Promise<Buffer | undefined> {
  return o.masterCa === undefined ? undefined : readPem(o.masterCa, '--master-ca');
}
