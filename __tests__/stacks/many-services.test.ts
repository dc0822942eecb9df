/**
 * The constructs of many services, read from the synthesized stack of the three-service example (web on
 * /*, api on /api/* called by web, a worker) and variants of it: per-service resources under
 * `services/<name>`, listener rules and the default action, security groups, Service Connect, image
 * tags, outputs and image stacks.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { merge, writeEnvironment } from '../helpers/environments';
import { FIXTURE_ENVIRONMENTS, synthesize, type StackJson } from '../helpers/synth';

const EXAMPLE = join(FIXTURE_ENVIRONMENTS, 'examples', 'three-services.yaml');
const STACK = 'three-services';

/** The example with `patch` merged in, written to a temporary directory (its services build the default context). */
function variant(patch: Record<string, unknown>): StackJson {
  const data = parse(readFileSync(EXAMPLE, 'utf8')) as Record<string, unknown>;
  for (const service of Object.values(data.services as Record<string, Record<string, unknown>>)) delete service.buildContext;
  const { file } = writeEnvironment(STACK, stringify(merge(data, patch)));
  return synthesize({ files: [file] }).stacks[STACK];
}

let example: StackJson;
let out: ReturnType<typeof synthesize>;
beforeAll(() => {
  out = synthesize({ files: [EXAMPLE] });
  example = out.stacks[STACK];
});

/** The resource of a type whose logical name starts with `services_<service>_` (exactly one). */
function of(stack: StackJson, type: string, service: string): Record<string, unknown> {
  const found = Object.entries(stack.resource[type] ?? {}).filter(([name]) => name.startsWith(`services_${service}_`));
  if (found.length !== 1) throw new Error(`expected one ${type} of ${service}, found ${found.length}`);
  return found[0][1];
}
const nameOf = (stack: StackJson, type: string, service: string): string => Object.keys(stack.resource[type] ?? {}).find((name) => name.startsWith(`services_${service}_`))!;
const idOf = (stack: StackJson, type: string, service: string, attribute = 'id'): string => `\${${type}.${nameOf(stack, type, service)}.${attribute}}`;

test('each service has its own repository, task definition, log group, roles, security group and ECS service', () => {
  for (const type of ['aws_ecr_repository', 'aws_ecr_lifecycle_policy', 'aws_ecs_task_definition', 'aws_cloudwatch_log_group', 'aws_ecs_service', 'aws_security_group']) {
    for (const service of ['web', 'api', 'worker']) expect(() => of(example, type, service)).not.toThrow();
  }
  expect(['web', 'api', 'worker'].map((service) => of(example, 'aws_ecr_repository', service).name)).toEqual(['shop-three-services-web', 'shop-three-services-api', 'shop-three-services-worker']);
  expect(['web', 'api', 'worker'].map((service) => of(example, 'aws_ecs_service', service).name)).toEqual(['shop-three-services-web', 'shop-three-services-api', 'shop-three-services-worker']);
  expect(of(example, 'aws_cloudwatch_log_group', 'api').name).toBe('/ecs/shop-three-services-api');
  expect(of(example, 'aws_ecs_task_definition', 'api')).toMatchObject({ family: 'shop-three-services-api', cpu: '512', memory: '1024' });
});

test("an execution role reaches its own repository and log group only", () => {
  const policies = Object.entries(example.resource.aws_iam_role_policy).filter(([name]) => /^services_\w+_task_execution-policy/.test(name));
  expect(policies).toHaveLength(3);
  for (const service of ['web', 'api', 'worker']) {
    const policy = JSON.parse(of(example, 'aws_iam_role_policy', service).policy as string) as { Statement: Array<{ Sid: string; Resource: unknown }> };
    const resource = (sid: string) => policy.Statement.find((statement) => statement.Sid === sid)?.Resource;
    expect(resource('PullImage')).toBe(idOf(example, 'aws_ecr_repository', service, 'arn'));
    expect(resource('WriteLogs')).toBe(`${idOf(example, 'aws_cloudwatch_log_group', service, 'arn')}:*`);
  }
});

