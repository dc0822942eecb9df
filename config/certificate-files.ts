/**
 * Checks Certbot output at synth time with node:crypto, so a wrong, expired or mis-ordered
 * certificate fails here with a clear message instead of as an ACM import error during apply.
 * Only public parts leave this module; the private key is read (when present) just to check it.
 */
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import type { ConfigProblem } from './errors';

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;
const EXPIRY_WARNING_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;

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
  readonly notAfter: Date;
  readonly subject: string;
  /** Whether a local private key was found and checked against the certificate. */
  readonly privateKeyChecked: boolean;
  /** Things worth telling the user that do not stop the synth (near expiry, key not present locally). */
  readonly warnings: readonly string[];
}

export interface CheckResult {
  readonly material?: CertificateMaterial;
  readonly problems: readonly ConfigProblem[];
}

interface CheckContext {
  /** The environment file, for messages. */
  readonly envFile: string;
  /** Directory that relative paths in the file are resolved against. */
  readonly baseDir: string;
  readonly domain: string;
  readonly now: Date;
}

/** Reads and checks the PEM files an `imported` certificate names. */
export function checkImportedCertificate(files: ImportedCertificateFiles, context: CheckContext): CheckResult {
  const problems: ConfigProblem[] = [];
  const fail = (field: string, message: string): CheckResult => {
    problems.push({ file: context.envFile, field: `certificate.${field}`, message });
    return { problems };
  };

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

  const leafField = files.fullchainFile !== undefined ? 'fullchainFile' : 'certificateFile';
  const chainField = files.fullchainFile !== undefined ? 'fullchainFile' : 'chainFile';

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

  let issued = leaf;
  for (const [index, issuer] of chain.entries()) {
    if (!issued.checkIssued(issuer) || !issued.verify(issuer.publicKey)) {
      const what = index === 0 ? 'the leaf certificate' : `chain certificate ${index}`;
      return fail(chainField, `chain order is wrong: certificate ${index + 1} of the chain (${oneLine(issuer.subject)}) did not issue ${what} (issuer: ${oneLine(issued.issuer)}); list intermediates from the leaf's issuer upwards`);
    }
    issued = issuer;
  }

  const warnings: string[] = [];
  const daysLeft = Math.floor((notAfter.getTime() - context.now.getTime()) / DAY_MS);
  if (daysLeft < EXPIRY_WARNING_DAYS) {
    warnings.push(`${context.envFile}: certificate for ${context.domain} expires in ${daysLeft} days (${notAfter.toISOString()}); run certbot renew, then plan/apply to re-import`);
  }

  let privateKeyChecked = false;
  if (files.privateKeyFile !== undefined) {
    const keyPath = resolve(context.baseDir, files.privateKeyFile);
    if (!existsSync(keyPath)) {
      warnings.push(`${context.envFile}: ${files.privateKeyFile} is not present here, so the private key was not checked; Terraform reads it from the sensitive variable tls_private_key`);
    } else {
      const keyPem = readFileSync(keyPath, 'utf8');
      if (/ENCRYPTED/.test(keyPem)) {
        return fail('privateKeyFile', `${files.privateKeyFile} is encrypted; ACM needs an unencrypted key (Certbot writes one)`);
      }
      let key;
      try {
        key = createPrivateKey(keyPem);
      } catch (error) {
        return fail('privateKeyFile', `${files.privateKeyFile} is not a readable PEM private key (${(error as Error).message})`);
      }
      if (!leaf.checkPrivateKey(key)) {
        return fail('privateKeyFile', `${files.privateKeyFile} does not match the certificate's public key`);
      }
      privateKeyChecked = true;
    }
  }

  return {
    problems,
    material: {
      certificatePem: leaf.toString().trim() + '\n',
      chainPem: chain.map((c) => c.toString().trim()).join('\n') + '\n',
      notAfter,
      subject: leaf.subject,
      privateKeyChecked,
      warnings,
    },
  };
}

type ReadResult = { certificates: X509Certificate[]; shown: string } | { error: string };

function readCertificates(file: string, context: CheckContext): ReadResult {
  const path = resolve(context.baseDir, file);
  const shown = relative(process.cwd(), path) || file;
  if (!existsSync(path)) return { error: `${shown} does not exist (paths are relative to the environment file)` };
  const text = readFileSync(path, 'utf8');
  if (/PRIVATE KEY-----/.test(text)) {
    return { error: `${shown} contains a private key; certificate files must hold certificates only` };
  }
  const blocks = text.match(PEM_CERTIFICATE) ?? [];
  if (blocks.length === 0) return { error: `${shown} holds no PEM certificate (expected -----BEGIN CERTIFICATE----- blocks)` };
  const certificates: X509Certificate[] = [];
  for (const [index, block] of blocks.entries()) {
    try {
      certificates.push(new X509Certificate(block));
    } catch (error) {
      return { error: `${shown}: certificate ${index + 1} does not parse (${(error as Error).message})` };
    }
  }
  return { certificates, shown };
}

function oneLine(distinguishedName: string): string {
  return distinguishedName.split('\n').join(', ');
}
