import type { AttrValue } from '../../../policies/model';
import { jsonLine, oneOf, ref, sourceGraph, src, synth, tf, unresolved, type Json, type RuleCases } from '../helpers';

/** Source layout: line 1 ALB group, line 2 load balancer, line 3 service group, line 4 service. */
const albGroup = src('aws_security_group', {}, { line: 1 });
const lb = src('aws_lb', { security_groups: [ref(1)] }, { line: 2 });
const service = src('aws_ecs_service', { network_configuration: { security_groups: [ref(3)], subnets: ['subnet-1'] } }, { line: 4 });
const serviceGroup = (ingress?: AttrValue) => src('aws_security_group', ingress === undefined ? {} : { ingress }, { line: 3 });
/** The same service behind the ALB: line 6 target group, line 7 HTTPS listener forwarding to it. */
const targets = src('aws_lb_target_group', { port: 3000, protocol: 'HTTP' }, { line: 6 });
const listener = src('aws_lb_listener', { load_balancer_arn: ref(2, 'arn'), port: 443, protocol: 'HTTPS', default_action: [{ type: 'forward', target_group_arn: ref(6, 'arn') }] }, { line: 7 });
const frontedService = src('aws_ecs_service', { network_configuration: { security_groups: [ref(3)], subnets: ['subnet-1'] }, load_balancer: [{ target_group_arn: ref(6, 'arn'), container_port: 3000 }] }, { line: 4 });

const stack = (extra: { [type: string]: { [name: string]: Json } }, serviceGroupBody: { [key: string]: Json } = {}) =>
  tf({
    aws_security_group: { alb: { name: 'alb' }, service: serviceGroupBody, other: { name: 'other' } },
    aws_lb: { alb: { security_groups: ['${aws_security_group.alb.id}'] } },
    aws_ecs_service: { app: { network_configuration: [{ security_groups: ['${aws_security_group.service.id}'], subnets: ['subnet-1'] }] } },
    ...extra,
  });

const fromAlb = stack({ aws_vpc_security_group_ingress_rule: { app: { security_group_id: '${aws_security_group.service.id}', referenced_security_group_id: '${aws_security_group.alb.id}', from_port: 3000, to_port: 3000, ip_protocol: 'tcp' } } });
const cidr = stack({ aws_vpc_security_group_ingress_rule: { app: { security_group_id: '${aws_security_group.service.id}', cidr_ipv4: '10.0.0.0/16', ip_protocol: 'tcp' } } });
const prefixList = stack({ aws_vpc_security_group_ingress_rule: { app: { security_group_id: '${aws_security_group.service.id}', prefix_list_id: 'pl-123', ip_protocol: 'tcp' } } });
const ipv6 = stack({ aws_vpc_security_group_ingress_rule: { app: { security_group_id: '${aws_security_group.service.id}', cidr_ipv6: '::/0', ip_protocol: 'tcp' } } });
const otherGroup = stack({ aws_security_group_rule: { app: { type: 'ingress', security_group_id: '${aws_security_group.service.id}', source_security_group_id: '${aws_security_group.other.id}', from_port: 3000, to_port: 3000, protocol: 'tcp' } } });
const ruleCidr = stack({ aws_security_group_rule: { app: { type: 'ingress', security_group_id: '${aws_security_group.service.id}', cidr_blocks: ['0.0.0.0/0'], from_port: 3000, to_port: 3000, protocol: 'tcp' } } });
const egressRule = stack({ aws_security_group_rule: { out: { type: 'egress', security_group_id: '${aws_security_group.service.id}', cidr_blocks: ['0.0.0.0/0'], from_port: 0, to_port: 0, protocol: '-1' } } });
const inline = stack({}, { ingress: [{ from_port: 3000, to_port: 3000, protocol: 'tcp', cidr_blocks: ['0.0.0.0/0'], security_groups: null, ipv6_cidr_blocks: null, prefix_list_ids: null, self: null }] });
const inlineFromAlb = stack({}, { ingress: [{ from_port: 3000, to_port: 3000, protocol: 'tcp', security_groups: ['${aws_security_group.alb.id}'], cidr_blocks: null }] });

/** The service behind the ALB: load_balancer → target group → HTTPS listener → ALB (group alb), plus a decoy NLB. */
const fronted = (extra: { [type: string]: { [name: string]: Json } }, service: { [key: string]: Json } = {}) =>
  tf({
    aws_security_group: { alb: { name: 'alb' }, service: { name: 'service' }, bastion: { name: 'bastion' } },
    aws_lb: { alb: { security_groups: ['${aws_security_group.alb.id}'] }, decoy: { load_balancer_type: 'network', security_groups: ['${aws_security_group.bastion.id}'] } },
    aws_lb_target_group: { app: { port: 3000, protocol: 'HTTP', target_type: 'ip' } },
    aws_lb_listener: { https: { load_balancer_arn: '${aws_lb.alb.arn}', port: 443, protocol: 'HTTPS', default_action: [{ type: 'forward', target_group_arn: '${aws_lb_target_group.app.arn}' }] } },
    aws_ecs_service: {
      app: {
        network_configuration: [{ security_groups: ['${aws_security_group.service.id}'], subnets: ['subnet-1'] }],
        load_balancer: [{ target_group_arn: '${aws_lb_target_group.app.arn}', container_name: 'app', container_port: 3000 }],
        ...service,
      },
    },
    ...extra,
  });
