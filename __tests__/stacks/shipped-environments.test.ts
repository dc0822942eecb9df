/**
 * The shipped environments (dev, staging, prod) synthesize the whole stack with the attributes that
 * matter: production rules, HTTPS redirect, TLS policy, least-privilege wiring, certificates, DNS.
 */
import { EcrRepository } from '@cdktf/provider-aws/lib/ecr-repository';
import { LbListener } from '@cdktf/provider-aws/lib/lb-listener';
import { escapeInterpolations } from '../../policies/policy-documents';
import { all, only, ref, synthesize, type StackJson, type Synthesized } from '../helpers/synth';

let out: Synthesized;
let dev: StackJson;
let staging: StackJson;
let prod: StackJson;

beforeAll(() => {
  out = synthesize();
  ({ dev, staging, prod } = out.stacks as Record<'dev' | 'staging' | 'prod', StackJson>);
});

const containerOf = (stack: StackJson) => JSON.parse(only(stack, 'aws_ecs_task_definition').container_definitions as string)[0];
// Policies may name the account through an interpolation with quotes inside (`split(":", …)`).
const policyOf = (resource: Record<string, unknown>, key = 'policy') => JSON.parse(escapeInterpolations(resource[key] as string));
/**
 * `${type.name.attr}` of the resource whose name matches (the stacks hold several groups and log groups);
 * a group with a generated name is known by its Name tag.
 */
const nameOf = (resource: Record<string, unknown>): string => String(resource.name ?? (resource.tags as { Name?: string } | undefined)?.Name);
const refNamed = (stack: StackJson, type: string, attribute: string, match: (name: string) => boolean): string => {
  const [id] = Object.entries(stack.resource[type] ?? {}).find(([, resource]) => match(nameOf(resource)))!;
  return `\${${type}.${id}.${attribute}}`;
};
const albGroup = (stack: StackJson) => refNamed(stack, 'aws_security_group', 'id', (name) => name.endsWith('-alb'));
const serviceGroup = (stack: StackJson) => refNamed(stack, 'aws_security_group', 'id', (name) => name.endsWith('-service'));
type Rules = { ingress: Array<Record<string, unknown>>; egress: Array<Record<string, unknown>> };
const groupNamed = (stack: StackJson, suffix: string) => all(stack, 'aws_security_group').find((group) => nameOf(group).endsWith(suffix)) as unknown as Rules;
const taskLogs = (stack: StackJson, attribute: string) => refNamed(stack, 'aws_cloudwatch_log_group', attribute, (name) => name.startsWith('/ecs/'));

test('one stack per environment file, named after its stem', () => {
  expect(out.built.stacks.map((stack) => stack.node.id).sort()).toEqual(['dev', 'prod', 'staging']);
  expect(dev.locals).toEqual({ production: false });
  expect(prod.locals).toEqual({ production: true });
});

test('between them the shipped environments use both certificate paths', () => {
  expect(all(dev, 'aws_acm_certificate_validation')).toHaveLength(1);
  expect(all(prod, 'aws_acm_certificate_validation')).toHaveLength(1);
  expect(only(staging, 'aws_acm_certificate').certificate_body).toMatch(/^-----BEGIN CERTIFICATE-----/);
});

