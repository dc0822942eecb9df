import { jsonLine, sourceGraph, src, synth, tf, unresolved, SOURCE_FILE, type RuleCases } from '../helpers';

// An access key id built at runtime so this file itself holds no key-shaped string.
const KEY = ['AKIA', 'ABCDEFGHIJKLMNOP'].join('');
const staticKeys = tf({}, { provider: { aws: [{ region: 'eu-west-1', access_key: KEY, secret_key: 'abc/def' }] } });
const rootRole = tf({}, { provider: { aws: [{ region: 'eu-west-1', assume_role: [{ role_arn: 'arn:aws:iam::123456789012:root' }] }] } });
const backend = { ...tf({}), terraform: { backend: { s3: { bucket: 'state', key: 'prod.tfstate', region: 'eu-west-1', secret_key: 'abc', assume_role: { role_arn: 'arn:aws:iam::123456789012:root' } } } } };
const backendRoleArn = { ...tf({}), terraform: { backend: { s3: { bucket: 'state', key: 'prod.tfstate', region: 'eu-west-1', role_arn: 'arn:aws:iam::123456789012:root' } } } };
const keyInTags = tf({ aws_s3_bucket: { logs: { tags: { note: `key ${KEY}` } } } });

export const cases: RuleCases = {
  valid: [
    { name: 'source: region only (credentials from the environment)', graph: sourceGraph([src('provider.aws', { region: 'eu-west-1' })]) },
    { name: 'source: assume a deploy role', graph: sourceGraph([src('provider.aws', { assume_role: [{ role_arn: 'arn:aws:iam::123456789012:role/deploy' }] })]) },
    { name: 'source: a named profile', graph: sourceGraph([src('provider.aws', { profile: 'deploy' })]) },
    { name: 'source: files without key-shaped strings', graph: sourceGraph([], { files: [{ file: SOURCE_FILE, text: 'const region = "eu-west-1";\n' }] }) },
    { name: 'synth: local backend', graph: synth({ ...tf({}), terraform: { backend: { local: { path: 'terraform.tfstate' } } } }) },
    { name: 'synth: provider with region and default tags', graph: synth(tf({}, { provider: { aws: [{ region: 'eu-west-1', default_tags: [{ tags: { app: 'web' } }] }] } })) },
  ],
  invalid: [
    {
      name: "synth: the S3 backend's top-level role_arn is an account root",
      graph: synth(backendRoleArn),
      expected: [{ line: jsonLine(backendRoleArn, 'terraform/backend/s3'), message: 'terraform.backend.s3 assumes the root of an account (arn:aws:iam::123456789012:root); assume a least-privilege deploy role instead. [synth prod]' }],
    },
    {
      name: 'source: an assumed role the gate cannot work out is an error',
      graph: sourceGraph([src('provider.aws', { assume_role: [{ role_arn: unresolved("Fn.format('arn:aws:iam::%s:root', [id])", 9) }] }, { line: 9 })]),
      expected: [{ line: 9, message: 'Cannot verify the credentials of new Provider.aws(this, "r9"): assume_role.role_arn is `Fn.format(\'arn:aws:iam::%s:root\', [id])`, which the gate cannot work out; credentials are checked fail-closed.' }],
    },
    {
      name: 'source: a provider config the layer cannot see into is an error',
      graph: sourceGraph([{ ...src('provider.aws', { region: 'eu-west-1' }, { line: 10 }), unknownAttributes: unresolved('...settings', 10) }]),
      expected: [{ line: 10, message: 'Cannot verify the credentials of new Provider.aws(this, "r10"): its configuration is `...settings`, which the gate cannot work out; credentials are checked fail-closed.' }],
    },
    {
      name: 'source: an access key assembled from parts, in any attribute',
      graph: sourceGraph([src('aws_s3_bucket', { tags: { note: KEY } }, { line: 11 })], { files: [{ file: SOURCE_FILE, text: "const k = 'AK' + 'IA';\n" }] }),
      expected: [{ line: 11, message: 'An AWS access key id (AKIA…MNOP) appears in new S3Bucket(this, "r11"); never commit credentials.' }],
    },
    {
      name: 'source: static keys on the provider',
      graph: sourceGraph([src('provider.aws', { access_key: 'x', secret_key: 'y' }, { line: 3 })]),
      expected: [
        { line: 3, message: 'new Provider.aws(this, "r3") sets access_key in code; take credentials from the environment, OIDC or an assumed role.' },
        { line: 3, message: 'new Provider.aws(this, "r3") sets secret_key in code; take credentials from the environment, OIDC or an assumed role.' },
      ],
    },
    {
      name: 'source: assume the account root',
      graph: sourceGraph([src('provider.aws', { assume_role: { role_arn: 'arn:aws:iam::123456789012:root' } }, { line: 4 })]),
      expected: [{ line: 4, message: 'new Provider.aws(this, "r4") assumes the root of an account (arn:aws:iam::123456789012:root); assume a least-privilege deploy role instead.' }],
    },
    {
      name: 'source: profile root',
      graph: sourceGraph([src('provider.aws', { profile: 'root' }, { line: 5 })]),
      expected: [{ line: 5, message: 'new Provider.aws(this, "r5") uses the profile named root; use a least-privilege profile or role.' }],
    },
    {
      name: 'source: an access key from an expression is set all the same',
      graph: sourceGraph([src('provider.aws', { access_key: unresolved('process.env.KEY') }, { line: 6 })]),
      expected: [{ line: 6, message: 'new Provider.aws(this, "r6") sets access_key in code (`process.env.KEY`); take credentials from the environment, OIDC or an assumed role.' }],
    },
    {
      name: 'source: access-key shaped string anywhere in a file',
      graph: sourceGraph([], { files: [{ file: SOURCE_FILE, text: `const a = 1;\nconst key = "${KEY}";\n` }] }),
      expected: [{ line: 2, message: `An AWS access key id (AKIA…MNOP) appears in ${SOURCE_FILE}; never commit credentials.` }],
    },
    {
      name: 'synth: static keys',
      graph: synth(staticKeys),
      expected: [
        { line: jsonLine(staticKeys, 'provider/aws'), message: 'provider.aws sets access_key in code; take credentials from the environment, OIDC or an assumed role. [synth prod]' },
        { line: jsonLine(staticKeys, 'provider/aws'), message: 'provider.aws sets secret_key in code; take credentials from the environment, OIDC or an assumed role. [synth prod]' },
        { line: jsonLine(staticKeys, 'provider/aws'), message: 'An AWS access key id (AKIA…MNOP) appears in provider.aws; never commit credentials. [synth prod]' },
      ],
    },
    {
      name: 'synth: assume root',
      graph: synth(rootRole),
      expected: [{ line: jsonLine(rootRole, 'provider/aws'), message: 'provider.aws assumes the root of an account (arn:aws:iam::123456789012:root); assume a least-privilege deploy role instead. [synth prod]' }],
    },
    {
      name: 'synth: S3 backend with a static key and a root role',
      graph: synth(backend),
      expected: [
        { line: jsonLine(backend, 'terraform/backend/s3'), message: 'terraform.backend.s3 sets secret_key in code; take credentials from the environment, OIDC or an assumed role. [synth prod]' },
        { line: jsonLine(backend, 'terraform/backend/s3'), message: 'terraform.backend.s3 assumes the root of an account (arn:aws:iam::123456789012:root); assume a least-privilege deploy role instead. [synth prod]' },
      ],
    },
    {
      name: 'synth: key-shaped string in a resource',
      graph: synth(keyInTags),
      expected: [{ line: jsonLine(keyInTags, 'resource/aws_s3_bucket/logs'), message: 'An AWS access key id (AKIA…MNOP) appears in aws_s3_bucket.logs; never commit credentials. [synth prod]' }],
    },
  ],
};
