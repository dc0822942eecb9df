/**
 * Certificates for the certificate fuzz cases, made with the openssl CLI in a temporary directory
 * (node:crypto checks certificates but cannot issue them): one root and intermediate, and leaves with
 * every key type and flaw a user could bring from Certbot or another CA. Nothing here is committed.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const CERT_DOMAIN = 'staging.example.com';

export interface CertificateMaterial {
  readonly root: string;
  readonly intermediate: string;
  /** An intermediate valid for 30 days only (its leaf is valid for 90). */
  readonly shortIntermediate: string;
  readonly leaf: { readonly cert: string; readonly key: string };
  readonly rsa1024: string;
  readonly ed25519: string;
  readonly secp256k1: string;
  readonly p384: string;
  readonly sha1: string;
  /** Valid for 10 days from now. */
  readonly tenDays: string;
  /** Signed by shortIntermediate, valid for 90 days. */
  readonly outlivesIntermediate: string;
  /** X.509 version 1 (no extensions). */
  readonly version1: string;
  /** A leaf issued by another leaf (`notCa`), which is no CA. */
  readonly issuedByLeaf: string;
  readonly notCa: string;
  /** A self-signed certificate for the domain. */
  readonly selfSigned: string;
  /** The leaf certificate as DER bytes. */
  readonly der: Buffer;
}

export function makeCertificateMaterial(): CertificateMaterial {
  const dir = mkdtempSync(join(tmpdir(), 'ecs-web-stack-fuzz-certs-'));
  try {
    const run = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
    const read = (file: string) => readFileSync(join(dir, file), 'utf8');
    writeFileSync(join(dir, 'ca.ext'), 'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n');
    writeFileSync(join(dir, 'leaf.ext'), `subjectAltName=DNS:${CERT_DOMAIN}\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n`);

    run('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '3650', '-keyout', 'root.key', '-out', 'root.pem', '-subj', '/CN=Fuzz Root CA', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign');
    const intermediate = (name: string, days: string) => {
      run('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=Fuzz ${name}`);
      run('x509', '-req', '-in', `${name}.csr`, '-CA', 'root.pem', '-CAkey', 'root.key', '-CAcreateserial', '-days', days, '-extfile', 'ca.ext', '-out', `${name}.pem`);
    };
    intermediate('Intermediate', '3650');
    intermediate('Short', '30');

    const leaf = (name: string, keyArgs: string[], options: { days?: string; issuer?: string; digest?: string; ext?: boolean } = {}) => {
      run('genpkey', ...keyArgs, '-out', `${name}.key`);
      run('req', '-new', '-key', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${CERT_DOMAIN}`);
      const issuer = options.issuer ?? 'Intermediate';
      run('x509', '-req', '-in', `${name}.csr`, '-CA', `${issuer}.pem`, '-CAkey', `${issuer}.key`, '-CAcreateserial', '-days', options.days ?? '90', `-${options.digest ?? 'sha256'}`, ...(options.ext === false ? [] : ['-extfile', 'leaf.ext']), '-out', `${name}.pem`);
      return read(`${name}.pem`);
    };
    const rsa = (bits: number) => ['-algorithm', 'RSA', '-pkeyopt', `rsa_keygen_bits:${bits}`];
    const ec = (curve: string) => ['-algorithm', 'EC', '-pkeyopt', `ec_paramgen_curve:${curve}`];

    const standard = leaf('leaf', rsa(2048));
    const material = {
      root: read('root.pem'),
      intermediate: read('Intermediate.pem'),
      shortIntermediate: read('Short.pem'),
      leaf: { cert: standard, key: read('leaf.key') },
      rsa1024: leaf('rsa1024', rsa(1024)),
      ed25519: leaf('ed25519', ['-algorithm', 'ED25519']),
      secp256k1: leaf('secp256k1', ec('secp256k1')),
      p384: leaf('p384', ec('P-384')),
      sha1: leaf('sha1', rsa(2048), { digest: 'sha1' }),
      tenDays: leaf('ten', ec('P-256'), { days: '10' }),
      outlivesIntermediate: leaf('outlives', ec('P-256'), { issuer: 'Short' }),
      version1: leaf('v1', ec('P-256'), { ext: false }),
      notCa: leaf('notca', ec('P-256')),
      issuedByLeaf: '',
      selfSigned: '',
      der: Buffer.alloc(0),
    };
    material.issuedByLeaf = leaf('byleaf', ec('P-256'), { issuer: 'notca' });
    run('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '90', '-keyout', 'self.key', '-out', 'self.pem', '-subj', `/CN=${CERT_DOMAIN}`, '-addext', `subjectAltName=DNS:${CERT_DOMAIN}`);
    material.selfSigned = read('self.pem');
    run('x509', '-in', 'leaf.pem', '-outform', 'DER', '-out', 'leaf.der');
    material.der = readFileSync(join(dir, 'leaf.der'));
    return material;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