describe.each(['dev', 'staging', 'prod'])('%s', (name) => {
  const stack = () => out.stacks[name];

  test('provider: region and default tags, no credentials', () => {
    const provider = stack().provider.aws[0];
    expect(provider.region).toBe('us-east-1');
    expect(provider.default_tags).toEqual([{ tags: expect.objectContaining({ application: 'web', environment: name, 'managed-by': 'ecs-web-stack' }) }]);
    expect(Object.keys(provider)).not.toEqual(expect.arrayContaining(['access_key']));
    expect(Object.keys(provider)).not.toEqual(expect.arrayContaining(['secret_key']));
  });

  test('ECR: KMS encryption (the environment key in production), scan on push, lifecycle that keeps the deployed image', () => {
    const repository = only(stack(), 'aws_ecr_repository');
    const customerKey = name === 'prod' ? { kms_key: expect.stringContaining('${aws_kms_key_policy.') } : {};
    expect(repository.encryption_configuration).toEqual([{ encryption_type: 'KMS', ...customerKey }]);
    expect(repository.image_scanning_configuration).toEqual({ scan_on_push: true });
    const rules = policyOf(only(stack(), 'aws_ecr_lifecycle_policy')).rules;
    expect(rules[0].selection).toMatchObject({ tagStatus: 'tagged', tagPatternList: ['${var.image_tag}'], countType: 'imageCountMoreThan', countNumber: 1 });
    expect(rules.map((rule: { selection: { tagStatus: string } }) => rule.selection.tagStatus)).toEqual(['tagged', 'tagged', 'untagged', 'any']);
    expect(rules[2].selection).toMatchObject({ tagStatus: 'untagged', countType: 'sinceImagePushed' });
  });

  test('listener 80 redirects to HTTPS 443 with HTTP_301', () => {
    expect(out.texts[name]).toHaveResourceWithProperties(LbListener, {
      port: 80,
      protocol: 'HTTP',
      default_action: [{ type: 'redirect', redirect: { protocol: 'HTTPS', port: '443', status_code: 'HTTP_301' } }],
    });
  });

  test('listener 443 uses the TLS 1.3 policy and forwards to the IP target group', () => {
    const https = all(stack(), 'aws_lb_listener').find((listener) => listener.port === 443)!;
    expect(https.ssl_policy).toBe('ELBSecurityPolicy-TLS13-1-2-2021-06');
    expect(https.default_action).toEqual([{ type: 'forward', target_group_arn: ref(stack(), 'aws_lb_target_group', 'arn') }]);
    const targets = only(stack(), 'aws_lb_target_group');
    expect(targets).toMatchObject({ target_type: 'ip', port: 3000, protocol: 'HTTP', lifecycle: { create_before_destroy: true } });
    expect(targets.health_check).toMatchObject({ path: '/health', matcher: '200' });
  });

  test('ALB: internet-facing, own security group, drops invalid headers; 80/443 open to IPv4 and IPv6; out only to the app port in the VPC', () => {
    const alb = only(stack(), 'aws_lb');
    expect(alb).toMatchObject({ internal: false, load_balancer_type: 'application', drop_invalid_header_fields: true });
    expect(alb.security_groups).toEqual([albGroup(stack())]);
    // Rules are inline, so the groups are authoritative; no standalone rule resource adds to them.
    const standalone = [...all(stack(), 'aws_vpc_security_group_ingress_rule'), ...all(stack(), 'aws_vpc_security_group_egress_rule')];
    expect(standalone.filter((rule) => rule.security_group_id === albGroup(stack()) || rule.security_group_id === serviceGroup(stack()))).toEqual([]);
    const group = groupNamed(stack(), '-alb');
    expect(group.ingress.map((rule) => `${rule.from_port}:${[...(rule.cidr_blocks as string[]), ...(rule.ipv6_cidr_blocks as string[])].join(',')}`).sort()).toEqual(['443:0.0.0.0/0,::/0', '80:0.0.0.0/0,::/0']);
    const env = out.built.environments.find((e) => e.name === name)!;
    const vpcCidr = env.network.create?.cidrBlock ?? env.network.existing!.cidrBlock;
    expect(group.egress).toEqual([expect.objectContaining({ protocol: 'tcp', from_port: 3000, to_port: 3000, cidr_blocks: [vpcCidr] })]);
  });

  test("the service's security group accepts only the app port, only from the ALB's security group", () => {
    const group = serviceGroup(stack());
    const service = only(stack(), 'aws_ecs_service');
    expect((service.network_configuration as Record<string, unknown>).security_groups).toEqual([group]);
    const { ingress, egress } = groupNamed(stack(), '-service');
    expect(ingress).toEqual([
      expect.objectContaining({ from_port: 3000, to_port: 3000, protocol: 'tcp', security_groups: [albGroup(stack())], cidr_blocks: null, ipv6_cidr_blocks: null }),
    ]);
    expect(egress).toEqual([expect.objectContaining({ from_port: 443, to_port: 443, cidr_blocks: ['0.0.0.0/0'], ipv6_cidr_blocks: ['::/0'] })]);
  });

  test('service: rolling update 100/200 with circuit breaker rollback, behind the listeners', () => {
    const service = only(stack(), 'aws_ecs_service');
    expect(service).toMatchObject({
      deployment_minimum_healthy_percent: 100,
      deployment_maximum_percent: 200,
      deployment_circuit_breaker: { enable: true, rollback: true },
      propagate_tags: 'SERVICE',
      health_check_grace_period_seconds: 60,
    });
    // The target group must be attached to the load balancer (through a listener) before ECS registers tasks
    // in it, and the capacity providers associated with the cluster before the service uses them.
    expect(((service.depends_on as string[]) ?? []).sort()).toEqual(
      [
        ...Object.keys(stack().resource.aws_lb_listener).map((id) => `aws_lb_listener.${id}`),
        ...Object.keys(stack().resource.aws_ecs_cluster_capacity_providers).map((id) => `aws_ecs_cluster_capacity_providers.${id}`),
      ].sort(),
    );
    expect(service.load_balancer).toEqual([{ container_name: 'app', container_port: 3000, target_group_arn: ref(stack(), 'aws_lb_target_group', 'arn') }]);
  });

  test('task: image is the repository URL with the image_tag variable; awslogs with retention', () => {
    const container = containerOf(stack());
    expect(container.image).toBe(`${ref(stack(), 'aws_ecr_repository', 'repository_url')}:\${var.image_tag}`);
    expect(container.portMappings[0]).toMatchObject({ containerPort: 3000 });
    expect(container.logConfiguration).toMatchObject({ logDriver: 'awslogs', options: { 'awslogs-region': 'us-east-1', 'awslogs-group': taskLogs(stack(), 'name') } });
    expect(container.healthCheck.command.join(' ')).toContain("fetch('http://127.0.0.1:3000/health')");
    expect(container.readonlyRootFilesystem).toBe(true);
    for (const group of all(stack(), 'aws_cloudwatch_log_group')) expect(group.retention_in_days).toBeGreaterThan(0);
    expect(stack().variable?.image_tag).toMatchObject({ type: 'string' });
  });

  test('execution role: pull this repository, write this log group, read only the listed secrets', () => {
    const policy = policyOf(all(stack(), 'aws_iam_role_policy').find((p) => p.name === 'task-execution')!);
    const byId = Object.fromEntries(policy.Statement.map((s: { Sid: string }) => [s.Sid, s]));
    expect(byId.PullImage.Resource).toBe(ref(stack(), 'aws_ecr_repository', 'arn'));
    expect(byId.WriteLogs.Resource).toBe(`${taskLogs(stack(), 'arn')}:*`);
    const secrets = Object.values(containerOf(stack()).secrets as Array<{ valueFrom: string }>).map((s) => s.valueFrom);
    const readable = [...(byId.ReadSecrets?.Resource ?? []), ...(byId.ReadParameters?.Resource ?? [])];
    expect(readable).toHaveLength(secrets.length);
  });

  test('DNS alias to the load balancer in the hosted zone given by ID; no data sources', () => {
    const records = all(stack(), 'aws_route53_record').filter((record) => record.alias);
    expect(records.length).toBeGreaterThanOrEqual(1);
    expect(records[0]).toMatchObject({ type: 'A', alias: { name: ref(stack(), 'aws_lb', 'dns_name'), zone_id: ref(stack(), 'aws_lb', 'zone_id'), evaluate_target_health: true } });
    expect(stack().data).toBeUndefined();
  });

  test('outputs for the service URL, ALB, repository, cluster, service and certificate', () => {
    expect(Object.keys(stack().output ?? {})).toEqual(
      expect.arrayContaining(['service_url', 'alb_dns_name', 'ecr_repository_url', 'cluster_name', 'service_name', 'certificate_arn']),
    );
  });
});

