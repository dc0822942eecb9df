/**
 * Checks Certbot output at synth time with node:crypto, so a wrong, expired or mis-ordered
 * certificate fails here with a clear message instead of as an ACM import error during apply.
 * Only public parts leave this module; the private key is read (when present) just to check it.
 *
 * What ACM imports (AWS Certificate Manager user guide, "Prerequisites for importing ACM
 * certificates"): X.509 version 3 certificates with RSA 1024/2048/3072/4096 or ECDSA P-256/P-384/P-521
 * keys, valid at import time, and an unencrypted private key of at most 5,120 bytes.
 */
import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import { relative, resolve } from 'node:path';
import type { FieldProblem } from './describe-issue';
import { readRegularFile } from './read-file';
import { readDerFacts, SIGNATURE_ALGORITHMS, WEAK_SIGNATURE_OIDS } from './x509-der';

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;
const EXPIRY_WARNING_DAYS = 30;
const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;
/** A certificate chain is a few KiB; anything this large is not one. */
const MAX_CERTIFICATE_FILE_BYTES = 256 * 1024;
/** ACM's limit for an imported private key. */
export const MAX_PRIVATE_KEY_BYTES = 5120;
const RSA_SIZES = [1024, 2048, 3072, 4096];
const EC_CURVES: Readonly<Record<string, string>> = { prime256v1: 'P-256', secp384r1: 'P-384', secp521r1: 'P-521' };

export interface ImportedCertificateFiles {
  readonly certificateFile?: string;
  readonly chainFile?: string;
  readonly fullchainFile?: string;
  readonly privateKeyFile?: string;
}

export interface CertificateMaterial {
  /** The leaf certificate, PEM. */
  readonly certificatePem: string;
  /** Intermediates in order (issuer of the leaf first), PEM. */
  readonly chainPem: string;
  /** When the leaf expires. */
  readonly notAfter: Date;
  readonly subject: string;
  /** Whether a local private key was found and checked against the certificate. */
  readonly privateKeyChecked: boolean;
}

export interface CertificateCheck {
  readonly material?: CertificateMaterial;
  /** Problems, each at the field that names the file. */
  readonly problems: readonly FieldProblem[];
  /** Things worth telling the user that do not stop the synth (near expiry, weak key, key not present locally). */
  readonly warnings: readonly FieldProblem[];
}

interface CheckContext {
  /** Directory that relative paths in the file are resolved against. */
  readonly baseDir: string;
  readonly domain: string;
  readonly now: Date;
}

type FileField = 'certificateFile' | 'chainFile' | 'fullchainFile' | 'privateKeyFile';

