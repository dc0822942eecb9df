/**
 * Production hardening over the synthesized example stacks. Checkov and Trivy cannot be installed from the
 * registries this project builds with, so each scanner check named in docs/hardening.md is asserted here
 * on the attribute it reads; the dev example keeps its fixed cost (no key, no WAF, no endpoints, no NAT).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../../config/errors';
import { ELB_LOG_DELIVERY_ACCOUNTS, ELB_LOG_DELIVERY_SERVICE } from '../../constructs/elb-log-delivery';
import { escapeInterpolations } from '../../policies/policy-documents';
import { baseEnvironment, merge, writeEnvironment } from '../helpers/environments';
import { all, only, REPO_ROOT, synthesize, type StackJson } from '../helpers/synth';

type Resource = Record<string, unknown>;

let prod: StackJson;
let dev: StackJson;

beforeAll(() => {
  ({ prod, dev } = synthesize().stacks as Record<'prod' | 'dev', StackJson>);
});

const entries = (stack: StackJson, type: string): [string, Resource][] => Object.entries(stack.resource[type] ?? {});
const refTo = (type: string, name: string, attribute: string) => `\${${type}.${name}.${attribute}}`;
const documentOf = (text: unknown) => JSON.parse(escapeInterpolations(text as string)) as { Statement: Resource[] };
const pointsAt = (value: unknown, type: string, name: string) => typeof value === 'string' && value.startsWith(`\${${type}.${name}.`);

/** Each scanner check: its ids, and the assertion of the attribute it reads on the production stack. */
const checks: Array<[string, (stack: StackJson) => void]> = [
  ['CKV_AWS_91', (stack) => expect(only(stack, 'aws_lb').access_logs).toMatchObject({ enabled: true })],
  [
    'CKV2_AWS_28',
    (stack) => {
      const [[lb]] = entries(stack, 'aws_lb');
      expect(all(stack, 'aws_wafv2_web_acl_association').map((a) => a.resource_arn)).toContain(refTo('aws_lb', lb, 'arn'));
    },
  ],
  [
    'CKV_AWS_192',
    (stack) => {
      const rules = only(stack, 'aws_wafv2_web_acl').rule as Array<{ statement: { managed_rule_group_statement?: { name: string } } }>;
      expect(rules.map((rule) => rule.statement.managed_rule_group_statement?.name)).toContain('AWSManagedRulesKnownBadInputsRuleSet');
    },
  ],
  [
    'CKV2_AWS_31',
    (stack) => {
      const [[acl]] = entries(stack, 'aws_wafv2_web_acl');
      expect(only(stack, 'aws_wafv2_web_acl_logging_configuration').resource_arn).toBe(refTo('aws_wafv2_web_acl', acl, 'arn'));
    },
  ],
  ['CKV_AWS_158 AVD-AWS-0017', (stack) => all(stack, 'aws_cloudwatch_log_group').forEach((group) => expect(group.kms_key_id).toEqual(expect.stringContaining('kms')))],
  [
    'CKV_AWS_136 AVD-AWS-0033',
    (stack) => expect(only(stack, 'aws_ecr_repository').encryption_configuration).toEqual([{ encryption_type: 'KMS', kms_key: expect.stringContaining(':key/') }]),
  ],
  [
    'CKV2_AWS_11 AVD-AWS-0178',
    (stack) => {
      const [[vpc]] = entries(stack, 'aws_vpc');
      expect(only(stack, 'aws_flow_log')).toMatchObject({ vpc_id: refTo('aws_vpc', vpc, 'id'), traffic_type: 'ALL' });
    },
  ],
  [
    'CKV2_AWS_12 AVD-AWS-0173',
    (stack) => {
      const [[vpc]] = entries(stack, 'aws_vpc');
      const group = only(stack, 'aws_default_security_group');
      expect(group.vpc_id).toBe(refTo('aws_vpc', vpc, 'id'));
      expect(group).not.toHaveProperty('ingress');
      expect(group).not.toHaveProperty('egress');
    },
  ],
  ['CKV_AWS_7 AVD-AWS-0065', (stack) => expect(only(stack, 'aws_kms_key').enable_key_rotation).toBe(true)],
  [
    'CKV2_AWS_64',
    (stack) => {
      const [[key]] = entries(stack, 'aws_kms_key');
      expect(only(stack, 'aws_kms_key_policy').key_id).toBe(refTo('aws_kms_key', key, 'key_id'));
    },
  ],
  [
    'CKV_AWS_33',
    (stack) => {
      const statements = documentOf(only(stack, 'aws_kms_key_policy').policy).Statement;
      for (const statement of statements) expect(JSON.stringify(statement.Principal)).not.toMatch(/"\*"/);
    },
  ],
  [
    'CKV2_AWS_6 CKV_AWS_53 CKV_AWS_54 CKV_AWS_55 CKV_AWS_56 AVD-AWS-0086 AVD-AWS-0087 AVD-AWS-0091 AVD-AWS-0093 AVD-AWS-0094',
    (stack) =>
      expect(only(stack, 'aws_s3_bucket_public_access_block')).toMatchObject({
        block_public_acls: true,
        block_public_policy: true,
        ignore_public_acls: true,
        restrict_public_buckets: true,
      }),
  ],
  [
    'CKV_AWS_19 AVD-AWS-0088',
    (stack) => expect(only(stack, 'aws_s3_bucket_server_side_encryption_configuration').rule).toEqual([{ apply_server_side_encryption_by_default: { sse_algorithm: 'AES256' } }]),
  ],
  [
    'CKV2_AWS_61 CKV_AWS_300',
    (stack) => expect(only(stack, 'aws_s3_bucket_lifecycle_configuration').rule).toEqual([expect.objectContaining({ status: 'Enabled', abort_incomplete_multipart_upload: [{ days_after_initiation: 1 }] })]),
  ],
  ['CKV_AWS_21 AVD-AWS-0090', (stack) => expect(only(stack, 'aws_s3_bucket_versioning').versioning_configuration).toEqual({ status: 'Enabled' })],
];