const rule = (source: { [key: string]: Json }, group = '${aws_security_group.service.id}') => ({ aws_vpc_security_group_ingress_rule: { app: { security_group_id: group, ip_protocol: 'tcp', from_port: 3000, to_port: 3000, ...source } } });
const frontedFromAlb = fronted(rule({ referenced_security_group_id: '${aws_security_group.alb.id}' }));
const frontedFromDecoy = fronted(rule({ referenced_security_group_id: '${aws_security_group.bastion.id}' }));
const frontedInlineFromAlb = fronted({}, {});
frontedInlineFromAlb.resource = {
  ...(frontedInlineFromAlb.resource as { [key: string]: Json }),
  aws_security_group: { alb: { name: 'alb' }, service: { name: 'service', ingress: [{ from_port: 3000, to_port: 3000, protocol: 'tcp', security_groups: ['${aws_security_group.alb.id}'], cidr_blocks: null }] }, bastion: { name: 'bastion' } },
};

/**
 * Many services (the environment file's `services:`): web behind the ALB, api behind it too and called by
 * web, a worker with no target group. `callers` is what the environment file declares: api ← web.
 */
const manyServices = (extra: { [type: string]: { [name: string]: Json } } = {}, workerGroup: { [key: string]: Json } = { name: 'worker' }) =>
  tf({
    aws_ecs_cluster: { shop: { name: 'shop-prod' }, other: { name: 'other' } },
    aws_security_group: { alb: { name: 'alb' }, web: { name: 'web' }, api: { name: 'api' }, worker: workerGroup, rogue: { name: 'rogue' } },
    aws_lb: { alb: { security_groups: ['${aws_security_group.alb.id}'] } },
    aws_lb_target_group: { web: { port: 3000, protocol: 'HTTP', target_type: 'ip' }, api: { port: 4000, protocol: 'HTTP', target_type: 'ip' } },
    aws_lb_listener: { https: { load_balancer_arn: '${aws_lb.alb.arn}', port: 443, protocol: 'HTTPS', default_action: [{ type: 'forward', target_group_arn: '${aws_lb_target_group.web.arn}' }] } },
    aws_lb_listener_rule: { api: { listener_arn: '${aws_lb_listener.https.arn}', priority: 10, action: [{ type: 'forward', target_group_arn: '${aws_lb_target_group.api.arn}' }], condition: [{ path_pattern: { values: ['/api/*'] } }] } },
    aws_ecs_service: {
      web: { name: 'shop-prod-web', cluster: '${aws_ecs_cluster.shop.arn}', network_configuration: [{ security_groups: ['${aws_security_group.web.id}'], subnets: ['subnet-1'] }], load_balancer: [{ target_group_arn: '${aws_lb_target_group.web.arn}', container_name: 'app', container_port: 3000 }] },
      api: { name: 'shop-prod-api', cluster: '${aws_ecs_cluster.shop.arn}', network_configuration: [{ security_groups: ['${aws_security_group.api.id}'], subnets: ['subnet-1'] }], load_balancer: [{ target_group_arn: '${aws_lb_target_group.api.arn}', container_name: 'app', container_port: 4000 }] },
      worker: { name: 'shop-prod-worker', cluster: '${aws_ecs_cluster.shop.arn}', network_configuration: [{ security_groups: ['${aws_security_group.worker.id}'], subnets: ['subnet-1'] }] },
    },
    ...extra,
  });