/** Reads and checks the PEM files an `imported` certificate names. */
export function checkImportedCertificate(files: ImportedCertificateFiles, context: CheckContext): CertificateCheck {
  const warnings: FieldProblem[] = [];
  const fail = (field: FileField, message: string): CertificateCheck => ({ problems: [{ path: ['certificate', field], message }], warnings });
  const warn = (field: FileField, message: string) => warnings.push({ path: ['certificate', field], message });

  let leaf: X509Certificate;
  let chain: X509Certificate[];
  if (files.fullchainFile !== undefined) {
    const parsed = readCertificates(files.fullchainFile, context);
    if ('error' in parsed) return fail('fullchainFile', parsed.error);
    if (parsed.certificates.length < 2) {
      return fail('fullchainFile', `${parsed.shown} holds ${parsed.certificates.length} certificate; a full chain has the leaf followed by at least one intermediate`);
    }
    [leaf, ...chain] = parsed.certificates;
  } else {
    const leafFile = readCertificates(files.certificateFile ?? '', context);
    if ('error' in leafFile) return fail('certificateFile', leafFile.error);
    if (leafFile.certificates.length !== 1) {
      return fail('certificateFile', `${leafFile.shown} holds ${leafFile.certificates.length} certificates; cert.pem holds the leaf only (use fullchainFile for a full chain)`);
    }
    const chainFile = readCertificates(files.chainFile ?? '', context);
    if ('error' in chainFile) return fail('chainFile', chainFile.error);
    leaf = leafFile.certificates[0];
    chain = chainFile.certificates;
  }

  const leafField: FileField = files.fullchainFile !== undefined ? 'fullchainFile' : 'certificateFile';
  const chainField: FileField = files.fullchainFile !== undefined ? 'fullchainFile' : 'chainFile';

  const notBefore = new Date(leaf.validFrom);
  const notAfter = new Date(leaf.validTo);
  if (notAfter.getTime() <= context.now.getTime()) {
    return fail(leafField, `the certificate expired on ${notAfter.toISOString()}; renew it (certbot renew) and synth again`);
  }
  if (notBefore.getTime() > context.now.getTime()) {
    return fail(leafField, `the certificate is not valid before ${notBefore.toISOString()}`);
  }
  if (leaf.checkHost(context.domain) === undefined) {
    return fail(leafField, `the certificate does not cover ${context.domain} (its names: ${leaf.subjectAltName ?? leaf.subject})`);
  }
  const facts = derFacts(leaf);
  if (facts.version !== 3) return fail(leafField, `the certificate is X.509 version ${facts.version}; ACM imports version 3 certificates only`);
  const key = describeKey(leaf.publicKey);
  if (!key.importable) {
    return fail(leafField, `the certificate has ${key.description}; ACM imports RSA 1024, 2048, 3072 or 4096-bit and ECDSA P-256, P-384 or P-521 keys only`);
  }
  if (key.weak) warn(leafField, `the certificate has ${key.description}, which ACM imports but is too weak to trust; issue it with an RSA 2048-bit (or larger) or ECDSA key`);
  if (WEAK_SIGNATURE_OIDS.has(facts.signatureOid)) {
    warn(leafField, `the certificate is signed with ${SIGNATURE_ALGORITHMS[facts.signatureOid]}, which browsers reject; reissue it with SHA-256 or stronger`);
  }

  let issued = leaf;
  let earliestExpiry = { date: notAfter, what: 'the certificate' };
  for (const [index, issuer] of chain.entries()) {
    const name = `certificate ${index + 1} of the chain (${oneLine(issuer.subject)})`;
    if (issuer.raw.equals(leaf.raw) || chain.slice(0, index).some((earlier) => earlier.raw.equals(issuer.raw))) {
      return fail(chainField, `${name} repeats ${issuer.raw.equals(leaf.raw) ? 'the leaf certificate' : 'an earlier certificate'}; the chain lists the intermediates that issued the leaf, each once`);
    }
    if (!issued.checkIssued(issuer) || !issued.verify(issuer.publicKey)) {
      const what = index === 0 ? 'the leaf certificate' : `chain certificate ${index}`;
      return fail(chainField, `chain order is wrong: ${name} did not issue ${what} (issuer: ${oneLine(issued.issuer)}); list intermediates from the leaf's issuer upwards`);
    }
    if (!issuer.ca) return fail(chainField, `${name} is not a CA certificate, so it cannot issue others; the chain holds intermediates only`);
    const issuerNotAfter = new Date(issuer.validTo);
    if (issuerNotAfter.getTime() <= context.now.getTime()) {
      return fail(chainField, `${name} expired on ${issuerNotAfter.toISOString()}; get the current chain from your CA (certbot renew writes it to chain.pem)`);
    }
    if (new Date(issuer.validFrom).getTime() > context.now.getTime()) {
      return fail(chainField, `${name} is not valid before ${new Date(issuer.validFrom).toISOString()}`);
    }
    if (issuerNotAfter.getTime() < earliestExpiry.date.getTime()) earliestExpiry = { date: issuerNotAfter, what: name };
    const selfSigned = issuer.checkIssued(issuer);
    if (!selfSigned && WEAK_SIGNATURE_OIDS.has(derFacts(issuer).signatureOid)) {
      warn(chainField, `${name} is signed with ${SIGNATURE_ALGORITHMS[derFacts(issuer).signatureOid]}, which browsers reject; get a current chain from your CA`);
    }
    issued = issuer;
  }

  const left = earliestExpiry.date.getTime() - context.now.getTime();
  if (left < EXPIRY_WARNING_DAYS * DAY_MS) {
    const field = earliestExpiry.what === 'the certificate' ? leafField : chainField;
    warn(field, `${earliestExpiry.what} expires in ${describeDuration(left)} (${earliestExpiry.date.toISOString()}); run certbot renew, then plan/apply to re-import`);
  }

  let privateKeyChecked = false;
  if (files.privateKeyFile !== undefined) {
    const checked = checkPrivateKey(files.privateKeyFile, leaf, context);
    if ('error' in checked) return fail('privateKeyFile', checked.error);
    if (checked.missing) {
      warn('privateKeyFile', `${checked.shown} is not present here, so the private key was not checked; Terraform reads it from the sensitive variable tls_private_key`);
    }
    privateKeyChecked = !checked.missing;
  }

  return {
    problems: [],
    warnings,
    material: {
      certificatePem: leaf.toString().trim() + '\n',
      chainPem: chain.map((c) => c.toString().trim()).join('\n') + '\n',
      notAfter,
      subject: leaf.subject,
      privateKeyChecked,
    },
  };
}

function checkPrivateKey(file: string, leaf: X509Certificate, context: CheckContext): { error: string } | { missing: boolean; shown: string } {
  const path = resolve(context.baseDir, file);
  const read = readRegularFile(path, 64 * 1024, file);
  if (!read.ok) {
    if (read.brokenLinkTarget === undefined && /does not exist$/.test(read.message)) return { missing: true, shown: file };
    return { error: withLinkHint(read.message, read.brokenLinkTarget) };
  }
  if (read.bytes.length > MAX_PRIVATE_KEY_BYTES) {
    return { error: `${file} is ${read.bytes.length} bytes; ACM imports private keys of at most ${MAX_PRIVATE_KEY_BYTES} bytes` };
  }
  const pem = read.bytes.toString('latin1');
  // The key's own structure says whether it is encrypted; a comment that says ENCRYPTED does not.
  const encrypted = `${file} is encrypted; ACM needs an unencrypted key (Certbot writes one; openssl pkey -in ${file} -out key.pem removes the passphrase)`;
  if (isEncryptedPem(pem)) return { error: encrypted };
  let key: KeyObject;
  try {
    key = createPrivateKey(pem);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ERR_MISSING_PASSPHRASE' || code === 'ERR_OSSL_CRYPTO_INTERRUPTED_OR_CANCELLED') return { error: encrypted };
    return { error: `${file} is not a readable PEM private key (${firstLine((error as Error).message)})` };
  }
  if (!leaf.checkPrivateKey(key)) return { error: `${file} does not match the certificate's public key` };
  return { missing: false, shown: file };
}

