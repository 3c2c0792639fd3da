import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

export interface Certificate {
  key: Buffer;
  cert: Buffer;
  /** Removes the temporary folder the key was written to. */
  dispose(): Promise<void>;
}

/**
 * A throwaway self-signed certificate for every rig name (one certificate, one SAN each), made
 * with the openssl CLI into a temporary folder at test time. Nothing here is ever committed:
 * Chromium is told to ignore certificate errors, so no trust store is touched either.
 */
export async function selfSignedCertificate(names: readonly string[]): Promise<Certificate> {
  const dir = await mkdtemp(join(tmpdir(), 'whos-online-rig-cert-'));
  const keyPath = join(dir, 'key.pem');
  const certPath = join(dir, 'cert.pem');
  try {
    await promisify(execFile)('openssl', [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-sha256',
      '-days',
      '2',
      '-subj',
      `/CN=${names[0]}`,
      '-addext',
      `subjectAltName=${names.map((n) => `DNS:${n}`).join(',')}`,
      '-keyout',
      keyPath,
      '-out',
      certPath,
    ]);
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw new Error(`openssl could not make the rig's test certificate: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
  const [key, cert] = await Promise.all([readFile(keyPath), readFile(certPath)]);
  return { key, cert, dispose: () => rm(dir, { recursive: true, force: true }) };
}
