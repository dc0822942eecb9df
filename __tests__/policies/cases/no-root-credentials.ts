import type { AttrValue } from '../../../policies/model';
import { jsonLine, sourceGraph, src, synth, tf, unresolved, SOURCE_FILE, type Json, type RuleCases } from '../helpers';

// An access key id built at runtime so this file itself holds no key-shaped string.
const KEY = ['AKIA', 'ABCDEFGHIJKLMNOP'].join('');
const staticKeys = tf({}, { provider: { aws: [{ region: 'eu-west-1', access_key: KEY, secret_key: 'abc/def' }] } });
const rootRole = tf({}, { provider: { aws: [{ region: 'eu-west-1', assume_role: [{ role_arn: 'arn:aws:iam::123456789012:root' }] }] } });
const backend = { ...tf({}), terraform: { backend: { s3: { bucket: 'state', key: 'prod.tfstate', region: 'eu-west-1', secret_key: 'abc', assume_role: { role_arn: 'arn:aws:iam::123456789012:root' } } } } };
const backendRoleArn = { ...tf({}), terraform: { backend: { s3: { bucket: 'state', key: 'prod.tfstate', region: 'eu-west-1', role_arn: 'arn:aws:iam::123456789012:root' } } } };
const keyInTags = tf({ aws_s3_bucket: { logs: { tags: { note: `key ${KEY}` } } } });
const remoteState = (backend: string, config: Json) => ({ ...tf({}), data: { terraform_remote_state: { network: { backend, config } } }, variable: { key_id: { type: 'string' } } });
const remoteStateKeys = remoteState('s3', { bucket: 'state', key: 'network.tfstate', region: 'eu-west-1', access_key: '${var.key_id}', secret_key: 'abc' });
const remoteStateRoot = remoteState('s3', { bucket: 'state', key: 'network.tfstate', region: 'eu-west-1', assume_role: { role_arn: 'arn:aws:iam::210987654321:root' } });
const remoteStateConfigUnknown = { ...remoteState('s3', '${var.network_state}'), variable: { network_state: { type: 'any' } } };
const govCloudRoot = tf({}, { provider: { aws: [{ region: 'us-gov-west-1', assume_role: [{ role_arn: 'arn:aws-us-gov:iam::123456789012:root' }] }] } });
const anyPartitionRoot = tf({}, { provider: { aws: [{ region: 'eu-west-1', assume_role: [{ role_arn: 'arn:${data.aws_partition.current.partition}:iam::123456789012:root' }] }] } });
const principalUnknown = tf({}, { provider: { aws: [{ region: 'eu-west-1', assume_role: [{ role_arn: 'arn:aws:iam::123456789012:${var.principal}' }] }] } });
/** A second AWS provider under the local name "amazon", which a repository is configured with. */
const localName = tf({ aws_ecr_repository: { repo: { name: 'web', image_tag_mutability: 'IMMUTABLE', provider: 'amazon.registry' } } }, { provider: { aws: [{ region: 'eu-west-1' }], amazon: [{ alias: 'registry', region: 'eu-west-1', access_key: '${var.k}' }] } });
const requiredAs = (source: string, config: { [key: string]: AttrValue }) =>
  sourceGraph([src('terraform.required_providers', { amazon: { source, version: '5.100.0' } }, { line: 1 }), src('provider.amazon', config, { line: 2 })]);

