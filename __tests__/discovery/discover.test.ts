/**
 * `npm run discover` against the console world (aws-sdk-client-mock answering with recorded AWS API
 * responses): the file it writes, that it synthesizes, that only read calls are made, and that every
 * way AWS can say no (no credentials, access denied, not found, ambiguous) is a clear error that
 * writes nothing.
 */
import { DescribeClustersCommand, DescribeServicesCommand } from '@aws-sdk/client-ecs';
import { DescribeSecurityGroupRulesCommand } from '@aws-sdk/client-ec2';
import { DescribeLoadBalancersCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { ListHostedZonesByNameCommand } from '@aws-sdk/client-route-53';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadEnvironment } from '../../config/load';
import { main } from '../../discovery/cli';
import { discover, type DiscoverOptions } from '../../discovery/discover';
import { DiscoveryError } from '../../discovery/errors';
import { FIXTURE_ENVIRONMENTS, synthesize } from '../helpers/synth';
import { awsError, mockConsoleWorld, response, type ConsoleWorldMocks } from './console-world';

let mocks: ConsoleWorldMocks;
let root: string;
beforeEach(() => {
  mocks = mockConsoleWorld();
  root = mkdtempSync(join(tmpdir(), 'ecs-web-stack-discover-test-'));
});
afterEach(() => {
  mocks.restore();
  rmSync(root, { recursive: true, force: true });
});

const OUT = 'environments/examples/console-tutorial.yaml';
const run = (options: Partial<DiscoverOptions> = {}) =>
  discover({ cluster: 'my-app-cluster', service: 'my-node-service', region: 'us-east-1', out: OUT, root, ...options });

/** Files under the temporary root: an error must leave it empty. */
const written = (): string[] => readdirSync(root, { recursive: true }).map(String);

test('writes the console-tutorial example: the file the tests plan against the console world', async () => {
  const result = await run();
  const text = readFileSync(join(root, OUT), 'utf8');
  const example = readFileSync(join(FIXTURE_ENVIRONMENTS, 'examples', 'console-tutorial.yaml'), 'utf8');
  // The tests' copy differs from the shipped example only in where it finds the JSON schema.
  expect(text).toBe(example.replace('$schema=../../../../config/', '$schema=../../config/'));
  expect(result.pending).toEqual([]);
});

test('the file synthesizes and adopts every console resource with the settings that must match', async () => {
  await run();
  const env = loadEnvironment(join(root, OUT));
  expect(env).toMatchObject({
    domain: 'app.example.com',
    hostedZoneId: 'Z0123456789EXAMPLETUT',
    network: { existing: { vpcId: 'vpc-0d1e2f3a4b5c6d7e8', cidrBlock: '172.31.0.0/16' } },
    registry: { name: 'my-node-app', encryptionType: 'AES256' },
    task: { family: 'my-node-task', cpu: 512, memory: 1024, containerName: 'app-container', containerPort: 3000 },
    loadBalancer: { securityGroupDescription: 'Allow HTTP and HTTPS to my-app-lb', targetGroup: { name: 'my-app-tg', healthCheckPath: '/' } },
    service: { launchType: 'FARGATE', securityGroupDescription: 'Allow port 3000 for my-node-service', desiredCount: 1, assignPublicIp: true },
  });
  expect(Object.keys(env.imports ?? {}).sort()).toEqual(
    ['aliasRecord', 'certificate', 'cluster', 'httpListener', 'httpsListener', 'loadBalancer', 'loadBalancerSecurityGroup', 'logGroup', 'repository', 'service', 'serviceSecurityGroup', 'targetGroup'].sort(),
  );
  const stack = synthesize({ files: [join(root, OUT)] }).stacks['console-tutorial'];
  expect(stack.import).toHaveLength(12);
});

test('the plain-text DATABASE_URL becomes a secret; its value never reaches the file', async () => {
  const result = await run();
  const text = readFileSync(join(root, OUT), 'utf8');
  expect(text).not.toContain('tutorial-password');
  expect(text).toContain('DATABASE_URL: arn:aws:secretsmanager:us-east-1:123456789012:secret:my-node-task/DATABASE_URL');
  expect(text).toContain("aws secretsmanager create-secret --region us-east-1 --name my-node-task/DATABASE_URL --secret-string '<the value>'");
  expect(text).toContain('API_ENDPOINT: https://api.example.com/v1');
  expect(result.draft.decisions.join('\n')).toMatch(/task\.secrets\.DATABASE_URL: DATABASE_URL is plain text in my-node-task:1/);
});