test('prod: IMMUTABLE tags, deletion protection, NAT per AZ, autoscaling that owns desired_count', () => {
  expect(out.texts.prod).toHaveResourceWithProperties(EcrRepository, { name: 'web-prod', image_tag_mutability: 'IMMUTABLE' });
  expect(only(prod, 'aws_lb').enable_deletion_protection).toBe(true);
  expect(all(prod, 'aws_nat_gateway')).toHaveLength(3);
  expect(only(prod, 'aws_ecs_service').lifecycle).toMatchObject({ ignore_changes: ['desired_count'] });
  const policies = all(prod, 'aws_appautoscaling_policy').map(
    (p) => (p.target_tracking_scaling_policy_configuration as { predefined_metric_specification: { predefined_metric_type: string } }).predefined_metric_specification.predefined_metric_type,
  );
  expect(policies.sort()).toEqual(['ECSServiceAverageCPUUtilization', 'ECSServiceAverageMemoryUtilization']);
  expect(only(prod, 'aws_appautoscaling_target')).toMatchObject({ min_capacity: 3, max_capacity: 12, scalable_dimension: 'ecs:service:DesiredCount' });
});

test('prod: the image_tag variable itself refuses latest; dev does not', () => {
  const conditions = (stack: StackJson) => ((stack.variable?.image_tag.validation ?? []) as Array<{ condition: string }>).map((v) => v.condition);
  expect(conditions(prod)).toContain('${var.image_tag != "latest"}');
  expect(conditions(dev)).not.toContain('${var.image_tag != "latest"}');
  expect(prod.variable?.image_tag.default).toBe('1.0.0');
});