describe('the production example passes each scanner check (attribute the check reads)', () => {
  test.each(checks)('%s', (_ids, assert) => assert(prod));

  test('docs/hardening.md names every check asserted here and every intended exception', () => {
    const doc = readFileSync(join(REPO_ROOT, 'docs', 'hardening.md'), 'utf8');
    for (const [ids] of checks) for (const id of ids.split(' ')) expect(doc).toContain(id);
    const exceptions = doc.slice(doc.indexOf('## Intended exceptions'), doc.indexOf('## Fixed monthly costs')).split('\n');
    for (const exception of ['CKV_AWS_260', 'AVD-AWS-0107', 'AVD-AWS-0053', 'AVD-AWS-0104', 'CKV_AWS_145', 'AVD-AWS-0132', 'CKV_AWS_18', 'AVD-AWS-0089']) {
      const row = exceptions.find((line) => line.startsWith('|') && line.includes(exception));
      // A table row: check | where | why, with a reason of some length.
      const reason = row?.split('|').map((cell) => cell.trim())[3] ?? '';
      expect(reason.length).toBeGreaterThan(40);
    }
  });

  test('the intended exception is real: the load balancer group admits 80 and 443 from anywhere, nothing else', () => {
    // Groups have generated names (name_prefix); the Name tag says which is which.
    const [[albGroup]] = entries(prod, 'aws_security_group').filter(([, group]) => String(group.name ?? (group.tags as { Name?: string } | undefined)?.Name).endsWith('-alb'));
    // The group's rules are inline (the group is authoritative); no standalone rule adds to them.
    expect(all(prod, 'aws_vpc_security_group_ingress_rule').filter((rule) => pointsAt(rule.security_group_id, 'aws_security_group', albGroup))).toEqual([]);
    const { ingress } = entries(prod, 'aws_security_group').find(([name]) => name === albGroup)![1] as { ingress: Array<{ from_port: number; cidr_blocks: string[]; ipv6_cidr_blocks: string[] }> };
    expect(ingress.flatMap((rule) => [...rule.cidr_blocks, ...rule.ipv6_cidr_blocks].map((cidr) => `${rule.from_port}:${cidr}`)).sort()).toEqual(['443:0.0.0.0/0', '443:::/0', '80:0.0.0.0/0', '80:::/0']);
  });
});