export const cases: RuleCases = {
  valid: [
    { name: 'source: region only (credentials from the environment)', graph: sourceGraph([src('provider.aws', { region: 'eu-west-1' })]) },
    { name: 'source: assume a deploy role', graph: sourceGraph([src('provider.aws', { assume_role: [{ role_arn: 'arn:aws:iam::123456789012:role/deploy' }] })]) },
    { name: 'source: a named profile', graph: sourceGraph([src('provider.aws', { profile: 'deploy' })]) },
    { name: 'source: files without key-shaped strings', graph: sourceGraph([], { files: [{ file: SOURCE_FILE, text: 'const region = "eu-west-1";\n' }] }) },
    { name: 'synth: local backend', graph: synth({ ...tf({}), terraform: { backend: { local: { path: 'terraform.tfstate' } } } }) },
    { name: 'synth: provider with region and default tags', graph: synth(tf({}, { provider: { aws: [{ region: 'eu-west-1', default_tags: [{ tags: { app: 'web' } }] }] } })) },
    { name: 'synth: an S3 remote state read with the credentials of the environment', graph: synth(remoteState('s3', { bucket: 'state', key: 'network.tfstate', region: 'eu-west-1' })) },
    { name: 'synth: a remote state of another backend takes no AWS credentials', graph: synth(remoteState('remote', { organization: 'acme', token: 'not-aws' })) },
    { name: 'synth: a deploy role in whatever partition', graph: synth(tf({}, { provider: { aws: [{ assume_role: [{ role_arn: 'arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:role/deploy' }] }] } })) },
    { name: 'source: a provider of another source under a local name may take keys (not AWS credentials)', graph: requiredAs('integrations/github', { access_key: 'x' }) },
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
      name: 'synth: static keys on an S3 remote state, from a variable or a literal',
      graph: synth(remoteStateKeys),
      expected: [
        { line: jsonLine(remoteStateKeys, 'data/terraform_remote_state/network'), message: 'data.terraform_remote_state.network sets config.access_key in code (`${var.key_id}`); take credentials from the environment, OIDC or an assumed role. [synth prod]' },
        { line: jsonLine(remoteStateKeys, 'data/terraform_remote_state/network'), message: 'data.terraform_remote_state.network sets config.secret_key in code; take credentials from the environment, OIDC or an assumed role. [synth prod]' },
      ],
    },
    {
      name: 'synth: an S3 remote state that assumes an account root',
      graph: synth(remoteStateRoot),
      expected: [{ line: jsonLine(remoteStateRoot, 'data/terraform_remote_state/network'), message: 'data.terraform_remote_state.network assumes the root of an account (arn:aws:iam::210987654321:root); assume a least-privilege deploy role instead. [synth prod]' }],
    },
    {
      name: 'synth: an S3 remote state whose config the gate cannot work out',
      graph: synth(remoteStateConfigUnknown),
      expected: [{ line: jsonLine(remoteStateConfigUnknown, 'data/terraform_remote_state/network'), message: 'Cannot verify the credentials of data.terraform_remote_state.network: config is `${var.network_state}`, which the gate cannot work out; credentials are checked fail-closed. [synth prod]' }],
    },
    {
      name: 'synth: the root of an account in the GovCloud partition',
      graph: synth(govCloudRoot),
      expected: [{ line: jsonLine(govCloudRoot, 'provider/aws'), message: 'provider.aws assumes the root of an account (arn:aws-us-gov:iam::123456789012:root); assume a least-privilege deploy role instead. [synth prod]' }],
    },
    {
      name: 'synth: the root of an account in a partition read at plan time',
      graph: synth(anyPartitionRoot),
      expected: [{ line: jsonLine(anyPartitionRoot, 'provider/aws'), message: 'provider.aws assumes the root of an account (arn:${data.aws_partition.current.partition}:iam::123456789012:root); assume a least-privilege deploy role instead. [synth prod]' }],
    },
    {
      name: 'synth: a role ARN whose principal the gate cannot work out may be a root',
      graph: synth(principalUnknown),
      expected: [{ line: jsonLine(principalUnknown, 'provider/aws'), message: 'Cannot verify the credentials of provider.aws: assume_role.role_arn is `arn:aws:iam::123456789012:${var.principal}`, which the gate cannot work out; credentials are checked fail-closed. [synth prod]' }],
    },
    {
      name: 'synth: an AWS provider under another local name, which an aws_* resource is configured with',
      graph: synth(localName),
      expected: [{ line: jsonLine(localName, 'provider/amazon'), message: 'provider.amazon.registry sets access_key in code (`${var.k}`); take credentials from the environment, OIDC or an assumed role. [synth prod]' }],
    },
    ...['hashicorp/aws', 'registry.terraform.io/hashicorp/aws', 'hashicorp/awscc'].map((source) => ({
      name: `source: a provider whose required_providers source is ${source}, under another local name`,
      graph: requiredAs(source, { secret_key: 'x' }),
      expected: [{ line: 2, message: 'new Provider.amazon(this, "r2") sets secret_key in code; take credentials from the environment, OIDC or an assumed role.' }],
    })),
    {
      name: 'synth: key-shaped string in a resource',
      graph: synth(keyInTags),
      expected: [{ line: jsonLine(keyInTags, 'resource/aws_s3_bucket/logs'), message: 'An AWS access key id (AKIA…MNOP) appears in aws_s3_bucket.logs; never commit credentials. [synth prod]' }],
    },
  ],
};