test('reports every existing rule the first apply revokes, with the revoke command', async () => {
  const result = await run();
  expect(result.report).toContain('sg-0a1b2c3d4e5f60002 sgr-0a2000000000000b1 ingress tcp 3000 from 0.0.0.0/0');
  expect(result.report).toContain('sg-0a1b2c3d4e5f60001 sgr-0a1000000000000a3 egress all traffic to 0.0.0.0/0');
  expect(result.report).toContain('aws ec2 revoke-security-group-');
  const [lb, service] = result.draft.groupChanges;
  expect(lb.kept.map((rule) => rule.id)).toEqual(['sgr-0a1000000000000a1', 'sgr-0a1000000000000a2']);
  expect(service.revoked.map((rule) => rule.id)).toEqual(['sgr-0a2000000000000b1', 'sgr-0a2000000000000b2']);
  expect(service.added).toContainEqual({ egress: false, protocol: 'tcp', fromPort: 3000, toPort: 3000, source: 'sg-0a1b2c3d4e5f60001' });
  expect(result.report).toMatch(/execution role ecsTaskExecutionRole is not adopted/);
});

test('makes read-only calls only', async () => {
  await run();
  const sent = mocks.sentCommands();
  expect(sent.length).toBeGreaterThan(10);
  for (const command of sent) expect(command).toMatch(/^(Describe|List|Get)[A-Za-z]+Command$/);
});

test.each([
  [
    'no credentials',
    (m: ConsoleWorldMocks) => m.ecs.on(DescribeClustersCommand).rejects(awsError('CredentialsProviderError', 'Could not load credentials from any providers')),
    'credentials',
    /no usable AWS credentials \(ecs:DescribeClusters: Could not load credentials from any providers\)\. Discovery uses the standard credential chain/,
  ],
  [
    'expired credentials',
    (m: ConsoleWorldMocks) => m.ecs.on(DescribeClustersCommand).rejects(awsError('ExpiredTokenException', 'The security token included in the request is expired')),
    'credentials',
    /no usable AWS credentials/,
  ],
  [
    'access denied (ECS)',
    (m: ConsoleWorldMocks) =>
      m.ecs.on(DescribeServicesCommand).rejects(awsError('AccessDeniedException', 'User: arn:aws:iam::123456789012:user/readonly is not authorized to perform: ecs:DescribeServices')),
    'access-denied',
    /AWS refused ecs:DescribeServices \(AccessDeniedException: .*not authorized.*\)\. The identity needs read access/,
  ],
  [
    'access denied (EC2)',
    (m: ConsoleWorldMocks) => m.ec2.on(DescribeSecurityGroupRulesCommand).rejects(awsError('UnauthorizedOperation', 'You are not authorized to perform this operation.')),
    'access-denied',
    /AWS refused ec2:DescribeSecurityGroupRules \(UnauthorizedOperation/,
  ],
  [
    'a load balancer with two security groups',
    (m: ConsoleWorldMocks) =>
      m.elbv2.on(DescribeLoadBalancersCommand).callsFake(() => {
        const answer = response<{ LoadBalancers: Array<{ SecurityGroups: string[] }> }>('elbv2.DescribeLoadBalancers');
        answer.LoadBalancers[0].SecurityGroups.push('sg-0a1b2c3d4e5f60099');
        return answer;
      }),
    'ambiguous',
    /load balancer my-app-lb has 2 security groups \(sg-0a1b2c3d4e5f60001, sg-0a1b2c3d4e5f60099\); the stack manages exactly one/,
  ],
  [
    'two public hosted zones with the same name',
    (m: ConsoleWorldMocks) =>
      m.route53.on(ListHostedZonesByNameCommand).callsFake(() => {
        const answer = response<{ HostedZones: Array<Record<string, unknown>> }>('route53.ListHostedZonesByName');
        answer.HostedZones.push({ ...answer.HostedZones[0], Id: '/hostedzone/Z0SECONDZONE0000000000' });
        return answer;
      }),
    'ambiguous',
    /2 public hosted zones are named example\.com\. \(Z0123456789EXAMPLETUT, Z0SECONDZONE0000000000\); keep one, or write hostedZoneId by hand/,
  ],
] as const)('%s: a clear error, nothing written', async (_name, arrange, problem, message) => {
  arrange(mocks);
  const error = await run().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DiscoveryError);
  expect((error as DiscoveryError).problem).toBe(problem);
  expect((error as DiscoveryError).message).toMatch(message);
  expect(written()).toEqual([]);
});