/** PKCS#8 `ENCRYPTED PRIVATE KEY` blocks, or a traditional key block with a `Proc-Type: 4,ENCRYPTED` header. */
export function isEncryptedPem(pem: string): boolean {
  const block = /-----BEGIN ([A-Z0-9 ]+)-----\r?\n((?:[A-Za-z-]+:[^\n]*\r?\n)*)/.exec(pem);
  if (!block) return false;
  if (block[1] === 'ENCRYPTED PRIVATE KEY') return true;
  return /^Proc-Type:\s*4,\s*ENCRYPTED\s*$/m.test(block[2]);
}

type ReadResult = { certificates: X509Certificate[]; shown: string } | { error: string };

function readCertificates(file: string, context: CheckContext): ReadResult {
  const path = resolve(context.baseDir, file);
  const read = readRegularFile(path, MAX_CERTIFICATE_FILE_BYTES, file);
  if (!read.ok) {
    const notFound = /does not exist$/.test(read.message) && read.brokenLinkTarget === undefined;
    const message = notFound ? `${read.message} (looked for ${relative(process.cwd(), path) || path}; paths are relative to the environment file)` : read.message;
    return { error: withLinkHint(message, read.brokenLinkTarget) };
  }
  const text = read.bytes.toString('latin1');
  if (/PRIVATE KEY-----/.test(text)) {
    return { error: `${file} contains a private key; certificate files must hold certificates only` };
  }
  const blocks = text.match(PEM_CERTIFICATE) ?? [];
  if (blocks.length === 0) return { error: `${file} holds no PEM certificate (expected -----BEGIN CERTIFICATE----- blocks; ACM imports PEM, not DER)` };
  const certificates: X509Certificate[] = [];
  for (const [index, block] of blocks.entries()) {
    try {
      certificates.push(new X509Certificate(block));
    } catch (error) {
      return { error: `${file}: certificate ${index + 1} does not parse (${firstLine((error as Error).message)})` };
    }
  }
  return { certificates, shown: file };
}

/** Certbot's live/ files are links into archive/; a copy of the links alone breaks them. */
function withLinkHint(message: string, brokenLinkTarget: string | undefined): string {
  if (brokenLinkTarget === undefined) return message;
  return `${message}; Certbot's live/ files are links into archive/: copy the files themselves (cp -L), not the links`;
}

function describeKey(key: KeyObject): { importable: boolean; weak: boolean; description: string } {
  const details = key.asymmetricKeyDetails ?? {};
  if (key.asymmetricKeyType === 'rsa') {
    const bits = details.modulusLength ?? 0;
    return { importable: RSA_SIZES.includes(bits), weak: bits < 2048, description: `an RSA ${bits}-bit key` };
  }
  if (key.asymmetricKeyType === 'ec') {
    const curve = details.namedCurve ?? 'unknown';
    return { importable: curve in EC_CURVES, weak: false, description: `an ECDSA key on curve ${EC_CURVES[curve] ?? curve}` };
  }
  const names: Record<string, string> = { ed25519: 'an Ed25519 key', ed448: 'an Ed448 key', 'rsa-pss': 'an RSA-PSS key', dsa: 'a DSA key' };
  return { importable: false, weak: false, description: names[key.asymmetricKeyType ?? ''] ?? `a ${key.asymmetricKeyType ?? 'unknown'} key` };
}

function derFacts(certificate: X509Certificate): { version: number; signatureOid: string } {
  try {
    return readDerFacts(certificate.raw);
  } catch {
    // X509Certificate parsed it, so the DER is sound; an unusual encoding only loses these two checks.
    return { version: 3, signatureOid: '' };
  }
}

/** "10 days", "1 day", "5 hours": rounded up, so 9 days and 23 hours is "10 days". */
function describeDuration(ms: number): string {
  if (ms >= DAY_MS) {
    const days = Math.ceil(ms / DAY_MS);
    return `${days} day${days === 1 ? '' : 's'}`;
  }
  const hours = Math.max(1, Math.ceil(ms / HOUR_MS));
  return `${hours} hour${hours === 1 ? '' : 's'}`;
}

function oneLine(distinguishedName: string): string {
  return distinguishedName.split('\n').join(', ');
}

function firstLine(text: string): string {
  return text.split('\n')[0];
}