const declared = (graph: ReturnType<typeof synth>, callers: { [callee: string]: string[] }) => ({
  ...graph,
  declaredCallers: new Map(Object.entries(callers).map(([callee, names]) => [callee, new Set(names)])),
});
const apiRule = (source: string) => ({ aws_vpc_security_group_ingress_rule: { api_from: { security_group_id: '${aws_security_group.api.id}', ip_protocol: 'tcp', from_port: 4000, to_port: 4000, referenced_security_group_id: source } } });
const apiFromWeb = manyServices(apiRule('${aws_security_group.web.id}'));
const apiFromWorker = manyServices(apiRule('${aws_security_group.worker.id}'));
const workerFromWeb = manyServices({ aws_vpc_security_group_ingress_rule: { worker_from: { security_group_id: '${aws_security_group.worker.id}', ip_protocol: 'tcp', from_port: 3000, to_port: 3000, referenced_security_group_id: '${aws_security_group.web.id}' } } });
const workerFromAlb = manyServices({}, { name: 'worker', ingress: [{ from_port: 3000, to_port: 3000, protocol: 'tcp', security_groups: ['${aws_security_group.alb.id}'], cidr_blocks: null }] });
const apiWebShareGroup = manyServices(apiRule('${aws_security_group.api.id}'));
/** A second service named like the declared caller, in another cluster, whose group api admits. */
const namesake = manyServices({
  ...apiRule('${aws_security_group.rogue.id}'),
  aws_ecs_service: {
    ...(manyServices().resource as { aws_ecs_service: { [name: string]: Json } }).aws_ecs_service,
    rogue: { name: 'shop-prod-web', cluster: '${aws_ecs_cluster.other.arn}', network_configuration: [{ security_groups: ['${aws_security_group.rogue.id}'], subnets: ['subnet-1'] }] },
  },
});
const throughDataSource = {
  ...fronted(rule({ cidr_ipv4: '0.0.0.0/0' }, '${data.aws_security_group.same.id}')),
  data: { aws_security_group: { same: { id: '${aws_security_group.service.id}' } } },
};
/** A service without groups in a subnet of aws_vpc.main (or the given subnet); `defaults` are the aws_default_security_groups. */
const inVpc = (defaults: { [name: string]: Json }, subnet = '${aws_subnet.app.id}') =>
  fronted(
    {
      aws_vpc: { main: { cidr_block: '10.0.0.0/16' }, other: { cidr_block: '10.1.0.0/16' } },
      aws_subnet: { app: { vpc_id: '${aws_vpc.main.id}', cidr_block: '10.0.1.0/24' } },
      aws_default_security_group: defaults,
    },
    { network_configuration: [{ subnets: [subnet] }] },
  );
const defaultGroupOpen = inVpc({ main: { vpc_id: '${aws_vpc.main.id}', ingress: [{ protocol: 'tcp', from_port: 3000, to_port: 3000, cidr_blocks: ['0.0.0.0/0'] }] } });
const defaultGroupClosed = inVpc({ main: { vpc_id: '${aws_vpc.main.id}' } });
const defaultGroupOfAnotherVpc = inVpc({ other: { vpc_id: '${aws_vpc.other.id}' } });
const defaultGroupUnknownVpc = inVpc({ main: { vpc_id: '${aws_vpc.main.id}' } }, 'subnet-0123456789abcdef0');
const defaultGroupUnmanaged = fronted({}, { network_configuration: [{ subnets: ['subnet-1'] }] });
const cidrVariable = fronted(rule({ cidr_ipv4: '${var.office}' }));
const literalGroup = fronted({}, { network_configuration: [{ security_groups: ['sg-0123456789abcdef0'], subnets: ['subnet-1'] }] });

/** Groups in vpc-1: the service's group has a generated name (name_prefix) and a Name tag; `found` is a lookup. */
const lookupStack = (found: { [key: string]: Json }, ruleBody: { [type: string]: { [name: string]: Json } }, provider?: Json) => ({
  ...tf(
    {
      ...(fronted({}).resource as { [type: string]: { [name: string]: Json } }),
      aws_security_group: { alb: { name: 'alb', vpc_id: 'vpc-1' }, service: { name_prefix: 'svc-', vpc_id: 'vpc-1', tags: { Name: 'web-tasks' } }, bastion: { name: 'bastion', vpc_id: 'vpc-1' } },
      ...ruleBody,
    },
    provider !== undefined ? { provider } : {},
  ),
  data: { aws_security_group: { found } },
});
const openThroughLookup = (found: { [key: string]: Json }) => lookupStack(found, rule({ cidr_ipv4: '0.0.0.0/0' }, '${data.aws_security_group.found.id}'));
const fromLookup = (found: { [key: string]: Json }, provider?: Json) => lookupStack(found, rule({ referenced_security_group_id: '${data.aws_security_group.found.id}' }), provider);
const lookupByTagFilter = openThroughLookup({ vpc_id: 'vpc-1', filter: [{ name: 'tag:Name', values: ['web-*'] }] });
const lookupByTags = openThroughLookup({ tags: { Name: 'web-tasks' } });
const lookupByGeneratedName = openThroughLookup({ name: 'svc-20240101', vpc_id: 'vpc-1' });
const lookupAlbOtherVpc = fromLookup({ name: 'alb', vpc_id: 'vpc-2' });
const lookupAlb = fromLookup({ name: 'alb', vpc_id: 'vpc-1' });
const lookupAlbByDefaultTag = fromLookup({ name: 'alb', tags: { Team: 'web' } }, { aws: [{ region: 'eu-west-1', default_tags: [{ tags: { Team: 'web' } }] }] });
const lookupAlbTagNotSet = fromLookup({ name: 'alb', tags: { Team: 'web' } });

/** The ALB's group is one of a counted pair: a reference does not say which one. */
const counted = (count: number) =>
  fronted({
    aws_security_group: { alb: { count, name: 'edge', vpc_id: 'vpc-1' }, service: { name: 'service' } },
    aws_lb: { alb: { security_groups: ['${aws_security_group.alb[0].id}'] } },
    ...rule({ referenced_security_group_id: `\${aws_security_group.alb[${count - 1}].id}` }),
  });