describe('production wiring', () => {
  test('the key policy lets CloudWatch Logs of this region use the key for this account only', () => {
    const statements = documentOf(only(prod, 'aws_kms_key_policy').policy).Statement;
    const logs = statements.find((statement) => statement.Sid === 'CloudWatchLogsOfThisAccount')!;
    expect(logs.Principal).toEqual({ Service: 'logs.us-east-1.amazonaws.com' });
    // prod names its accountId, so the account is a literal (files without one read it from an ARN the stack creates).
    expect(JSON.stringify(logs.Condition)).toContain('arn:aws:logs:us-east-1:210987654321:log-group:*');
  });

  test('log groups use the key only after its policy exists (their key ARN reads the policy)', () => {
    for (const group of all(prod, 'aws_cloudwatch_log_group')) expect(group.kms_key_id).toMatch(/:key\/\$\{aws_kms_key_policy\.[^.]+\.key_id\}$/);
  });

  test('the load balancer logs to the bucket through its policy; us-east-1 delivers from the regional ELB account', () => {
    const [[policyName, policy]] = entries(prod, 'aws_s3_bucket_policy');
    expect(only(prod, 'aws_lb').access_logs).toEqual({ bucket: refTo('aws_s3_bucket_policy', policyName, 'bucket'), prefix: 'access', enabled: true });
    expect(only(prod, 'aws_lb').connection_logs).toEqual({ bucket: refTo('aws_s3_bucket_policy', policyName, 'bucket'), prefix: 'connection', enabled: true });
    const statements = documentOf(policy.policy).Statement;
    expect(statements.find((s) => s.Sid === 'DenyInsecureTransport')).toMatchObject({ Effect: 'Deny', Principal: '*', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } });
    const delivery = statements.find((s) => s.Sid === 'ElbLogDelivery')!;
    expect(delivery.Principal).toEqual({ AWS: 'arn:aws:iam::127311923021:root' });
    expect((delivery.Resource as string[]).every((arn) => /\/(access|connection)\/AWSLogs\/210987654321\/\*$/.test(arn))).toBe(true);
  });

  test('task role trust: aws:SourceAccount and aws:SourceArn; execution role may decrypt the secrets through their services only', () => {
    const role = all(prod, 'aws_iam_role').find((r) => String(r.name).endsWith('-task'))!;
    const condition = documentOf(role.assume_role_policy).Statement[0].Condition as Record<string, Record<string, string>>;
    expect(condition.ArnLike['aws:SourceArn']).toBe('arn:aws:ecs:us-east-1:210987654321:*');
    expect(condition.StringEquals['aws:SourceAccount']).toBe('210987654321');
    const execution = all(prod, 'aws_iam_role_policy').find((p) => p.name === 'task-execution')!;
    const decrypt = documentOf(execution.policy).Statement.find((s) => s.Sid === 'DecryptSecrets')!;
    expect(decrypt).toMatchObject({ Effect: 'Allow', Action: 'kms:Decrypt', Condition: { StringEquals: { 'kms:ViaService': ['secretsmanager.us-east-1.amazonaws.com', 'ssm.us-east-1.amazonaws.com'] } } });
  });

  test('flow logs: the role is assumable by VPC Flow Logs for this account only and writes only its log group', () => {
    const role = all(prod, 'aws_iam_role').find((r) => String(r.name).endsWith('-flow-logs'))!;
    const trust = documentOf(role.assume_role_policy).Statement[0];
    expect(trust.Principal).toEqual({ Service: 'vpc-flow-logs.amazonaws.com' });
    expect(JSON.stringify(trust.Condition)).toMatch(/"aws:SourceAccount".*"aws:SourceArn":"arn:aws:ec2:us-east-1:.*:vpc-flow-log\/\*"/);
    const [[group]] = entries(prod, 'aws_cloudwatch_log_group').filter(([, g]) => String(g.name).startsWith('/vpc/'));
    const write = documentOf(all(prod, 'aws_iam_role_policy').find((p) => p.name === 'write-flow-logs')!.policy).Statement.find((s) => s.Sid === 'WriteFlowLogs')!;
    expect(write.Resource).toEqual([refTo('aws_cloudwatch_log_group', group, 'arn'), `${refTo('aws_cloudwatch_log_group', group, 'arn')}:*`]);
    expect(only(prod, 'aws_flow_log')).toMatchObject({ log_destination: refTo('aws_cloudwatch_log_group', group, 'arn') });
  });

  test('WAF: three managed groups and a rate rule in block mode; endpoints for ECR, logs, S3 and the secrets', () => {
    const acl = only(prod, 'aws_wafv2_web_acl') as { rule: Array<{ name: string; override_action?: unknown; action?: unknown }> };
    expect(acl.rule.map((rule) => rule.name)).toEqual(['AWSManagedRulesCommonRuleSet', 'AWSManagedRulesKnownBadInputsRuleSet', 'AWSManagedRulesAmazonIpReputationList', 'rate-limit-per-ip']);
    expect(acl.rule.slice(0, 3).every((rule) => JSON.stringify(rule.override_action) === '{"none":{}}')).toBe(true);
    expect(acl.rule[3].action).toEqual({ block: {} });
    const services = all(prod, 'aws_vpc_endpoint').map((endpoint) => String(endpoint.service_name).replace('com.amazonaws.us-east-1.', '')).sort();
    expect(services).toEqual(['ecr.api', 'ecr.dkr', 'logs', 's3', 'secretsmanager', 'ssm']);
  });
});

test("dev's fixed cost does not grow: no key, no WAF, no endpoints, no NAT; the free pieces are on", () => {
  for (const type of ['aws_kms_key', 'aws_wafv2_web_acl', 'aws_vpc_endpoint', 'aws_nat_gateway']) expect(dev.resource[type]).toBeUndefined();
  expect(all(dev, 'aws_flow_log')).toHaveLength(1);
  expect(all(dev, 'aws_default_security_group')).toHaveLength(1);
  expect(only(dev, 'aws_lb').access_logs).toMatchObject({ enabled: true });
  // Outside production the log bucket may be destroyed with its logs.
  expect(only(dev, 'aws_s3_bucket').force_destroy).toBe(true);
  expect(only(prod, 'aws_s3_bucket').force_destroy).toBe(false);
});

