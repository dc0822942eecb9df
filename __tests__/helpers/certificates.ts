/**
 * Throwaway certificate chains for tests, made with the openssl CLI in a temporary directory (node:crypto
 * can check X.509 certificates but not issue them), removed after the test file. Nothing here is committed.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './temp';

export interface TestChain {
  readonly dir: string;
  /** Leaf certificate PEM. */
  readonly cert: string;
  /** Intermediate CA PEM (issued the leaf). */
  readonly intermediate: string;
  /** Root CA PEM (issued the intermediate). */
  readonly root: string;
  /** Leaf private key, unencrypted PEM. */
  readonly key: string;
  /** Leaf private key encrypted with a passphrase. */
  readonly encryptedKey: string;
  /** A key that belongs to no certificate here. */
  readonly otherKey: string;
}

function openssl(args: string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: 'pipe' });
}

/** Root CA → intermediate CA → leaf for `domain` (SAN `domain`), valid `days` days from now. */
export function makeChain(domain: string, days = 90): TestChain {
  const dir = tempDir('certs');
  const caExt = 'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n';
  writeFileSync(join(dir, 'ca.ext'), caExt);
  writeFileSync(join(dir, 'leaf.ext'), `subjectAltName=DNS:${domain}\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n`);
  openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '3650', '-keyout', 'root.key', '-out', 'root.pem', '-subj', '/CN=Test Root CA', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'], dir);
  openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'int.key', '-out', 'int.csr', '-subj', '/CN=Test Intermediate CA'], dir);
  openssl(['x509', '-req', '-in', 'int.csr', '-CA', 'root.pem', '-CAkey', 'root.key', '-CAcreateserial', '-days', '3650', '-extfile', 'ca.ext', '-out', 'int.pem'], dir);
  openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'leaf.key', '-out', 'leaf.csr', '-subj', `/CN=${domain}`], dir);
  openssl(['x509', '-req', '-in', 'leaf.csr', '-CA', 'int.pem', '-CAkey', 'int.key', '-CAcreateserial', '-days', String(days), '-extfile', 'leaf.ext', '-out', 'leaf.pem'], dir);
  openssl(['pkey', '-in', 'leaf.key', '-aes256', '-passout', 'pass:secret-passphrase', '-out', 'leaf.enc.key'], dir);
  openssl(['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', 'other.key'], dir);
  const read = (file: string) => readFileSync(join(dir, file), 'utf8');
  return {
    dir,
    cert: read('leaf.pem'),
    intermediate: read('int.pem'),
    root: read('root.pem'),
    key: read('leaf.key'),
    encryptedKey: read('leaf.enc.key'),
    otherKey: read('other.key'),
  };
}
