/**
 * The imported-certificate checks against chains generated here (never committed keys): what parses,
 * validity window, domain coverage, chain order, private key match and encryption, near-expiry warning.
 */
import { X509Certificate } from 'node:crypto';
import { ConfigError } from '../../config/errors';
import { loadEnvironment } from '../../config/load';
import { makeChain, type TestChain } from '../helpers/certificates';
import { baseEnvironment, merge, writeEnvironment } from '../helpers/environments';

const DOMAIN = 'staging.example.com';
let chain: TestChain;

beforeAll(() => {
  chain = makeChain(DOMAIN, 90);
});

function importedEnv(certificate: Record<string, unknown>) {
  return { ...merge(baseEnvironment(), { domain: DOMAIN }), certificate: { source: 'imported', ...certificate } };
}

function load(certificate: Record<string, unknown>, files: Record<string, string>, now?: Date) {
  const { file } = writeEnvironment('staging', importedEnv(certificate), files);
  return loadEnvironment(file, { now });
}

function problemOf(certificate: Record<string, unknown>, files: Record<string, string>, now?: Date): string {
  try {
    load(certificate, files, now);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

const split = { certificateFile: 'certs/cert.pem', chainFile: 'certs/chain.pem' };

test('cert.pem + chain.pem load; only public parts are kept, in leaf-then-chain order', () => {
  const env = load({ ...split, privateKeyFile: 'certs/privkey.pem' }, {
    'certs/cert.pem': chain.cert,
    'certs/chain.pem': chain.intermediate + chain.root,
    'certs/privkey.pem': chain.key,
  });
  const material = env.certificateMaterial!;
  expect(new X509Certificate(material.certificatePem).subject).toContain(`CN=${DOMAIN}`);
  expect(material.chainPem.match(/BEGIN CERTIFICATE/g)).toHaveLength(2);
  expect(material.certificatePem + material.chainPem).not.toMatch(/PRIVATE KEY/);
  expect(material.privateKeyChecked).toBe(true);
  expect(env.warnings).toEqual([]);
});

test('fullchain.pem works in place of cert.pem + chain.pem', () => {
  const env = load({ fullchainFile: 'live/fullchain.pem' }, { 'live/fullchain.pem': chain.cert + chain.intermediate });
  expect(new X509Certificate(env.certificateMaterial!.chainPem).subject).toContain('CN=Test Intermediate CA');
});

test('a private key that is not present locally is not an error, but is said', () => {
  const env = load({ ...split, privateKeyFile: 'certs/privkey.pem' }, { 'certs/cert.pem': chain.cert, 'certs/chain.pem': chain.intermediate });
  expect(env.certificateMaterial!.privateKeyChecked).toBe(false);
  expect(env.warnings.join('\n')).toMatch(/privkey\.pem is not present here.*tls_private_key/);
});

test('a certificate expiring within 30 days loads with a warning', () => {
  const notAfter = new X509Certificate(chain.cert).validTo;
  const now = new Date(new Date(notAfter).getTime() - 10 * 24 * 3600 * 1000);
  const env = load(split, { 'certs/cert.pem': chain.cert, 'certs/chain.pem': chain.intermediate }, now);
  expect(env.warnings.join('\n')).toMatch(/expires in (9|10) days.*certbot renew/);
});

// Every row has all five entries: jest treats a callback with more parameters than the row as async (done).
const failures: Array<[string, Record<string, unknown>, () => Record<string, string>, RegExp, Date | undefined]> = [
  ['missing certificate file', split, () => ({ 'certs/chain.pem': chain.intermediate }), /certificate\.certificateFile: .*cert\.pem does not exist/, undefined],
  ['file without any PEM block', split, () => ({ 'certs/cert.pem': 'hello', 'certs/chain.pem': chain.intermediate }), /certificate\.certificateFile: .*holds no PEM certificate/, undefined],
  ['PEM that does not parse', split, () => ({ 'certs/cert.pem': '-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----\n', 'certs/chain.pem': chain.intermediate }), /certificate\.certificateFile: .*certificate 1 does not parse/, undefined],
  ['private key inside a certificate file', split, () => ({ 'certs/cert.pem': chain.cert + chain.key, 'certs/chain.pem': chain.intermediate }), /certificate\.certificateFile: .*contains a private key/, undefined],
  ['cert.pem holding the full chain', split, () => ({ 'certs/cert.pem': chain.cert + chain.intermediate, 'certs/chain.pem': chain.intermediate }), /holds 2 certificates; cert\.pem holds the leaf only/, undefined],
  ['fullchain with the leaf only', { fullchainFile: 'fullchain.pem' }, () => ({ 'fullchain.pem': chain.cert }), /certificate\.fullchainFile: .*holds 1 certificate; a full chain/, undefined],
  ['expired certificate', split, () => ({ 'certs/cert.pem': chain.cert, 'certs/chain.pem': chain.intermediate }), /certificate\.certificateFile: the certificate expired on/, new Date(Date.now() + 400 * 24 * 3600 * 1000)],
  ['not yet valid', split, () => ({ 'certs/cert.pem': chain.cert, 'certs/chain.pem': chain.intermediate }), /certificate\.certificateFile: the certificate is not valid before/, new Date(Date.now() - 2 * 24 * 3600 * 1000)],
  ['chain in the wrong order', split, () => ({ 'certs/cert.pem': chain.cert, 'certs/chain.pem': chain.root + chain.intermediate }), /certificate\.chainFile: chain order is wrong: certificate 1 of the chain \(CN=Test Root CA\) did not issue the leaf certificate/, undefined],
  ['chain that did not issue the leaf', split, () => ({ 'certs/cert.pem': chain.cert, 'certs/chain.pem': chain.root }), /certificate\.chainFile: chain order is wrong/, undefined],
  ['private key that does not match', { ...split, privateKeyFile: 'k.pem' }, () => ({ 'certs/cert.pem': chain.cert, 'certs/chain.pem': chain.intermediate, 'k.pem': chain.otherKey }), /certificate\.privateKeyFile: k\.pem does not match the certificate's public key/, undefined],
  ['encrypted private key', { ...split, privateKeyFile: 'k.pem' }, () => ({ 'certs/cert.pem': chain.cert, 'certs/chain.pem': chain.intermediate, 'k.pem': chain.encryptedKey }), /certificate\.privateKeyFile: k\.pem is encrypted/, undefined],
  ['unreadable private key', { ...split, privateKeyFile: 'k.pem' }, () => ({ 'certs/cert.pem': chain.cert, 'certs/chain.pem': chain.intermediate, 'k.pem': '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n' }), /certificate\.privateKeyFile: k\.pem is not a readable PEM private key/, undefined],
  ['both fullchain and split files', { ...split, fullchainFile: 'f.pem' }, () => ({}), /certificate\.fullchainFile: give either fullchainFile, or certificateFile with chainFile/, undefined],
  ['chain file missing from the settings', { certificateFile: 'certs/cert.pem' }, () => ({}), /certificate\.chainFile: is required/, undefined],
];

test.each(failures)('%s fails with a message naming the field', (_name, certificate, files, expected, now) => {
  expect(problemOf(certificate, files(), now)).toMatch(expected);
});

test('a certificate for another domain is refused', () => {
  const other = makeChain('other.example.org', 90);
  expect(problemOf(split, { 'certs/cert.pem': other.cert, 'certs/chain.pem': other.intermediate })).toMatch(
    /certificate\.certificateFile: the certificate does not cover staging\.example\.com \(its names: DNS:other\.example\.org\)/,
  );
});