test('the HTTPS listener answers 404 by default; one rule per routed service forwards to its own target group', () => {
  const https = Object.values(example.resource.aws_lb_listener).find((listener) => listener.port === 443)!;
  expect(https.default_action).toEqual([{ type: 'fixed-response', fixed_response: { content_type: 'text/plain', status_code: '404', message_body: 'Not found' } }]);
  expect(Object.keys(example.resource.aws_lb_target_group).sort()).toEqual([nameOf(example, 'aws_lb_target_group', 'api'), nameOf(example, 'aws_lb_target_group', 'web')].sort());
  expect(of(example, 'aws_lb_target_group', 'api')).toMatchObject({ port: 4000, name_prefix: 'api', target_type: 'ip' });
  expect(of(example, 'aws_lb_listener_rule', 'api')).toMatchObject({
    priority: 10,
    condition: [{ path_pattern: { values: ['/api/*'] } }],
    action: [{ type: 'forward', target_group_arn: idOf(example, 'aws_lb_target_group', 'api', 'arn') }],
  });
  expect(of(example, 'aws_lb_listener_rule', 'web')).toMatchObject({ priority: 100, condition: [{ path_pattern: { values: ['/*'] } }] });
  // Each routed service waits for its rule (its target group must be attached before the service starts).
  expect(of(example, 'aws_ecs_service', 'api').depends_on).toContain(`aws_lb_listener_rule.${nameOf(example, 'aws_lb_listener_rule', 'api')}`);
});

test('`default: true` sends what no rule matches to that service instead of the 404', () => {
  const stack = variant({ services: { web: { routing: undefined, default: true } } });
  const https = Object.values(stack.resource.aws_lb_listener).find((listener) => listener.port === 443)!;
  expect(https.default_action).toEqual([{ type: 'forward', target_group_arn: idOf(stack, 'aws_lb_target_group', 'web', 'arn') }]);
  expect(Object.keys(stack.resource.aws_lb_listener_rule)).toHaveLength(1);
});

test('the worker: no target group, no port mapping, no grace period, a group without ingress', () => {
  const worker = of(example, 'aws_ecs_service', 'worker');
  expect(worker.load_balancer).toBeUndefined();
  expect(worker.health_check_grace_period_seconds).toBeUndefined();
  expect(worker.service_connect_configuration).toBeUndefined();
  const container = (JSON.parse(of(example, 'aws_ecs_task_definition', 'worker').container_definitions as string) as Array<Record<string, unknown>>)[0];
  expect(container.portMappings).toEqual([]);
  expect(container.healthCheck).toBeUndefined();
  expect(of(example, 'aws_security_group', 'worker').ingress).toEqual([]);
});

test('security groups: the load balancer reaches each routed port; api admits the load balancer and its caller web, web may call out to api', () => {
  const alb = example.resource.aws_security_group[Object.keys(example.resource.aws_security_group).find((name) => name.startsWith('load-balancer_'))!];
  expect((alb.egress as Array<{ from_port: number; cidr_blocks: string[] }>).map((rule) => [rule.from_port, rule.cidr_blocks])).toEqual([
    [3000, ['10.30.0.0/16']],
    [4000, ['10.30.0.0/16']],
  ]);
  const albId = `\${aws_security_group.${Object.keys(example.resource.aws_security_group).find((name) => name.startsWith('load-balancer_'))}.id}`;
  const api = of(example, 'aws_security_group', 'api');
  expect((api.ingress as Array<{ from_port: number; security_groups: string[] }>).map((rule) => [rule.from_port, rule.security_groups])).toEqual([
    [4000, [albId]],
    [4000, [idOf(example, 'aws_security_group', 'web')]],
  ]);
  const web = of(example, 'aws_security_group', 'web');
  expect((web.ingress as Array<{ security_groups: string[] }>).map((rule) => rule.security_groups)).toEqual([[albId]]);
  expect((web.egress as Array<{ from_port: number; cidr_blocks: string[] }>).map((rule) => [rule.from_port, rule.cidr_blocks])).toEqual([
    [443, ['0.0.0.0/0']],
    [4000, ['10.30.0.0/16']],
  ]);
  // One description for every service's group: routing or callers that change never replace a group.
  expect(new Set(['web', 'api', 'worker'].map((service) => of(example, 'aws_security_group', service).description)).size).toBe(1);
});

test('workers only: no target group, a 404 listener, and a load balancer group that reaches nothing', () => {
  const stack = variant({ services: { web: undefined, api: undefined } });
  expect(stack.resource.aws_lb_target_group).toBeUndefined();
  expect(stack.resource.aws_lb_listener_rule).toBeUndefined();
  const alb = stack.resource.aws_security_group[Object.keys(stack.resource.aws_security_group).find((name) => name.startsWith('load-balancer_'))!];
  expect(alb.egress).toEqual([]);
  expect(Object.values(stack.resource.aws_lb_listener).find((listener) => listener.port === 443)?.default_action).toEqual([expect.objectContaining({ type: 'fixed-response' })]);
});

