import { parseType, requiredVariables, standIns, standInValue, type RequiredVariable } from '../../terraform-runner/stand-ins';

/** The variables block of the staging stack (imported certificate) as cdktf writes it. */
const staging = {
  variable: {
    image_tag: { default: '1.0.0', type: 'string' },
    tls_private_key: {
      description: 'PEM private key of the imported certificate (Certbot privkey.pem). Set TF_VAR_tls_private_key or a sensitive workspace variable.',
      nullable: false,
      sensitive: true,
      type: 'string',
      validation: [
        {
          condition: '${can(regex("-----BEGIN (RSA |EC )?PRIVATE KEY-----", var.tls_private_key))}',
          error_message: 'tls_private_key must be an unencrypted PEM private key (the contents of privkey.pem).',
        },
      ],
    },
    nullable_default: { default: null, type: 'string' },
  },
};

test('only variables without a default are required (a null default counts as a default)', () => {
  const required = requiredVariables(staging);
  expect(required.map((v) => v.name)).toEqual(['tls_private_key']);
  expect(required[0].sensitive).toBe(true);
  expect(required[0].hints).toContain('PRIVATE KEY');
});

test("a private key variable gets a real throwaway PEM key that passes the stack's own validation", () => {
  const [variable] = requiredVariables(staging);
  const value = standInValue(variable);
  expect(typeof value).toBe('string');
  // The validation regex of the staging stack, as Terraform's RE2 would read it.
  expect(value as string).toMatch(/-----BEGIN (RSA |EC )?PRIVATE KEY-----/);
  expect(value as string).toMatch(/^-----BEGIN PRIVATE KEY-----\n[A-Za-z0-9+/=\n]+-----END PRIVATE KEY-----\n$/);
  expect(standInValue(variable)).not.toBe(value); // made fresh every time, never a fixed key in the repo
});

test.each([
  ['-----BEGIN RSA PRIVATE KEY-----', 'rsa'],
  ['-----BEGIN EC PRIVATE KEY-----', 'ec'],
  ['any private key', 'pkcs8'],
])('hints %s ask for a %s key', (hint, kind) => {
  const variable: RequiredVariable = { name: 'key', type: 'string', sensitive: true, hints: hint };
  expect(standInValue(variable, (k) => `key:${k}`)).toBe(`key:${kind}`);
});

test.each([
  ['string', 'stand-in'],
  ['number', 0],
  ['bool', false],
  [undefined, 'stand-in'],
  ['list(string)', []],
  ['set(number)', []],
  ['map(string)', {}],
  ['tuple([string, number, bool])', ['stand-in', 0, false]],
  ['object({ name = string, port = optional(number, 80), tags = optional(map(string), {}) })', { name: 'stand-in' }],
  ['${object({\n  cidr = string\n  azs = list(string)\n  nested = object({ on = bool })\n})}', { cidr: 'stand-in', azs: [], nested: { on: false } }],
])('type %s gets %j', (type, value) => {
  expect(standInValue({ name: 'v', ...(type ? { type } : {}), sensitive: false, hints: '' })).toEqual(value);
});

test('standIns gives one value per required variable', () => {
  const values = standIns(
    [
      { name: 'a', type: 'number', sensitive: false, hints: '' },
      { name: 'tls_private_key', type: 'string', sensitive: true, hints: 'PRIVATE KEY' },
    ],
    () => 'PEM',
  );
  expect(values).toEqual({ a: 0, tls_private_key: 'PEM' });
});

test('a type it cannot read is an error that quotes the type', () => {
  expect(() => parseType('list(strin)')).toThrow('cannot read type "list(strin)"');
  expect(() => parseType('string extra')).toThrow(/unexpected extra/);
});