const countedPair = counted(2);
const countedOne = counted(1);

/** A rule on a literal group id that an import block of this configuration gives the service's group. */
const importedLiteral = (() => {
  const json = fronted(rule({ cidr_ipv4: '0.0.0.0/0' }, 'sg-0a1b2c3d4e5f67890'));
  const graph = synth(json);
  const location = { file: graph.file ?? '', line: 1, column: 1 };
  const block = { key: 'import.aws_security_group.service', type: 'import', displayName: 'import aws_security_group.service', attributes: { to: 'aws_security_group.service', id: 'sg-0a1b2c3d4e5f67890' }, location, layer: 'synth' as const, stack: 'prod', production: true };
  return { json, graph: { ...graph, resources: [...graph.resources, block] } };
})();

/** Blue/green with an external deployment controller: the task set runs the tasks in its own groups. */
const taskSet = (extra: { [type: string]: { [name: string]: Json } }) =>
  fronted(
    {
      aws_ecs_task_set: {
        blue: {
          service: '${aws_ecs_service.app.id}',
          cluster: 'web',
          task_definition: 'web:1',
          launch_type: 'FARGATE',
          network_configuration: [{ security_groups: ['${aws_security_group.service.id}'], subnets: ['subnet-1'] }],
          load_balancer: [{ target_group_arn: '${aws_lb_target_group.app.arn}', container_name: 'app', container_port: 3000 }],
        },
      },
      ...extra,
    },
    { network_configuration: null, load_balancer: null, deployment_controller: [{ type: 'EXTERNAL' }] },
  );
const taskSetOpen = taskSet(rule({ cidr_ipv4: '0.0.0.0/0' }));
const taskSetFromAlb = taskSet(rule({ referenced_security_group_id: '${aws_security_group.alb.id}' }));

/** A service without network_configuration whose task definition has the given network mode (or none, or a literal one). */
const withoutAwsvpc = (mode: string | undefined, service: { [key: string]: Json } = {}) =>
  fronted(
    { aws_ecs_task_definition: { web: { family: 'web', container_definitions: '[]', ...(mode !== undefined ? { network_mode: mode } : {}) } } },
    { network_configuration: null, task_definition: '${aws_ecs_task_definition.web.arn}', ...service },
  );
const bridgeMode = withoutAwsvpc('bridge');
const hostMode = withoutAwsvpc('host');
const defaultMode = withoutAwsvpc(undefined);
const noneMode = withoutAwsvpc('none');
const awsvpcWithoutConfiguration = withoutAwsvpc('awsvpc');
const literalDefinitionOnEc2 = withoutAwsvpc('bridge', { task_definition: 'web:3', launch_type: 'EC2' });
const literalDefinitionOnFargate = withoutAwsvpc('bridge', { task_definition: 'web:3', launch_type: 'FARGATE' });

const svc = 'aws_ecs_service.app';
const group = 'aws_security_group.service';
const defaultGroupMessage = `the VPC default security group (attached to ${svc}) accepts ingress from every member of the VPC default security group (its default rule allows all traffic from itself), because the service names no security group; the aws_default_security_group of this configuration is of another VPC, or of one the gate cannot tie to the service's subnets; only the security group of a load balancer in front of the service may reach it. [synth prod]`;
const lookupSourceMessage = `${group} (attached to ${svc}) accepts ingress from security group data.aws_security_group.found, which is neither the group of a load balancer that forwards to the service nor the group of a declared caller; only the security group of a load balancer in front of the service may reach it. [synth prod]`;