test.each([
  ['a cluster that does not exist', { cluster: 'no-such-cluster' }, /cluster "no-such-cluster" was not found in us-east-1 \(`aws ecs list-clusters --region us-east-1` lists them\)/],
  ['a service that does not exist', { service: 'no-such-service' }, /service "no-such-service" was not found in cluster my-app-cluster/],
] as const)('not found: %s', async (_name, options, message) => {
  await expect(run(options)).rejects.toThrow(message);
  expect(written()).toEqual([]);
});

test('an existing file is kept unless --force', async () => {
  mkdirSync(join(root, 'environments', 'examples'), { recursive: true });
  writeFileSync(join(root, OUT), 'mine\n');
  await expect(run()).rejects.toThrow(/already exists; pass --force to replace it/);
  expect(readFileSync(join(root, OUT), 'utf8')).toBe('mine\n');
  await run({ force: true });
  expect(readFileSync(join(root, OUT), 'utf8')).toMatch(/^# yaml-language-server/);
});

test('the command line: exit 0 with the report, 1 when AWS says no, 2 for usage', async () => {
  const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
  const error = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  try {
    expect(await main(['--cluster', 'my-app-cluster', '--service', 'my-node-service', '--region', 'us-east-1', '--out', 'environments/tutorial.yaml'], root)).toBe(0);
    expect(log.mock.calls.flat().join('\n')).toMatch(/^wrote environments\/tutorial\.yaml \(stack tutorial\)/);
    expect(existsSync(join(root, 'environments', 'tutorial.yaml'))).toBe(true);

    expect(await main(['--cluster', 'gone', '--service', 'my-node-service', '--region', 'us-east-1', '--out', 'environments/gone.yaml'], root)).toBe(1);
    expect(error.mock.calls.flat().join('\n')).toMatch(/error: cluster "gone" was not found.*\nNothing was written\./s);
    expect(existsSync(join(root, 'environments', 'gone.yaml'))).toBe(false);

    expect(await main(['--service', 'my-node-service'], root)).toBe(2);
    expect(await main(['--cluster', 'c', '--service', 's', '--bogus'], root)).toBe(2);
    expect(await main(['--cluster', 'c', '--service', 's', '--region', 'us-east-1', '--out', 'environments/Bad_Name.yaml'], root)).toBe(2);
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
});

test('no region anywhere: a usage error before any call', async () => {
  const saved = { AWS_REGION: process.env.AWS_REGION, AWS_DEFAULT_REGION: process.env.AWS_DEFAULT_REGION, AWS_CONFIG_FILE: process.env.AWS_CONFIG_FILE, AWS_PROFILE: process.env.AWS_PROFILE };
  delete process.env.AWS_REGION;
  delete process.env.AWS_DEFAULT_REGION;
  delete process.env.AWS_PROFILE;
  process.env.AWS_CONFIG_FILE = join(root, 'no-such-config');
  try {
    await expect(run({ region: undefined })).rejects.toThrow(/no AWS region: pass --region, or set AWS_REGION/);
    expect(mocks.sentCommands()).toEqual([]);
  } finally {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
});

test('--plan: what a saved plan does to each existing resource; exit 1 when it replaces one', async () => {
  const plan = (actions: string[]) => ({
    format_version: '1.2',
    resource_changes: [
      {
        address: 'aws_ecr_repository.repo',
        mode: 'managed',
        type: 'aws_ecr_repository',
        name: 'repo',
        change: { actions, before: { name: 'my-node-app', image_tag_mutability: 'MUTABLE', force_delete: null }, after: { name: 'my-node-app', image_tag_mutability: 'IMMUTABLE', force_delete: false }, after_unknown: {}, replace_paths: actions.includes('delete') ? [['encryption_configuration']] : undefined },
      },
      { address: 'aws_iam_role.execution', mode: 'managed', type: 'aws_iam_role', name: 'execution', change: { actions: ['create'], before: null, after: { name: 'x' }, after_unknown: { arn: true } } },
    ],
  });
  const file = join(root, 'plan.json');
  const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
  try {
    writeFileSync(file, JSON.stringify(plan(['update'])));
    expect(await main(['--plan', file], root)).toBe(0);
    expect(log.mock.calls.flat().join('\n')).toBe('1 existing resource(s): 1 changed in place, 0 replaced or deleted; 1 new.\n~ aws_ecr_repository.repo: changes image_tag_mutability');
    log.mockClear();
    writeFileSync(file, JSON.stringify(plan(['delete', 'create'])));
    expect(await main(['--plan', file], root)).toBe(1);
    expect(log.mock.calls.flat().join('\n')).toMatch(/! aws_ecr_repository\.repo: REPLACED \(forced by encryption_configuration\)/);
  } finally {
    log.mockRestore();
  }
});