describe('settings', () => {
  const stackFor = (patch: Record<string, unknown>, name = 'qa', replace: Record<string, unknown> = {}): StackJson => {
    const { file } = writeEnvironment(name, { ...merge(baseEnvironment(), patch), ...replace });
    return synthesize({ files: [file] }).stacks[name];
  };
  const configError = (patch: Record<string, unknown>, replace: Record<string, unknown> = {}): string => {
    try {
      stackFor(patch, 'qa', replace);
    } catch (error) {
      if (error instanceof ConfigError) return error.message;
      throw error;
    }
    throw new Error('expected a ConfigError');
  };

  test('natGateways: none with private subnets works with VPC endpoints, and is an error without them', () => {
    const network = { create: { availabilityZones: ['us-east-1a', 'us-east-1b'], natGateways: 'none' } };
    const stack = stackFor({ network, hardening: { vpcEndpoints: { enabled: true } } });
    expect(stack.resource.aws_nat_gateway).toBeUndefined();
    expect(all(stack, 'aws_vpc_endpoint').map((endpoint) => endpoint.service_name).sort()).toEqual([
      'com.amazonaws.us-east-1.ecr.api',
      'com.amazonaws.us-east-1.ecr.dkr',
      'com.amazonaws.us-east-1.logs',
      'com.amazonaws.us-east-1.s3',
    ]);
    const gateway = all(stack, 'aws_vpc_endpoint').find((endpoint) => endpoint.vpc_endpoint_type === 'Gateway')!;
    expect(gateway.route_table_ids).toHaveLength(2);
    expect(configError({ network })).toMatch(/network\.create\.natGateways: is none, so tasks in private subnets could not reach ECR or CloudWatch; set hardening\.vpcEndpoints\.enabled: true/);
  });

  test('endpoints in an existing VPC and the old loadBalancer.accessLogs are errors that say what to do', () => {
    const existing = { existing: { vpcId: 'vpc-0a1b2c3d4e5f60718', cidrBlock: '10.20.0.0/16', publicSubnetIds: ['subnet-0a1b2c3d4e5f60001', 'subnet-0a1b2c3d4e5f60002'], privateSubnetIds: ['subnet-0a1b2c3d4e5f60011'] } };
    expect(configError({ hardening: { vpcEndpoints: { enabled: true } } }, { network: existing })).toMatch(/hardening\.vpcEndpoints\.enabled: works with a VPC the stack creates/);
    expect(configError({ loadBalancer: { accessLogs: { bucket: 'logs' } } })).toMatch(/loadBalancer\.accessLogs: has moved: use hardening\.accessLogs\.bucket/);
  });

  test('WAF count mode counts with every rule; the rate limit is a setting', () => {
    const acl = only(stackFor({ hardening: { webAcl: { enabled: true, mode: 'count', rateLimit: 500 } } }), 'aws_wafv2_web_acl') as {
      rule: Array<{ override_action?: unknown; action?: unknown; statement: { rate_based_statement?: { limit: number } } }>;
    };
    expect(acl.rule.slice(0, 3).map((rule) => rule.override_action)).toEqual([{ count: {} }, { count: {} }, { count: {} }]);
    expect(acl.rule[3]).toMatchObject({ action: { count: {} }, statement: { rate_based_statement: { limit: 500 } } });
  });

  test('a region opened after August 2022 delivers logs as the ELB service principal', () => {
    expect(ELB_LOG_DELIVERY_ACCOUNTS['eu-central-2']).toBeUndefined();
    const stack = stackFor({ region: 'eu-central-2', network: { create: { availabilityZones: ['eu-central-2a', 'eu-central-2b'] } } });
    const delivery = documentOf(only(stack, 'aws_s3_bucket_policy').policy).Statement.find((s) => s.Sid === 'ElbLogDelivery')!;
    expect(delivery.Principal).toEqual({ Service: ELB_LOG_DELIVERY_SERVICE });
  });

  test('encryptRegistry: false keeps the AWS managed ECR key while logs use the environment key', () => {
    const stack = stackFor({ production: true, accountId: '123456789012', task: { imageTag: '1.2.3' }, hardening: { encryptionKey: { encryptRegistry: false } } });
    expect(only(stack, 'aws_ecr_repository').encryption_configuration).toEqual([{ encryption_type: 'KMS' }]);
    for (const group of all(stack, 'aws_cloudwatch_log_group')) expect(group.kms_key_id).toContain('aws_kms_key_policy.');
  });
});
