/**
 * Config-driven adoption: `imports:` → Terraform import blocks for exactly those resources, IDs checked
 * for their shape and for names that would force a replacement, prevent_destroy on stateful ones.
 */
import { join } from 'node:path';
import { ConfigError } from '../../config/errors';
import { loadEnvironment } from '../../config/load';
import { baseEnvironment, merge, writeEnvironment } from '../helpers/environments';
import { FIXTURE_ENVIRONMENTS, synthesize, type StackJson } from '../helpers/synth';

const TUTORIAL = join(FIXTURE_ENVIRONMENTS, 'examples', 'console-tutorial.yaml');

let tutorial: StackJson;
beforeAll(() => {
  tutorial = synthesize({ files: [TUTORIAL] }).stacks['console-tutorial'];
});

type ImportBlock = { id: string; to: string };
const importsOf = (stack: StackJson) => (stack.import ?? []) as ImportBlock[];
const addressOf = (stack: StackJson, type: string, index = 0) => `${type}.${Object.keys(stack.resource[type])[index]}`;

test.each([
  ['aws_ecr_repository', 0, 'my-node-app'],
  ['aws_ecs_cluster', 0, 'my-app-cluster'],
  ['aws_ecs_service', 0, 'my-app-cluster/my-node-service'],
  ['aws_cloudwatch_log_group', 0, '/ecs/my-node-task'],
  ['aws_lb', 0, 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/my-app-lb/50dc6c495c0c9188'],
  ['aws_lb_target_group', 0, 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/my-app-tg/73e2d6bc24d8a067'],
  ['aws_acm_certificate', 0, 'arn:aws:acm:us-east-1:123456789012:certificate/12345678-1234-1234-1234-123456789012'],
  ['aws_security_group', 0, 'sg-0a1b2c3d4e5f60001'],
  ['aws_security_group', 1, 'sg-0a1b2c3d4e5f60002'],
] as const)('console tutorial: %s[%d] is imported from %s', (type, index, id) => {
  expect(importsOf(tutorial)).toContainEqual({ id, to: addressOf(tutorial, type, index) });
});

test('console tutorial: listeners and alias record are imported too; the task definition and the shared execution role are not', () => {
  const byTarget = Object.fromEntries(importsOf(tutorial).map((block) => [block.to, block.id]));
  const http = Object.entries(tutorial.resource.aws_lb_listener).find(([, l]) => l.port === 80)![0];
  expect(byTarget[`aws_lb_listener.${http}`]).toMatch(/\/f2f7dc8efc522ab2$/);
  const alias = Object.entries(tutorial.resource.aws_route53_record).find(([, r]) => r.alias)![0];
  expect(byTarget[`aws_route53_record.${alias}`]).toBe('Z0123456789EXAMPLETUT_app.example.com_A');
  const targets = Object.keys(byTarget).map((address) => address.split('.')[0]);
  expect(targets).not.toContain('aws_ecs_task_definition');
  expect(targets).not.toContain('aws_iam_role');
  // The stack's own execution role for the new revision, never the account's shared ecsTaskExecutionRole.
  expect(Object.values(tutorial.resource.aws_iam_role).map((r) => r.name)).not.toContain('ecsTaskExecutionRole');
  expect(importsOf(tutorial)).toHaveLength(12);
});

test('console tutorial: the settings that follow the console-made resources', () => {
  const repository = Object.values(tutorial.resource.aws_ecr_repository)[0];
  expect(repository.encryption_configuration).toEqual([{ encryption_type: 'AES256' }]);
  const service = Object.values(tutorial.resource.aws_ecs_service)[0];
  expect(service.launch_type).toBe('FARGATE');
  expect(service).not.toHaveProperty('capacity_provider_strategy');
  expect(service.load_balancer).toEqual([expect.objectContaining({ container_name: 'app-container', container_port: 3000 })]);
  const descriptions = Object.values(tutorial.resource.aws_security_group).map((group) => group.description).sort();
  expect(descriptions).toEqual(['Allow HTTP and HTTPS to my-app-lb', 'Allow port 3000 for my-node-service']);
  const task = Object.values(tutorial.resource.aws_ecs_task_definition)[0];
  expect(task).toMatchObject({ family: 'my-node-task', cpu: '512', memory: '1024' });
  const [container] = JSON.parse(task.container_definitions as string) as Array<{ name: string; environment: Array<{ name: string }>; secrets: Array<{ name: string; valueFrom: string }> }>;
  expect(container.name).toBe('app-container');
  expect(container.environment.map((variable) => variable.name)).not.toContain('DATABASE_URL');
  expect(container.secrets).toEqual([{ name: 'DATABASE_URL', valueFrom: expect.stringMatching(/^arn:aws:secretsmanager:/) }]);
});

test('console tutorial: names match the hand-made resources, so adoption does not rename', () => {
  const name = (type: string) => Object.values(tutorial.resource[type]).map((r) => r.name ?? r.family);
  expect(name('aws_ecr_repository')).toEqual(['my-node-app']);
  expect(name('aws_ecs_cluster')).toEqual(['my-app-cluster']);
  expect(name('aws_ecs_service')).toEqual(['my-node-service']);
  expect(name('aws_ecs_task_definition')).toEqual(['my-node-task']);
  expect(name('aws_lb')).toEqual(['my-app-lb']);
  expect(name('aws_lb_target_group')).toEqual(['my-app-tg']);
  expect(name('aws_security_group').sort()).toEqual(['my-app-lb-sg', 'my-service-sg']);
});

test('stateful imported resources get prevent_destroy; others do not', () => {
  expect(Object.values(tutorial.resource.aws_ecr_repository)[0].lifecycle).toEqual({ prevent_destroy: true });
  expect(Object.values(tutorial.resource.aws_acm_certificate)[0].lifecycle).toEqual({ create_before_destroy: true, prevent_destroy: true });
  expect(Object.values(tutorial.resource.aws_ecs_cluster)[0].lifecycle).toBeUndefined();
});

test('the shipped environments import nothing', () => {
  const shipped = synthesize().stacks;
  for (const stack of Object.values(shipped)) expect(stack.import).toBeUndefined();
});

function problemsFor(imports: Record<string, unknown>, patch: Record<string, unknown> = {}): string {
  const { file } = writeEnvironment('qa', merge(merge(baseEnvironment(), patch), { imports }));
  try {
    loadEnvironment(file);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

test.each([
  ['an unknown key, with a suggestion', { loadbalancer: 'x' }, /imports\.loadbalancer: unknown key \(did you mean "loadBalancer"\?\)/],
  ['a load balancer ID that is not an ALB ARN', { loadBalancer: 'my-app-lb' }, /imports\.loadBalancer: must be an ALB ARN: arn:aws:elasticloadbalancing:<region>:<account>:loadbalancer\/app\/<name>\/<16 hex>/],
  ['a target group ARN given for a listener', { httpListener: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/my-app-tg/73e2d6bc24d8a067' }, /imports\.httpListener: must be a listener ARN/],
  ['a security group ID of the wrong shape', { serviceSecurityGroup: 'my-service-sg' }, /imports\.serviceSecurityGroup: must be a security group ID such as sg-0123456789abcdef0/],
  ['a service without its cluster', { service: 'my-node-service' }, /imports\.service: must be cluster-name\/service-name/],
  ['a certificate ARN of another service', { certificate: 'arn:aws:iam::123456789012:server-certificate/x' }, /imports\.certificate: must be an ACM certificate ARN/],
  ['a record ID of the wrong shape', { aliasRecord: 'dev.example.com' }, /imports\.aliasRecord: must be ZONEID_name_A/],
] as const)('malformed ID: %s', (_name, imports, expected) => {
  expect(problemsFor(imports)).toMatch(expected);
});

test.each([
  ['a repository whose name differs from the stack\'s', { repository: 'my-node-app' }, {}, /imports\.repository: adopts "my-node-app" but the stack names it "web-qa"; set registry\.name: my-node-app/],
  ['a service in another cluster', { service: 'other/web-qa' }, {}, /imports\.service: adopts "other" but the stack names it "web-qa"; set cluster\.name: other/],
  ['a target group while names are generated', { targetGroup: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/my-app-tg/73e2d6bc24d8a067' }, {}, /imports\.targetGroup: adopts "my-app-tg" but the stack generates target group names; set loadBalancer\.targetGroup\.name: my-app-tg/],
  ['an alias record in another zone', { aliasRecord: 'ZOTHERZONE_dev.example.com_A' }, {}, /imports\.aliasRecord: must be the A record of domain in hostedZoneId: Z0123456789EXAMPLE_dev\.example\.com_A/],
  ['an AAAA record on an ipv4 load balancer', { aliasRecordIpv6: 'Z0123456789EXAMPLE_dev.example.com_AAAA' }, { loadBalancer: { ipAddressType: 'ipv4' } }, /imports\.aliasRecordIpv6: the load balancer is ipv4 only/],
  ['an OIDC provider the stack does not create', { oidcProvider: 'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com' }, {}, /imports\.oidcProvider: only a stack with registry\.ciPushRole\.createOidcProvider: true manages the provider/],
] as const)('an ID that would force a replacement: %s', (_name, imports, patch, expected) => {
  expect(problemsFor(imports, patch)).toMatch(expected);
});

test.each([
  ['taskDefinition', 'arn:aws:ecs:us-east-1:123456789012:task-definition/web-qa:1', /imports\.taskDefinition: is no longer supported: a task definition revision cannot change.*registers a new revision in the same family/],
  ['executionRole', 'ecsTaskExecutionRole', /imports\.executionRole: is no longer supported: the stack makes and owns its own execution role/],
  ['serviceIngressFromLoadBalancer', 'sgr-0123456789abcdef0', /imports\.serviceIngressFromLoadBalancer: is no longer needed: the security groups' rules are part of the groups/],
] as const)('a retired import key says why and what to do: %s', (key, id, expected) => {
  const message = problemsFor({ [key]: id });
  expect(message).toMatch(expected);
  expect(message).not.toMatch(/unknown key/);
});