test('dev: mutable tags allowed, tasks with public IPs in the public subnets, no NAT, no deletion protection', () => {
  expect(only(dev, 'aws_ecr_repository').image_tag_mutability).toBe('MUTABLE');
  const network = only(dev, 'aws_ecs_service').network_configuration as { assign_public_ip: boolean; subnets: string[] };
  expect(network.assign_public_ip).toBe(true);
  const publicSubnets = Object.entries(dev.resource.aws_subnet).filter(([, s]) => (s.tags as Record<string, string>).Tier === 'public').map(([id]) => `\${aws_subnet.${id}.id}`);
  expect(network.subnets.sort()).toEqual(publicSubnets.sort());
  expect(dev.resource.aws_nat_gateway).toBeUndefined();
  expect(only(dev, 'aws_lb').enable_deletion_protection).toBe(false);
  expect(only(dev, 'aws_ecs_service').lifecycle).not.toHaveProperty('ignore_changes');
});

test('ACM path: validation records from the certificate options, validation before the listener uses the ARN', () => {
  const record = all(prod, 'aws_route53_record').find((r) => r.for_each)!;
  // One record for example.com and *.example.com: ACM gives both the same CNAME.
  expect(record.for_each).toBe(
    `\${{ for option in aws_acm_certificate.${Object.keys(prod.resource.aws_acm_certificate)[0]}.domain_validation_options : option.domain_name => option if contains(["example.com"], option.domain_name) }}`,
  );
  expect(record).toMatchObject({ zone_id: 'Z0123456789EXAMPLEPRD', allow_overwrite: true, name: '${each.value.resource_record_name}' });
  const certificate = only(prod, 'aws_acm_certificate');
  expect(certificate).toMatchObject({ domain_name: 'example.com', subject_alternative_names: ['*.example.com'], validation_method: 'DNS' });
  const https = all(prod, 'aws_lb_listener').find((listener) => listener.port === 443)!;
  expect(https.certificate_arn).toBe(ref(prod, 'aws_acm_certificate_validation', 'certificate_arn'));
  expect(all(prod, 'aws_route53_record').filter((r) => r.alias).map((r) => r.type).sort()).toEqual(['A', 'AAAA']);
});

test('imported path: public PEM parts embedded, private key only as a sensitive variable', () => {
  const certificate = only(staging, 'aws_acm_certificate');
  expect(certificate.certificate_chain).toMatch(/^-----BEGIN CERTIFICATE-----/);
  expect(certificate.private_key).toBe('${var.tls_private_key}');
  expect(staging.variable?.tls_private_key).toMatchObject({ sensitive: true, type: 'string' });
  expect(out.texts.staging).not.toMatch(/PRIVATE KEY-----\\n/);
  const https = all(staging, 'aws_lb_listener').find((listener) => listener.port === 443)!;
  expect(https.certificate_arn).toBe(ref(staging, 'aws_acm_certificate', 'arn'));
  // An existing VPC's subnets may lack IPv6: the ALB defaults to ipv4 there and gets no AAAA record.
  expect(only(staging, 'aws_lb').ip_address_type).toBe('ipv4');
  expect(all(staging, 'aws_route53_record').map((r) => r.type)).toEqual(['A']);
});

test('CI push role: GitHub OIDC trust for one repository, push/pull of this repository only', () => {
  const role = all(prod, 'aws_iam_role').find((r) => (r.name as string).endsWith('-ci-push'))!;
  const trust = policyOf(role, 'assume_role_policy').Statement[0];
  expect(trust.Principal.Federated).toBe(ref(prod, 'aws_iam_openid_connect_provider', 'arn'));
  expect(trust.Condition.StringEquals).toEqual({ 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' });
  expect(trust.Condition.StringLike['token.actions.githubusercontent.com:sub']).toEqual([
    'repo:example-org/web:ref:refs/heads/main',
    'repo:example-org/web:environment:prod',
  ]);
  const push = policyOf(all(prod, 'aws_iam_role_policy').find((p) => p.name === 'ecr-push')!);
  expect(push.Statement[1].Resource).toBe(ref(prod, 'aws_ecr_repository', 'arn'));
  expect(JSON.stringify(push)).not.toContain('ecr:*');
  // staging reuses the account's provider by ARN instead of creating a second one.
  expect(staging.resource.aws_iam_openid_connect_provider).toBeUndefined();
});