export const cases: RuleCases = {
  valid: [
    { name: 'source: inline ingress from the ALB group', graph: sourceGraph([albGroup, lb, serviceGroup([{ from_port: 3000, to_port: 3000, protocol: 'tcp', security_groups: [ref(1)] }]), frontedService, targets, listener]) },
    {
      name: 'source: VPC ingress rule referencing the ALB group',
      graph: sourceGraph([albGroup, lb, serviceGroup(), frontedService, src('aws_vpc_security_group_ingress_rule', { security_group_id: ref(3), referenced_security_group_id: ref(1) }, { line: 5 }), targets, listener]),
    },
    { name: 'source: a worker (no target group) whose group has no ingress', graph: sourceGraph([albGroup, lb, serviceGroup(), service]) },
    { name: 'source: CIDR on the ALB group itself is fine', graph: sourceGraph([src('aws_security_group', { ingress: [{ cidr_blocks: ['0.0.0.0/0'] }] }, { line: 1 }), lb, serviceGroup(), service]) },
    { name: 'synth: inline ingress from the ALB group', graph: synth(frontedInlineFromAlb) },
    { name: "synth: a service without groups, in a VPC whose default group this configuration closes", graph: synth(defaultGroupClosed) },
    { name: 'synth: a lookup by name and VPC that finds the ALB group is the ALB group', graph: synth(lookupAlb) },
    { name: "synth: a lookup by a tag the provider's default_tags set finds the ALB group", graph: synth(lookupAlbByDefaultTag) },
    { name: 'synth: a counted group of one is that group', graph: synth(countedOne) },
    { name: "synth: a task set whose group admits only the ALB's group", graph: synth(taskSetFromAlb) },
    { name: 'synth: a service without network_configuration whose tasks have no network (network mode none)', graph: synth(noneMode) },
    { name: 'synth: a service without network_configuration in awsvpc mode (ECS refuses to create it)', graph: synth(awsvpcWithoutConfiguration) },
    { name: 'synth: a service without network_configuration on Fargate (awsvpc only; ECS refuses to create it)', graph: synth(literalDefinitionOnFargate) },
    { name: 'synth: no file declares the services: one without target groups may take an ALB group (VPC rule)', graph: synth(fromAlb) },
    { name: 'synth: no file declares the services: one without target groups may take an ALB group (inline)', graph: synth(inlineFromAlb) },
    { name: 'synth: many services, api accepts its declared caller web', graph: declared(synth(apiFromWeb), { 'shop-prod-api': ['shop-prod-web'] }) },
    { name: 'synth: many services, no sibling ingress at all', graph: declared(synth(manyServices()), { 'shop-prod-api': ['shop-prod-web'] }) },
    { name: 'synth: egress rules are not ingress', graph: synth(egressRule) },
    { name: 'synth: ingress from the group of the load balancer that forwards to the service', graph: synth(frontedFromAlb) },
  ],
  invalid: [
    {
      name: 'synth: a worker (no target group, the environment file declares the services) opened to the ALB group',
      graph: declared(synth(fromAlb), {}),
      expected: [
        {
          line: jsonLine(fromAlb, 'resource/aws_vpc_security_group_ingress_rule/app'),
          message: `${group} (attached to ${svc}) accepts ingress from security group aws_security_group.alb; the service has no target group and its environment file declares no callers (a worker), so nothing may reach it; only the security group of a load balancer in front of the service may reach it. [synth prod]`,
        },
      ],
    },
    {
      name: 'synth: a worker opened inline to the ALB group (the environment file declares the services)',
      graph: declared(synth(inlineFromAlb), {}),
      expected: [
        {
          line: jsonLine(inlineFromAlb, 'resource/aws_security_group/service'),
          message: `${group} (attached to ${svc}) accepts ingress from security group aws_security_group.alb; the service has no target group and its environment file declares no callers (a worker), so nothing may reach it; only the security group of a load balancer in front of the service may reach it. [synth prod]`,
        },
      ],
    },
    {
      name: 'synth: many services, a caller the environment file does not declare',
      graph: declared(synth(apiFromWeb), {}),
      expected: [
        {
          line: jsonLine(apiFromWeb, 'resource/aws_vpc_security_group_ingress_rule/api_from'),
          message: 'aws_security_group.api (attached to aws_ecs_service.api) accepts ingress from security group aws_security_group.web, which is neither the group of a load balancer that forwards to the service nor the group of a declared caller; only the security group of a load balancer in front of the service may reach it. [synth prod]',
        },
      ],
    },
    {
      name: 'synth: many services, a sibling that is not the declared caller (the worker calls api; only web is declared)',
      graph: declared(synth(apiFromWorker), { 'shop-prod-api': ['shop-prod-web'] }),
      expected: [
        {
          line: jsonLine(apiFromWorker, 'resource/aws_vpc_security_group_ingress_rule/api_from'),
          message: 'aws_security_group.api (attached to aws_ecs_service.api) accepts ingress from security group aws_security_group.worker, which is neither the group of a load balancer that forwards to the service nor the group of a declared caller; only the security group of a load balancer in front of the service may reach it. [synth prod]',
        },
      ],
    },
    {
      name: 'synth: many services, a service in another cluster borrows the declared caller\'s name',
      graph: declared(synth(namesake), { 'shop-prod-api': ['shop-prod-web'] }),
      expected: [
        {
          line: jsonLine(namesake, 'resource/aws_vpc_security_group_ingress_rule/api_from'),
          message: 'aws_security_group.api (attached to aws_ecs_service.api) accepts ingress from security group aws_security_group.rogue, which is neither the group of a load balancer that forwards to the service nor the group of a declared caller; only the security group of a load balancer in front of the service may reach it. [synth prod]',
        },
      ],
    },
    {
      name: 'synth: many services, the worker opened to a sibling',
      graph: declared(synth(workerFromWeb), { 'shop-prod-api': ['shop-prod-web'] }),
      expected: [
        {
          line: jsonLine(workerFromWeb, 'resource/aws_vpc_security_group_ingress_rule/worker_from'),
          message: 'aws_security_group.worker (attached to aws_ecs_service.worker) accepts ingress from security group aws_security_group.web; the service has no target group and its environment file declares no callers (a worker), so nothing may reach it; only the security group of a load balancer in front of the service may reach it. [synth prod]',
        },
      ],
    },
    {
      name: 'synth: many services, the worker opened to the ALB',
      graph: declared(synth(workerFromAlb), { 'shop-prod-api': ['shop-prod-web'] }),
      expected: [
        {
          line: jsonLine(workerFromAlb, 'resource/aws_security_group/worker'),
          message: 'aws_security_group.worker (attached to aws_ecs_service.worker) accepts ingress from security group aws_security_group.alb; the service has no target group and its environment file declares no callers (a worker), so nothing may reach it; only the security group of a load balancer in front of the service may reach it. [synth prod]',
        },
      ],
    },
    {
      name: 'synth: many services, a group that opens to itself is a self rule even when a caller is declared',
      graph: declared(synth(apiWebShareGroup), { 'shop-prod-api': ['shop-prod-web'] }),
      expected: [
        {
          line: jsonLine(apiWebShareGroup, 'resource/aws_vpc_security_group_ingress_rule/api_from'),
          message: 'aws_security_group.api (attached to aws_ecs_service.api) accepts ingress from its own security group (every task in the group may reach every other); only the security group of a load balancer in front of the service may reach it. [synth prod]',
        },
      ],
    },
    {
      name: 'synth: the group of another load balancer (a decoy NLB) is not the front of the service',
      graph: synth(frontedFromDecoy),
      expected: [
        {
          line: jsonLine(frontedFromDecoy, 'resource/aws_vpc_security_group_ingress_rule/app'),
          message: `${group} (attached to ${svc}) accepts ingress from security group aws_security_group.bastion, which is neither the group of a load balancer that forwards to the service nor the group of a declared caller; only the security group of a load balancer in front of the service may reach it. [synth prod]`,
        },
      ],
    },
    {
      name: 'synth: an open rule attached through a data source that reads the service group',
      graph: synth(throughDataSource),
      expected: [{ line: jsonLine(throughDataSource, 'resource/aws_vpc_security_group_ingress_rule/app'), message: `${group} (attached to ${svc}) accepts ingress from CIDR 0.0.0.0/0; only the security group of a load balancer in front of the service may reach it. [synth prod]` }],
    },
    {
      name: "synth: a service without groups runs in the VPC default group, opened by aws_default_security_group",
      graph: synth(defaultGroupOpen),
      expected: [
        { line: jsonLine(defaultGroupOpen, 'resource/aws_default_security_group/main'), message: `aws_default_security_group.main (attached to ${svc}) accepts ingress from CIDR 0.0.0.0/0; only the security group of a load balancer in front of the service may reach it. [synth prod]` },
      ],
    },
    {
      name: 'synth: a service without groups, in a default group this configuration does not manage',
      graph: synth(defaultGroupUnmanaged),
      expected: [
        {
          line: jsonLine(defaultGroupUnmanaged, 'resource/aws_ecs_service/app'),
          message: `the VPC default security group (attached to ${svc}) accepts ingress from every member of the VPC default security group (its default rule allows all traffic from itself), because the service names no security group; only the security group of a load balancer in front of the service may reach it. [synth prod]`,
        },
      ],
    },
    {
      name: 'synth: a service without groups in a VPC whose default group this configuration does not close (another VPC\'s is)',
      graph: synth(defaultGroupOfAnotherVpc),
      expected: [{ line: jsonLine(defaultGroupOfAnotherVpc, 'resource/aws_ecs_service/app'), message: defaultGroupMessage }],
    },
    {
      name: 'synth: a service without groups in subnets the gate cannot tie to a VPC: the default group it closes does not count',
      graph: synth(defaultGroupUnknownVpc),
      expected: [{ line: jsonLine(defaultGroupUnknownVpc, 'resource/aws_ecs_service/app'), message: defaultGroupMessage }],
    },
    {
      name: 'synth: a lookup by a tag filter (with a wildcard) in the same VPC is the service group',
      graph: synth(lookupByTagFilter),
      expected: [{ line: jsonLine(lookupByTagFilter, 'resource/aws_vpc_security_group_ingress_rule/app'), message: `${group} (attached to ${svc}) accepts ingress from CIDR 0.0.0.0/0; only the security group of a load balancer in front of the service may reach it. [synth prod]` }],
    },
    {
      name: 'synth: a lookup by tags is the service group',
      graph: synth(lookupByTags),
      expected: [{ line: jsonLine(lookupByTags, 'resource/aws_vpc_security_group_ingress_rule/app'), message: `${group} (attached to ${svc}) accepts ingress from CIDR 0.0.0.0/0; only the security group of a load balancer in front of the service may reach it. [synth prod]` }],
    },
    {
      name: "synth: a lookup by a name the service group's name_prefix may generate cannot be tied to a group",
      graph: synth(lookupByGeneratedName),
      expected: [
        {
          line: jsonLine(lookupByGeneratedName, 'resource/aws_vpc_security_group_ingress_rule/app'),
          message: 'Cannot verify which security group aws_vpc_security_group_ingress_rule.app opens (security_group_id is `data.aws_security_group.found (a lookup that may find aws_security_group.service)`); it may be the group of an ECS service. [synth prod]',
        },
      ],
    },
    {
      name: "synth: a lookup by the ALB group's name in another VPC is another group",
      graph: synth(lookupAlbOtherVpc),
      expected: [{ line: jsonLine(lookupAlbOtherVpc, 'resource/aws_vpc_security_group_ingress_rule/app'), message: lookupSourceMessage }],
    },
    {
      name: "synth: a lookup by the ALB group's name and a tag it does not have is another group",
      graph: synth(lookupAlbTagNotSet),
      expected: [{ line: jsonLine(lookupAlbTagNotSet, 'resource/aws_vpc_security_group_ingress_rule/app'), message: lookupSourceMessage }],
    },
    {
      name: 'synth: an index into a counted group does not say which group it is',
      graph: synth(countedPair),
      expected: [
        {
          line: jsonLine(countedPair, 'resource/aws_vpc_security_group_ingress_rule/app'),
          message: `Cannot verify the ingress of ${group} (attached to ${svc}): \`aws_security_group.alb.id (aws_security_group.alb has count: the gate cannot tell which of its groups this is)\` could not be worked out. [synth prod]`,
        },
      ],
    },
    {
      name: 'synth: a literal group id that an import block gives the service group is that group',
      graph: importedLiteral.graph,
      expected: [{ line: jsonLine(importedLiteral.json, 'resource/aws_vpc_security_group_ingress_rule/app'), message: `${group} (attached to ${svc}) accepts ingress from CIDR 0.0.0.0/0; only the security group of a load balancer in front of the service may reach it. [synth prod]` }],
    },
    {
      name: 'synth: a task set is checked like a service',
      graph: synth(taskSetOpen),
      expected: [{ line: jsonLine(taskSetOpen, 'resource/aws_vpc_security_group_ingress_rule/app'), message: `${group} (attached to aws_ecs_task_set.blue) accepts ingress from CIDR 0.0.0.0/0; only the security group of a load balancer in front of the service may reach it. [synth prod]` }],
    },
    ...(
      [
        ['bridge', bridgeMode],
        ['host', hostMode],
        ['bridge (the default)', defaultMode],
      ] as const
    ).map(([mode, graph]) => ({
      name: `synth: a service without network_configuration whose tasks use ${mode} network mode cannot be verified`,
      graph: synth(graph),
      expected: [
        {
          line: jsonLine(graph, 'resource/aws_ecs_service/app'),
          message: `Cannot verify the ingress of ${svc}: it has no network_configuration and its tasks use ${mode} network mode, so they take traffic through the security groups of the container instances, which the gate cannot tie to the service; run the tasks in awsvpc mode with the service's own security group. [synth prod]`,
        },
      ],
    })),
    {
      name: 'synth: a service without network_configuration on EC2 whose task definition the gate cannot read',
      graph: synth(literalDefinitionOnEc2),
      expected: [{ line: jsonLine(literalDefinitionOnEc2, 'resource/aws_ecs_service/app'), message: `Cannot verify the ingress of the tasks of ${svc}: \`the network mode of task definition web:3\` could not be worked out. [synth prod]` }],
    },
    {
      name: 'synth: a CIDR from a variable without default is set, so it is a violation',
      graph: synth(cidrVariable),
      expected: [{ line: jsonLine(cidrVariable, 'resource/aws_vpc_security_group_ingress_rule/app'), message: `${group} (attached to ${svc}) accepts ingress from CIDR \`\${var.office}\`; only the security group of a load balancer in front of the service may reach it. [synth prod]` }],
    },
    {
      name: 'synth: a group managed outside this configuration cannot be verified',
      graph: synth(literalGroup),
      expected: [
        {
          line: jsonLine(literalGroup, 'resource/aws_ecs_service/app'),
          message: `Cannot verify the ingress of sg-0123456789abcdef0 (attached to ${svc}): \`sg-0123456789abcdef0 (managed outside this configuration)\` could not be worked out. [synth prod]`,
        },
      ],
    },
    {
      name: 'source: a sibling service\'s group is left to the synth layer (callers are in the environment file), as a warning',
      graph: sourceGraph([
        albGroup,
        lb,
        serviceGroup([{ from_port: 3000, to_port: 3000, protocol: 'tcp', security_groups: [ref(8)] }]),
        frontedService,
        targets,
        listener,
        src('aws_security_group', {}, { line: 8 }),
        src('aws_ecs_service', { network_configuration: { security_groups: [ref(8)], subnets: ['subnet-1'] } }, { line: 9 }),
      ]),
      expected: [
        {
          line: 3,
          severity: 'warning',
          message:
            'Cannot verify the ingress of new SecurityGroup(this, "r3") (attached to new EcsService(this, "r4")): `security group new SecurityGroup(this, "r8") of new EcsService(this, "r9"): whether it is a declared caller is in the environment file (the synth layer checks it)` could not be worked out.',
        },
      ],
    },
    {
      name: 'source: inline CIDR',
      graph: sourceGraph([albGroup, lb, serviceGroup([{ from_port: 3000, to_port: 3000, cidr_blocks: ['0.0.0.0/0'] }]), service]),
      expected: [{ line: 3, message: 'new SecurityGroup(this, "r3") (attached to new EcsService(this, "r4")) accepts ingress from CIDR 0.0.0.0/0; only the security group of a load balancer in front of the service may reach it.' }],
    },
    {
      name: 'source: one branch of a conditional opens a private CIDR',
      graph: sourceGraph([albGroup, lb, serviceGroup(), frontedService, src('aws_vpc_security_group_ingress_rule', { security_group_id: ref(3), referenced_security_group_id: oneOf(ref(1)), cidr_ipv4: oneOf('10.0.0.0/8') }, { line: 5 }), targets, listener]),
      expected: [{ line: 5, message: 'new SecurityGroup(this, "r3") (attached to new EcsService(this, "r4")) accepts ingress from CIDR 10.0.0.0/8; only the security group of a load balancer in front of the service may reach it.' }],
    },
    {
      name: 'source: unresolved ingress is an error',
      graph: sourceGraph([albGroup, lb, serviceGroup(unresolved('props.ingress', 3)), service]),
      expected: [{ line: 3, message: 'Cannot verify the ingress of new SecurityGroup(this, "r3") (attached to new EcsService(this, "r4")): `props.ingress` could not be worked out.' }],
    },
    {
      name: 'source: a group that may be the load balancer\'s (its groups are unresolved) is an error',
      graph: sourceGraph([albGroup, src('aws_lb', { security_groups: unresolved('props.lbGroups') }, { line: 2 }), serviceGroup(), frontedService, src('aws_vpc_security_group_ingress_rule', { security_group_id: ref(3), referenced_security_group_id: ref(1) }, { line: 5 }), targets, listener]),
      expected: [{ line: 5, message: 'Cannot verify the ingress of new SecurityGroup(this, "r3") (attached to new EcsService(this, "r4")): `props.lbGroups` could not be worked out.' }],
    },
    {
      name: 'source: unresolved service group is an error',
      graph: sourceGraph([albGroup, lb, src('aws_ecs_service', { network_configuration: { security_groups: [unresolved('props.groups')] } }, { line: 4 })]),
      expected: [{ line: 4, message: 'Cannot verify the ingress of a security group (attached to new EcsService(this, "r4")): `props.groups` could not be worked out.' }],
    },
    {
      name: 'synth: VPC ingress rule with cidr_ipv4',
      graph: synth(cidr),
      expected: [{ line: jsonLine(cidr, 'resource/aws_vpc_security_group_ingress_rule/app'), message: `${group} (attached to ${svc}) accepts ingress from CIDR 10.0.0.0/16; only the security group of a load balancer in front of the service may reach it. [synth prod]` }],
    },
    {
      name: 'synth: VPC ingress rule with cidr_ipv6',
      graph: synth(ipv6),
      expected: [{ line: jsonLine(ipv6, 'resource/aws_vpc_security_group_ingress_rule/app'), message: `${group} (attached to ${svc}) accepts ingress from IPv6 CIDR ::/0; only the security group of a load balancer in front of the service may reach it. [synth prod]` }],
    },
    {
      name: 'synth: VPC ingress rule with a prefix list',
      graph: synth(prefixList),
      expected: [{ line: jsonLine(prefixList, 'resource/aws_vpc_security_group_ingress_rule/app'), message: `${group} (attached to ${svc}) accepts ingress from prefix list pl-123; only the security group of a load balancer in front of the service may reach it. [synth prod]` }],
    },
    {
      name: 'synth: aws_security_group_rule from a group that is not the ALB group',
      graph: synth(otherGroup),
      expected: [
        {
          line: jsonLine(otherGroup, 'resource/aws_security_group_rule/app'),
          message: `${group} (attached to ${svc}) accepts ingress from security group aws_security_group.other, which is neither the group of a load balancer that forwards to the service nor the group of a declared caller; only the security group of a load balancer in front of the service may reach it. [synth prod]`,
        },
      ],
    },
    {
      name: 'synth: aws_security_group_rule with a CIDR',
      graph: synth(ruleCidr),
      expected: [{ line: jsonLine(ruleCidr, 'resource/aws_security_group_rule/app'), message: `${group} (attached to ${svc}) accepts ingress from CIDR 0.0.0.0/0; only the security group of a load balancer in front of the service may reach it. [synth prod]` }],
    },
    {
      name: 'synth: inline ingress block with a CIDR',
      graph: synth(inline),
      expected: [{ line: jsonLine(inline, 'resource/aws_security_group/service'), message: `${group} (attached to ${svc}) accepts ingress from CIDR 0.0.0.0/0; only the security group of a load balancer in front of the service may reach it. [synth prod]` }],
    },
  ],
};