test('Service Connect: one namespace; api answers as api:4000, web is a client, the worker takes no part', () => {
  expect(Object.values(example.resource.aws_service_discovery_http_namespace)).toEqual([expect.objectContaining({ name: 'shop-three-services' })]);
  const namespace = `\${aws_service_discovery_http_namespace.${Object.keys(example.resource.aws_service_discovery_http_namespace)[0]}.arn}`;
  expect(of(example, 'aws_ecs_service', 'api').service_connect_configuration).toEqual({
    enabled: true,
    namespace,
    service: [{ port_name: 'http', discovery_name: 'api', client_alias: { port: 4000, dns_name: 'api' } }],
  });
  expect(of(example, 'aws_ecs_service', 'web').service_connect_configuration).toEqual({ enabled: true, namespace });
});

test('a stack without callers has no Service Connect namespace', () => {
  const stack = variant({ services: { api: { callers: [] } } });
  expect(stack.resource.aws_service_discovery_http_namespace).toBeUndefined();
  expect(of(stack, 'aws_ecs_service', 'web').service_connect_configuration).toBeUndefined();
});

test('one image tag variable and one set of outputs per service', () => {
  expect(Object.keys(example.variable ?? {}).filter((name) => name.startsWith('image_tag')).sort()).toEqual(['image_tag_api', 'image_tag_web', 'image_tag_worker']);
  expect(of(example, 'aws_ecs_task_definition', 'api').container_definitions).toContain('${var.image_tag_api}');
  expect(Object.keys(example.output ?? {}).sort()).toEqual(
    ['alb_dns_name', 'certificate_arn', 'cluster_name', 'ecr_repository_url_api', 'ecr_repository_url_web', 'ecr_repository_url_worker', 'service_name_api', 'service_name_web', 'service_name_worker', 'service_url'].sort(),
  );
});

test('the CI push role may push to every service repository', () => {
  const stack = variant({ registry: { ciPushRole: { githubRepository: 'example-org/shop', createOidcProvider: true } } });
  const policy = JSON.parse(Object.entries(stack.resource.aws_iam_role_policy).find(([name]) => name.startsWith('ci-push_'))![1].policy as string) as { Statement: Array<{ Resource: unknown }> };
  const repositories = ['web', 'api', 'worker'].map((service) => idOf(stack, 'aws_ecr_repository', service, 'arn'));
  expect(policy.Statement.some((statement) => JSON.stringify(statement.Resource) === JSON.stringify(repositories))).toBe(true);
});

test('the VPC endpoints admit every service (their group takes HTTPS from the VPC)', () => {
  const stack = variant({ hardening: { vpcEndpoints: { enabled: true } } });
  const rules = Object.values(stack.resource.aws_vpc_security_group_ingress_rule ?? {});
  expect(rules).toEqual([expect.objectContaining({ cidr_ipv4: expect.stringMatching(/^\$\{aws_vpc\.network_vpc_\w+\.cidr_block\}$/), from_port: 443, to_port: 443 })]);
  // and every service may send HTTPS out, into the VPC included.
  for (const service of ['web', 'api', 'worker']) {
    expect(of(stack, 'aws_security_group', service).egress).toEqual(expect.arrayContaining([expect.objectContaining({ from_port: 443, cidr_blocks: ['0.0.0.0/0'] })]));
  }
});

test('the image stack builds and pushes one image per service, from each build context', () => {
  const image = JSON.parse(readFileSync(join(out.outdir, 'stacks', `image-${STACK}`, 'cdk.tf.json'), 'utf8')) as StackJson;
  const images = Object.entries(image.resource.docker_image).map(([name, body]) => [name.split('_')[1], (body.build as Array<{ context: string }> | { context: string })]);
  expect(images.map(([service]) => service).sort()).toEqual(['api', 'web', 'worker']);
  expect(Object.keys(image.variable ?? {}).sort()).toEqual(['image_tag_api', 'image_tag_web', 'image_tag_worker']);
  expect(Object.keys(image.output ?? {}).sort()).toEqual(['digest_api', 'digest_web', 'digest_worker', 'image_api', 'image_web', 'image_worker']);
  expect(Object.values((image.data as { aws_ecr_repository: Record<string, { name: string }> }).aws_ecr_repository).map((repository) => repository.name).sort()).toEqual(['shop-three-services-api', 'shop-three-services-web', 'shop-three-services-worker']);
});
