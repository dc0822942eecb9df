/**
 * Imported-certificate fuzz cases: key types and sizes ACM cannot import, chains that are expired,
 * repeated or not issued by a CA, weak keys and signatures (warnings), encryption told by the key's
 * structure rather than a word in a comment, and files that are not files (directories, pipes,
 * devices, broken Certbot links). Each row: files → the problem at the field that names the file, or
 * the warnings of a certificate that loads.
 */
import { CERT_DOMAIN, type CertificateMaterial } from './certificate-material';
import type { ExpectedProblem } from './environment-cases';
import type { FileSpec } from './files';

export interface CertificateCase {
  readonly name: string;
  readonly files: (material: CertificateMaterial) => Record<string, FileSpec>;
  /** Problems that must be reported; empty: the file must load. */
  readonly expected: readonly ExpectedProblem[];
  /** Warnings of a file that loads (each must match one). */
  readonly warnings?: readonly RegExp[];
  /** Days from now for the validity checks. @default 0 */
  readonly daysFromNow?: number;
}

const DAY = 24 * 60 * 60 * 1000;

export function nowFor(testCase: CertificateCase): Date {
  return new Date(Date.now() + (testCase.daysFromNow ?? 0) * DAY);
}

/** staging.yaml naming the certificate files: certificateFile on line 8, chainFile 9, privateKeyFile 10. */
export function certificateEnv(fields: { certificateFile?: string; chainFile?: string; fullchainFile?: string; privateKeyFile?: string }): string {
  const lines = ['app: web', 'production: false', 'region: us-east-1', `domain: ${CERT_DOMAIN}`, 'hostedZoneId: Z0123456789EXAMPLE', 'certificate:', '  source: imported'];
  for (const [key, value] of Object.entries(fields)) if (value !== undefined) lines.push(`  ${key}: ${value}`);
  lines.push('network:', '  create:', '    availabilityZones: [us-east-1a, us-east-1b]', 'task:', '  imageTag: "1.2.3"');
  return lines.join('\n') + '\n';
}

const split = { certificateFile: 'certs/cert.pem', chainFile: 'certs/chain.pem' };
const withKey = { ...split, privateKeyFile: 'certs/privkey.pem' };
const at = (line: number, field: string, message: RegExp): ExpectedProblem[] => [{ file: 'staging.yaml', line, field: `certificate.${field}`, message }];
const leafWith = (cert: string) => (m: CertificateMaterial) => ({ 'staging.yaml': certificateEnv(split), 'certs/cert.pem': cert, 'certs/chain.pem': m.intermediate });

