/**
 * One case per class of configuration error: each must fail with a message that names the file, the
 * field and what is allowed — and a valid file must load.
 */
import { ConfigError } from '../../config/errors';
import { loadEnvironment, loadEnvironments } from '../../config/load';
import { baseEnvironment, merge, problemsFor, writeEnvironment } from '../helpers/environments';

test('a minimal valid file loads with defaults applied and names derived from app and stack', () => {
  const { file } = writeEnvironment('dev', baseEnvironment());
  const env = loadEnvironment(file);
  expect(env.name).toBe('dev');
  expect(env.task!.cpu).toBe(256);
  expect(env.task!.memory).toBe(512);
  expect(env.task!.containerPort).toBe(3000);
  expect(env.registry.imageTagMutability).toBe('IMMUTABLE');
  expect(env.loadBalancer.sslPolicy).toBe('ELBSecurityPolicy-TLS13-1-2-2021-06');
  expect(env.names).toMatchObject({ cluster: 'web-dev', loadBalancer: 'web-dev', services: { web: expect.objectContaining({ repository: 'web-dev', logGroup: '/ecs/web-dev' }) } });
});

const cases: Array<[string, Record<string, unknown> | string, RegExp]> = [
  ['wrong type', merge(baseEnvironment(), { task: { cpu: '256' } }), /^task\.cpu: must be one of 256, 512/],
  ['wrong type (object expected)', merge(baseEnvironment(), { network: 'default' }), /^network: must be a mapping of settings; received the string "default"/],
  ['missing required field', merge(baseEnvironment(), { domain: undefined }), /^domain: is required \(text: a lowercase domain name such as example\.com/],
  ['unknown key with a suggestion', merge(baseEnvironment(), { registry: { imageTagMutabilty: 'MUTABLE' } }), /^registry\.imageTagMutabilty: unknown key \(did you mean "imageTagMutability"\?\); allowed here: name, imageTagMutability/],
  ['unknown top-level key without a close match', merge(baseEnvironment(), { zzzzzz: 1 }), /^zzzzzz: unknown key; allowed here: app, production/],
  ['unknown key inside a discriminated union option', merge(baseEnvironment(), { certificate: { source: 'acm', subjectAltNames: [] } }), /^certificate\.subjectAltNames: unknown key \(did you mean "subjectAlternativeNames"\?\)/],
  ['invalid Fargate cpu/memory pair', merge(baseEnvironment(), { task: { cpu: 512, memory: 512 } }), /^task\.memory: 512 MiB is not allowed with cpu 512; allowed: 1024–4096 in steps of 1024/],
  ['autoscaling min greater than max', merge(baseEnvironment(), { service: { autoscaling: { minCapacity: 5, maxCapacity: 2 } } }), /^service\.autoscaling\.minCapacity: \(5\) must not exceed maxCapacity \(2\)/],
  ['desired count outside the autoscaling range', merge(baseEnvironment(), { service: { desiredCount: 9, autoscaling: { minCapacity: 1, maxCapacity: 3 } } }), /^service\.desiredCount: \(9\) must lie between/],
  ['malformed domain name', merge(baseEnvironment(), { domain: 'https://Example.com/' }), /^domain: must be a lowercase domain name/],
  ['malformed SAN', merge(baseEnvironment(), { certificate: { source: 'acm', subjectAlternativeNames: ['**.example.com'] } }), /^certificate\.subjectAlternativeNames\[0\]: must be a domain name/],
  ['malformed ARN', merge(baseEnvironment(), { task: { secrets: { DB: 'arn:aws:s3:::bucket/key' } } }), /^task\.secrets\.DB: must be a Secrets Manager secret ARN/],
  ['malformed KMS ARN', merge(baseEnvironment(), { registry: { kmsKeyArn: 'alias/my-key' } }), /^registry\.kmsKeyArn: must be a KMS key ARN/],
  ['malformed subnet ID', merge(baseEnvironment(), { network: { create: undefined, existing: { vpcId: 'vpc-0a1b2c3d', publicSubnetIds: ['subnet-1', 'subnet-0a1b2c3d'], privateSubnetIds: ['subnet-0a1b2c3e'] } } }), /^network\.existing\.publicSubnetIds\[0\]: must be a subnet ID/],
  ['malformed hosted zone ID', merge(baseEnvironment(), { hostedZoneId: 'example.com' }), /^hostedZoneId: must be a Route 53 hosted zone ID/],
  ['port out of range', merge(baseEnvironment(), { task: { containerPort: 70000 } }), /^task\.containerPort: must be a whole number from 1 to 65535; received the number 70000$/],
  ['enum value not allowed', merge(baseEnvironment(), { loadBalancer: { ipAddressType: 'ipv6' } }), /^loadBalancer\.ipAddressType: must be one of "ipv4", "dualstack"/],
  ['old TLS policy', merge(baseEnvironment(), { loadBalancer: { sslPolicy: 'ELBSecurityPolicy-2016-08' } }), /^loadBalancer\.sslPolicy: must be an ELB TLS 1\.3 policy/],
  ['log retention not a CloudWatch value', merge(baseEnvironment(), { logs: { retentionDays: 10 } }), /^logs\.retentionDays: must be one of 1, 3, 5, 7, 14, 30/],
  ['AES256 with a KMS key', merge(baseEnvironment(), { registry: { encryptionType: 'AES256', kmsKeyArn: 'arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555' } }), /^registry\.kmsKeyArn: needs registry\.encryptionType: KMS/],
  ['an unknown encryption type', merge(baseEnvironment(), { registry: { encryptionType: 'KMS_DSSE' } }), /^registry\.encryptionType: must be one of "KMS", "AES256"/],
  ['a launch type with a Spot weight', merge(baseEnvironment(), { service: { launchType: 'FARGATE', fargateSpotWeight: 1 } }), /^service\.fargateSpotWeight: \(1\) needs a capacity provider strategy; remove service\.launchType/],
  ['the EC2 launch type', merge(baseEnvironment(), { service: { launchType: 'EC2' } }), /^service\.launchType: must be one of "FARGATE"/],
  ['the shared execution role', merge(baseEnvironment(), { task: { imageTag: '1.2.3', executionRoleName: 'ecsTaskExecutionRole' } }), /^task\.executionRoleName: "ecsTaskExecutionRole" is the account's shared default role/],
  ['a security group description AWS refuses', merge(baseEnvironment(), { service: { securityGroupDescription: 'Port 3000 — from the ALB' } }), /^service\.securityGroupDescription: must be a security group description/],
  ['an existing network without its CIDR', merge(baseEnvironment(), { network: { create: undefined, existing: { vpcId: 'vpc-0a1b2c3d', publicSubnetIds: ['subnet-0a1b2c3d', 'subnet-0a1b2c3e'] } }, service: { assignPublicIp: true } }), /^network\.existing\.cidrBlock: is required/],
  ['both network kinds', merge(baseEnvironment(), { network: { existing: { vpcId: 'vpc-0a1b2c3d', cidrBlock: '10.1.0.0/16', publicSubnetIds: ['subnet-0a1b2c3d', 'subnet-0a1b2c3e'] } } }), /^network: give exactly one of `existing` or `create`/],
  ['no NAT and no public IPs', merge(baseEnvironment(), { network: { create: { natGateways: 'none' } } }), /^network\.create\.natGateways: is none, so tasks in private subnets could not reach ECR/],
  ['existing network without private subnets', merge(baseEnvironment(), { network: { create: undefined, existing: { vpcId: 'vpc-0a1b2c3d', cidrBlock: '10.1.0.0/16', publicSubnetIds: ['subnet-0a1b2c3d', 'subnet-0a1b2c3e'] } } }), /^network\.existing\.privateSubnetIds: is required when service\.assignPublicIp is false/],
  ['production with mutable tags', merge(baseEnvironment(), { production: true, registry: { imageTagMutability: 'MUTABLE' } }), /^registry\.imageTagMutability: must be IMMUTABLE in production/],
  ['production with latest', merge(baseEnvironment(), { production: true, task: { imageTag: 'latest' } }), /^task\.imageTag: "latest" is not allowed in production/],
  ['OIDC provider both given and created', merge(baseEnvironment(), { registry: { ciPushRole: { githubRepository: 'o/r', createOidcProvider: true, oidcProviderArn: 'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com' } } }), /^registry\.ciPushRole: give exactly one of `oidcProviderArn` or `createOidcProvider: true`/],
  ['secret also set as plain variable', merge(baseEnvironment(), { task: { environment: { DB: 'x' }, secrets: { DB: 'arn:aws:ssm:us-east-1:123456789012:parameter/db' } } }), /^task\.secrets\.DB: is also set in task\.environment/],
  ['default name too long for AWS', merge(baseEnvironment(), { app: 'a-very-long-app-name' }), /^loadBalancer\.name: the default name "a-very-long-app-name-a-long-environment-name" is \d+ characters; AWS allows 32/],
  ['YAML that does not parse', 'app: web\ntask: [1,\n', /^: YAML does not parse/],
  ['duplicate YAML key', 'app: web\napp: api\n', /^app: appears twice in one mapping \(first on line 1\); keep one$/],
  ['not a mapping', '- just\n- a list\n', /^: must be a YAML mapping of settings/],
];

test.each(cases)('%s', (_name, content, expected) => {
  const name = _name === 'default name too long for AWS' ? 'a-long-environment-name' : 'dev';
  const problems = problemsFor(content, name);
  expect(problems).toEqual(expect.arrayContaining([expect.stringMatching(expected)]));
});

test('every problem names the file and the line of the offending field', () => {
  const { file } = writeEnvironment('dev', 'app: web\nproduction: false\nregion: us-east-1\ndomain: example.com\nhostedZoneId: Z1\ntask:\n  imageTag: v1\n  memory: 3\ncertificate:\n  source: acm\nnetwork:\n  create:\n    availabilityZones: [us-east-1a, us-east-1b]\n');
  let error: unknown;
  try {
    loadEnvironment(file);
  } catch (caught) {
    error = caught;
  }
  expect(error).toBeInstanceOf(ConfigError);
  expect((error as ConfigError).message).toMatch(/dev\.yaml:8: task\.memory: 3 MiB is not allowed with cpu 256; allowed: 512, 1024, 2048/);
});

test('a stack name must come from a valid file name', () => {
  const { file } = writeEnvironment('Prod_Env', baseEnvironment());
  expect(() => loadEnvironment(file)).toThrow(/file name "Prod_Env\.yaml" must be <stack name>\.yaml/);
});

test('loading several files reports the problems of all of them at once', () => {
  const a = writeEnvironment('dev', merge(baseEnvironment(), { task: { cpu: 3 } }));
  const b = writeEnvironment('prod', merge(baseEnvironment(), { region: 'mars-1' }), {}, a.dir);
  let error: unknown;
  try {
    loadEnvironments([a.file, b.file]);
  } catch (caught) {
    error = caught;
  }
  expect(error).toBeInstanceOf(ConfigError);
  const message = (error as ConfigError).message;
  expect(message).toMatch(/dev\.yaml:\d+: task\.cpu/);
  expect(message).toMatch(/prod\.yaml:\d+: region: must be an AWS region/);
});
