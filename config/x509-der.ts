/**
 * The two facts about a certificate that node:crypto's X509Certificate does not expose on Node 20:
 * its X.509 version and its signature algorithm. Both sit at fixed places of the DER structure
 * (RFC 5280 §4.1), so a minimal DER walk reads them without another dependency.
 */

export interface DerFacts {
  /** 1, 2 or 3. */
  readonly version: number;
  /** Dotted OID of the signature algorithm. */
  readonly signatureOid: string;
}

/** Well-known signature algorithms, by OID. */
export const SIGNATURE_ALGORITHMS: Readonly<Record<string, string>> = {
  '1.2.840.113549.1.1.4': 'MD5 with RSA',
  '1.2.840.113549.1.1.5': 'SHA-1 with RSA',
  '1.2.840.113549.1.1.11': 'SHA-256 with RSA',
  '1.2.840.113549.1.1.12': 'SHA-384 with RSA',
  '1.2.840.113549.1.1.13': 'SHA-512 with RSA',
  '1.2.840.113549.1.1.10': 'RSA-PSS',
  '1.2.840.10045.4.1': 'ECDSA with SHA-1',
  '1.2.840.10045.4.3.2': 'ECDSA with SHA-256',
  '1.2.840.10045.4.3.3': 'ECDSA with SHA-384',
  '1.2.840.10045.4.3.4': 'ECDSA with SHA-512',
  '1.3.101.112': 'Ed25519',
  '1.3.101.113': 'Ed448',
};

/** Signature algorithms no longer safe against forgery. */
export const WEAK_SIGNATURE_OIDS: ReadonlySet<string> = new Set(['1.2.840.113549.1.1.4', '1.2.840.113549.1.1.5', '1.2.840.10045.4.1']);

interface Element {
  readonly tag: number;
  /** Offset of the content. */
  readonly start: number;
  /** Offset just past the content. */
  readonly end: number;
}

function readElement(der: Buffer, offset: number): Element {
  if (offset + 2 > der.length) throw new Error('truncated DER');
  const tag = der[offset];
  let length = der[offset + 1];
  let start = offset + 2;
  if (length & 0x80) {
    const bytes = length & 0x7f;
    if (bytes === 0 || bytes > 4 || start + bytes > der.length) throw new Error('unsupported DER length');
    length = 0;
    for (let i = 0; i < bytes; i++) length = length * 256 + der[start + i];
    start += bytes;
  }
  const end = start + length;
  if (end > der.length) throw new Error('truncated DER');
  return { tag, start, end };
}

function decodeOid(bytes: Buffer): string {
  const parts: number[] = [Math.floor(bytes[0] / 40), bytes[0] % 40];
  let value = 0;
  for (let i = 1; i < bytes.length; i++) {
    value = value * 128 + (bytes[i] & 0x7f);
    if (!(bytes[i] & 0x80)) {
      parts.push(value);
      value = 0;
    }
  }
  return parts.join('.');
}

/** Reads version and signature algorithm from a certificate's DER bytes (X509Certificate.raw). */
export function readDerFacts(der: Buffer): DerFacts {
  const certificate = readElement(der, 0);
  const tbs = readElement(der, certificate.start);
  const first = readElement(der, tbs.start);
  // version is [0] EXPLICIT INTEGER, absent for v1.
  let version = 1;
  if (first.tag === 0xa0) {
    const integer = readElement(der, first.start);
    version = der[integer.start] + 1;
  }
  const algorithm = readElement(der, tbs.end);
  const oid = readElement(der, algorithm.start);
  if (oid.tag !== 0x06) throw new Error('no signature algorithm');
  return { version, signatureOid: decodeOid(der.subarray(oid.start, oid.end)) };
}