export const CERTIFICATE_CASES: readonly CertificateCase[] = [
  // Keys ACM cannot import
  { name: 'Ed25519 key', files: (m) => leafWith(m.ed25519)(m), expected: at(8, 'certificateFile', /^the certificate has an Ed25519 key; ACM imports RSA 1024, 2048, 3072 or 4096-bit and ECDSA P-256, P-384 or P-521 keys only$/) },
  { name: 'secp256k1 key', files: (m) => leafWith(m.secp256k1)(m), expected: at(8, 'certificateFile', /^the certificate has an ECDSA key on curve secp256k1; ACM imports/) },
  { name: 'X.509 version 1', files: (m) => leafWith(m.version1)(m), expected: at(8, 'certificateFile', /^the certificate is X\.509 version 1; ACM imports version 3 certificates only$/) },

  // Chains
  { name: 'expired intermediate', files: (m) => ({ 'staging.yaml': certificateEnv(split), 'certs/cert.pem': m.outlivesIntermediate, 'certs/chain.pem': m.shortIntermediate }), daysFromNow: 45, expected: at(9, 'chainFile', /^certificate 1 of the chain \(CN=Fuzz Short\) expired on .*; get the current chain from your CA/) },
  { name: 'self-signed leaf given as its own chain', files: (m) => ({ 'staging.yaml': certificateEnv(split), 'certs/cert.pem': m.selfSigned, 'certs/chain.pem': m.selfSigned }), expected: at(9, 'chainFile', /^certificate 1 of the chain \(CN=staging\.example\.com\) repeats the leaf certificate/) },
  { name: 'the same intermediate twice', files: (m) => ({ 'staging.yaml': certificateEnv(split), 'certs/cert.pem': m.leaf.cert, 'certs/chain.pem': m.intermediate + m.intermediate }), expected: at(9, 'chainFile', /^certificate 2 of the chain \(CN=Fuzz Intermediate\) repeats an earlier certificate/) },
  { name: 'chain certificate that is no CA', files: (m) => ({ 'staging.yaml': certificateEnv(split), 'certs/cert.pem': m.issuedByLeaf, 'certs/chain.pem': m.notCa }), expected: at(9, 'chainFile', /^certificate 1 of the chain \(CN=staging\.example\.com\) is not a CA certificate/) },
  { name: 'full chain with the root', files: (m) => ({ 'staging.yaml': certificateEnv({ fullchainFile: 'live/fullchain.pem' }), 'live/fullchain.pem': m.leaf.cert + m.intermediate + m.root }), expected: [] },

  // Warnings
  { name: 'RSA 1024-bit key', files: (m) => leafWith(m.rsa1024)(m), expected: [], warnings: [/staging\.yaml:8: certificate\.certificateFile: the certificate has an RSA 1024-bit key, which ACM imports but is too weak to trust/] },
  { name: 'SHA-1 signature', files: (m) => leafWith(m.sha1)(m), expected: [], warnings: [/staging\.yaml:8: certificate\.certificateFile: the certificate is signed with SHA-1 with RSA, which browsers reject/] },
  { name: '10 days to expiry', files: (m) => leafWith(m.tenDays)(m), expected: [], warnings: [/staging\.yaml:8: certificate\.certificateFile: the certificate expires in 10 days \(/] },
  { name: 'intermediate expiring before the leaf', files: (m) => ({ 'staging.yaml': certificateEnv(split), 'certs/cert.pem': m.outlivesIntermediate, 'certs/chain.pem': m.shortIntermediate }), expected: [], warnings: [/staging\.yaml:9: certificate\.chainFile: certificate 1 of the chain \(CN=Fuzz Short\) expires in 30 days/] },
  { name: 'ECDSA P-384 key', files: (m) => leafWith(m.p384)(m), expected: [], warnings: [] },

  // Private keys
  { name: 'the word ENCRYPTED in a comment of an unencrypted key', files: (m) => ({ ...leafWith(m.leaf.cert)(m), 'staging.yaml': certificateEnv(withKey), 'certs/privkey.pem': `# ENCRYPTED copy lives in the vault\n${m.leaf.key}` }), expected: [], warnings: [] },
  { name: 'private key over ACM\'s 5,120 bytes', files: (m) => ({ ...leafWith(m.leaf.cert)(m), 'staging.yaml': certificateEnv(withKey), 'certs/privkey.pem': `${'# padding\n'.repeat(600)}${m.leaf.key}` }), expected: at(10, 'privateKeyFile', /^certs\/privkey\.pem is \d+ bytes; ACM imports private keys of at most 5120 bytes$/) },
  { name: 'private key that is a directory', files: (m) => ({ ...leafWith(m.leaf.cert)(m), 'staging.yaml': certificateEnv(withKey), 'certs/privkey.pem': { directory: true } }), expected: at(10, 'privateKeyFile', /^certs\/privkey\.pem is a directory, not a regular file$/) },

  // Files that are not certificate files
  { name: 'directory as certificateFile', files: (m) => ({ 'staging.yaml': certificateEnv(split), 'certs/cert.pem': { directory: true }, 'certs/chain.pem': m.intermediate }), expected: at(8, 'certificateFile', /^certs\/cert\.pem is a directory, not a regular file$/) },
  { name: 'named pipe as certificateFile', files: (m) => ({ 'staging.yaml': certificateEnv(split), 'certs/cert.pem': { fifo: true }, 'certs/chain.pem': m.intermediate }), expected: at(8, 'certificateFile', /^certs\/cert\.pem is a named pipe \(FIFO\), not a regular file$/) },
  { name: '/dev/zero as certificateFile', files: (m) => ({ 'staging.yaml': certificateEnv({ ...split, certificateFile: 'certs/zero' }), 'certs/zero': { symlink: '/dev/zero' }, 'certs/chain.pem': m.intermediate }), expected: at(8, 'certificateFile', /^certs\/zero is a device, not a regular file$/) },
  { name: 'certificate file of 300 KiB', files: (m) => ({ 'staging.yaml': certificateEnv(split), 'certs/cert.pem': m.leaf.cert + '#'.repeat(300 * 1024), 'certs/chain.pem': m.intermediate }), expected: at(8, 'certificateFile', /^certs\/cert\.pem is 30\d\.\d KiB; at most 256 KiB is allowed here$/) },
  { name: 'DER certificate', files: (m) => ({ 'staging.yaml': certificateEnv(split), 'certs/cert.pem': m.der, 'certs/chain.pem': m.intermediate }), expected: at(8, 'certificateFile', /^certs\/cert\.pem holds no PEM certificate \(.*ACM imports PEM, not DER\)$/) },
  { name: 'missing chain file', files: (m) => ({ 'staging.yaml': certificateEnv(split), 'certs/cert.pem': m.leaf.cert }), expected: at(9, 'chainFile', /^certs\/chain\.pem does not exist \(looked for .*certs\/chain\.pem; paths are relative to the environment file\)$/) },

  // Certbot's live/ → archive/ links
  {
    name: 'Certbot live/ links into archive/',
    files: (m) => ({
      'staging.yaml': certificateEnv({ certificateFile: 'letsencrypt/live/example/cert.pem', chainFile: 'letsencrypt/live/example/chain.pem' }),
      'letsencrypt/archive/example/cert1.pem': m.leaf.cert,
      'letsencrypt/archive/example/chain1.pem': m.intermediate,
      'letsencrypt/live/example/cert.pem': { symlink: '../../archive/example/cert1.pem' },
      'letsencrypt/live/example/chain.pem': { symlink: '../../archive/example/chain1.pem' },
    }),
    expected: [],
    warnings: [],
  },
  {
    name: 'copy of live/ without archive/',
    files: (m) => ({
      'staging.yaml': certificateEnv({ certificateFile: 'live/example/cert.pem', chainFile: 'live/example/chain.pem' }),
      'live/example/cert.pem': { symlink: '../../archive/example/cert1.pem' },
      'live/example/chain.pem': m.intermediate,
    }),
    expected: at(8, 'certificateFile', /^live\/example\/cert\.pem is a symbolic link to \.\.\/\.\.\/archive\/example\/cert1\.pem, which does not exist; Certbot's live\/ files are links into archive\/: copy the files themselves \(cp -L\), not the links$/),
  },
];
