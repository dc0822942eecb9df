/**
 * Security groups as rules need them, the same in every layer: which group a value names (through data
 * sources that find a managed group, an import of a literal id, and the default group of the service's
 * VPC), which ingress rules belong to a group (also those a CloudFormation template or Cloud Control
 * creates), and which groups belong to the load balancers in front of an ECS service (through its target
 * groups, the listeners and listener rules that forward to them, and their load balancers).
 */
import { asPolicyResource, foreignOfTypes, property } from './foreign-resources';
import { ResourceRef, Unresolved, type AttrValue, type PolicyResource } from './model';
import { lookupFinds } from './security-group-lookup';
import type { RuleContext } from './types';
import { attr, blocksOf, describe, isLiteralString, isUnresolved, listOf, optionsOf } from './values';
import { groupVpc, sameVpc, subnetsVpc } from './vpcs';

/** What a security group value names. */
export type GroupIdentity =
  /** A group this configuration manages (`aws_security_group`, `aws_default_security_group`), by resource key. */
  | { readonly kind: 'managed'; readonly key: string; readonly id: string }
  /** A group the configuration does not manage: a literal id, or a data source it cannot tie to a managed group. */
  | { readonly kind: 'external'; readonly id: string; readonly label: string }
  /** A value the gate cannot work out. */
  | { readonly kind: 'unknown'; readonly expression: string };

/**
 * Identities of default groups start with this: `vpc-default:<key>` is the default group an
 * `aws_default_security_group` of this configuration manages; `vpc-default:` alone is the default group of
 * a VPC whose default group this configuration does not manage (or of a VPC the gate cannot tell).
 */
export const VPC_DEFAULT_GROUP = 'vpc-default:';

/** Whether an identity is a VPC's default group. */
export function isVpcDefault(identity: GroupIdentity): boolean {
  return identity.kind === 'managed' && identity.id.startsWith(VPC_DEFAULT_GROUP);
}

/** The ECS resources that run tasks in security groups: services, and the task sets of an external deployment. */
export const ECS_TASK_RUNNERS = ['aws_ecs_service', 'aws_ecs_task_set'];

export class SecurityGroups {
  /** What each data source names, worked out once (a lookup is compared with every managed group). */
  private readonly lookups = new Map<string, GroupIdentity>();

  constructor(private readonly context: RuleContext) {}

  /** What a group value (a reference, a literal id, an unresolved value) names. */
  identity(value: AttrValue | undefined, depth = 0): GroupIdentity {
    if (value === undefined || value === null) return { kind: 'unknown', expression: '(omitted)' };
    if (isUnresolved(value)) return { kind: 'unknown', expression: value.expression };
    if (typeof value === 'string') {
      if (value.includes('${')) return { kind: 'unknown', expression: value };
      // In a plan against existing resources (an adoption, a second apply) ids are known, so a service or a
      // load balancer names a group by `sg-…`: when that is the id of a group this configuration manages,
      // it is that group, and its rules (kept from prior state or planned) are checked all the same. An
      // import block of this configuration says the same before the plan: the imported group has that id.
      const managed = this.context.ofType('aws_security_group', 'aws_default_security_group').filter((group) => group.attributes.id === value || importedId(this.context, group) === value);
      if (managed.length === 1) return managedIdentity(managed[0]);
      return { kind: 'external', id: `literal:${value}`, label: value };
    }
    if (!(value instanceof ResourceRef)) return { kind: 'unknown', expression: describe(value) };
    const target = this.context.byKey(value.targetKey);
    if (!target) return { kind: 'unknown', expression: describe(value) };
    if (target.type === 'aws_security_group' || target.type === 'aws_default_security_group') {
      // A counted or for_each group is several groups, and a reference does not say which one here.
      const repeated = ['count', 'for_each'].find((meta) => target.attributes[meta] !== undefined && target.attributes[meta] !== null && !(meta === 'count' && target.attributes.count === 1));
      if (repeated) return { kind: 'unknown', expression: `${describe(value)} (${target.displayName} has ${repeated}: the gate cannot tell which of its groups this is)` };
      return managedIdentity(target);
    }
    if (target.type === 'data.aws_security_group' && depth < 4) return this.lookupIdentity(target, depth);
    return { kind: 'unknown', expression: describe(value) };
  }

  /**
   * A data source that finds a managed group is that group: by `id`, or when every filter it sets agrees
   * with exactly one managed group and no other group may match. One that provably finds none of them is
   * a group managed elsewhere; anything in between is a group the gate cannot tell.
   */
  private lookupIdentity(lookup: PolicyResource, depth: number): GroupIdentity {
    const known = this.lookups.get(lookup.key);
    if (known) return known;
    const identity = this.findLookup(lookup, depth);
    this.lookups.set(lookup.key, identity);
    return identity;
  }

  private findLookup(lookup: PolicyResource, depth: number): GroupIdentity {
    const id = optionsOf(lookup.attributes.id);
    if (id.length === 1 && id[0] !== undefined && id[0] !== null) return this.identity(id[0], depth + 1);
    const candidates = this.context.ofType('aws_security_group', 'aws_default_security_group').map((group) => ({ group, match: lookupFinds(this.context, lookup, group) }));
    const matches = candidates.filter((candidate) => candidate.match === 'match');
    const open = candidates.filter((candidate) => candidate.match === 'unknown');
    if (matches.length === 1 && open.length === 0) return this.identity(new ResourceRef(matches[0].group.key, 'id'), depth + 1);
    if (matches.length === 0 && open.length === 0) return { kind: 'external', id: `data:${lookup.key}`, label: lookup.displayName };
    const maybe = [...matches, ...open].map((candidate) => candidate.group.displayName).join(', ');
    return { kind: 'unknown', expression: `${lookup.displayName} (a lookup that may find ${maybe})` };
  }

  /**
   * The groups of an ECS service's (or task set's) network configuration; a configuration without groups
   * runs in the default group of the VPC its subnets are in. Undefined: no awsvpc configuration.
   */
  serviceGroups(service: PolicyResource): { identities: GroupIdentity[]; unknown?: string } | undefined {
    const configurations = optionsOf(service.attributes.network_configuration).filter((option) => option !== undefined && option !== null);
    if (configurations.length === 0) return service.unknownAttributes ? { identities: [], unknown: service.unknownAttributes.expression } : undefined;
    const identities: GroupIdentity[] = [];
    for (const configuration of configurations) {
      if (isUnresolved(configuration)) return { identities, unknown: configuration.expression };
      for (const block of blocksOf(configuration)) {
        if (isUnresolved(block)) return { identities, unknown: block.expression };
        const groups = attr(block, 'security_groups');
        if (isUnresolved(groups)) return { identities, unknown: groups.expression };
        const list = listOf(groups);
        if (list.length === 0) identities.push(this.defaultGroupOf(attr(block, 'subnets')));
        for (const group of list) identities.push(this.identity(group));
      }
    }
    return { identities };
  }

  /**
   * The default group of the VPC the subnets are in: the `aws_default_security_group` of that VPC when
   * this configuration manages it; otherwise (another VPC's, or a VPC the gate cannot tie to the subnets)
   * a default group whose rules the configuration does not close.
   */
  defaultGroupOf(subnets: AttrValue | undefined): GroupIdentity {
    const vpc = subnetsVpc(this.context, subnets);
    const closing = this.context.ofType('aws_default_security_group').filter((group) => sameVpc(groupVpc(this.context, group), vpc) === 'same');
    return closing.length === 1 ? managedIdentity(closing[0]) : { kind: 'managed', key: '', id: VPC_DEFAULT_GROUP };
  }

  /**
   * Why the tasks of a service (or task set) without network_configuration take traffic through groups
   * this rule cannot tie to it: their network mode (`bridge`, `host`), or `unknown` naming what the gate
   * could not work out. Undefined when nothing is to check: awsvpc (ECS refuses to create it without a
   * network configuration, as it does on Fargate), network mode `none`, or an external deployment
   * controller (its task sets carry the configuration).
   */
  nonAwsvpcTasks(service: PolicyResource): { mode: string } | { unknown: string } | undefined {
    if (service.attributes.network_configuration !== undefined && service.attributes.network_configuration !== null) return undefined;
    if (service.unknownAttributes) return undefined; // serviceGroups reports it
    const controllers = blocksOf(service.attributes.deployment_controller).map((block) => attr(block, 'type'));
    if (controllers.length > 0 && controllers.every((type) => type === 'EXTERNAL')) return undefined;
    const definition = optionsOf(service.attributes.task_definition);
    const target = definition.length === 1 && definition[0] instanceof ResourceRef ? this.context.byKey(definition[0].targetKey) : undefined;
    if (target && target.type === 'aws_ecs_task_definition') {
      const modes = optionsOf(target.attributes.network_mode);
      if (modes.length !== 1 || isUnresolved(modes[0]) || (modes[0] !== undefined && typeof modes[0] !== 'string')) return { unknown: `network_mode of ${target.displayName} (${describe(target.attributes.network_mode)})` };
      const mode = modes[0];
      if (mode === 'awsvpc' || mode === 'none') return undefined;
      if (mode === undefined && target.unknownAttributes) return { unknown: `network_mode of ${target.displayName} (${target.unknownAttributes.expression})` };
      return { mode: mode ?? 'bridge (the default)' };
    }
    const launch = optionsOf(service.attributes.launch_type);
    if (launch.length === 1 && launch[0] === 'FARGATE') return undefined;
    return { unknown: `the network mode of task definition ${describe(service.attributes.task_definition)}` };
  }

  /**
   * The groups of the load balancers in front of a service: service → target group → listeners and
   * listener rules that forward to it → their load balancer → its security groups. `unknown` names a link
   * the gate could not follow.
   */
  loadBalancerGroups(service: PolicyResource): { ids: Set<string>; unknown: string[] } {
    const ids = new Set<string>();
    const unknown: string[] = [];
    const targetGroups = new Set<string>();
    for (const block of blocksOf(service.attributes.load_balancer)) {
      if (isUnresolved(block)) {
        unknown.push(block.expression);
        continue;
      }
      for (const arn of optionsOf(attr(block, 'target_group_arn'))) {
        const key = this.resourceKey(arn, TARGET_GROUP_TYPES);
        if (key) targetGroups.add(key);
        else if (arn !== undefined && arn !== null) unknown.push(`target group ${describe(arn)}`);
      }
    }
    if (isUnresolved(service.attributes.load_balancer)) unknown.push(service.attributes.load_balancer.expression);
    if (targetGroups.size === 0 && unknown.length === 0) {
      // No target group names the load balancer in front of the service: any application load balancer's
      // groups count (never a network or gateway load balancer's, which cannot be the HTTPS front).
      for (const lb of this.context.ofType('aws_lb', 'aws_alb')) {
        const type = optionsOf(lb.attributes.load_balancer_type);
        if (!type.every((t) => t === undefined || t === null || t === 'application')) continue;
        this.addGroups(lb, ids, unknown);
      }
      return { ids, unknown };
    }
    const balancers = new Set<string>();
    const addListener = (listenerArn: AttrValue | undefined): void => {
      for (const arn of optionsOf(listenerArn)) {
        const listenerKey = this.resourceKey(arn, LISTENER_TYPES);
        const listener = listenerKey ? this.context.byKey(listenerKey) : undefined;
        if (!listener) {
          unknown.push(`listener ${describe(arn)}`);
          continue;
        }
        for (const lbArn of optionsOf(listener.attributes.load_balancer_arn)) {
          const lbKey = this.resourceKey(lbArn, LOAD_BALANCER_TYPES);
          if (lbKey) balancers.add(lbKey);
          else unknown.push(`load balancer ${describe(lbArn)}`);
        }
      }
    };
    let served = false;
    for (const listener of this.context.ofType('aws_lb_listener', 'aws_alb_listener')) {
      if (forwardsTo(listener.attributes.default_action, targetGroups, (arn) => this.resourceKey(arn, TARGET_GROUP_TYPES))) {
        served = true;
        addListener(new ResourceRef(listener.key, 'arn'));
      }
    }
    for (const rule of this.context.ofType('aws_lb_listener_rule', 'aws_alb_listener_rule')) {
      if (forwardsTo(rule.attributes.action, targetGroups, (arn) => this.resourceKey(arn, TARGET_GROUP_TYPES))) {
        served = true;
        addListener(rule.attributes.listener_arn);
      }
    }
    if (!served) unknown.push(`the listener that forwards to ${[...targetGroups].map((key) => this.context.byKey(key)?.displayName ?? key).join(', ')}`);
    for (const key of balancers) {
      const lb = this.context.byKey(key);
      if (lb) this.addGroups(lb, ids, unknown);
    }
    return { ids, unknown };
  }

  /**
   * The key of the resource a value points at: a reference to a resource of the graph, or (in a plan
   * against existing resources, where ARNs are known) a literal ARN that exactly one managed resource of
   * the given types has as its `arn`.
   */
  private resourceKey(value: AttrValue | undefined, types: readonly string[]): string | undefined {
    if (value instanceof ResourceRef) return this.context.byKey(value.targetKey) ? value.targetKey : undefined;
    if (typeof value !== 'string' || !value.startsWith('arn:')) return undefined;
    const matches = this.context.ofType(...types).filter((resource) => resource.attributes.arn === value);
    return matches.length === 1 ? matches[0].key : undefined;
  }

  /** The security groups of one load balancer. */
  private addGroups(lb: PolicyResource, ids: Set<string>, unknown: string[]): void {
    const groups = lb.attributes.security_groups;
    if (isUnresolved(groups)) unknown.push(groups.expression);
    for (const group of listOf(groups)) {
      const identity = this.identity(group);
      if (identity.kind === 'unknown') unknown.push(identity.expression);
      else ids.add(identity.id);
    }
    if (lb.unknownAttributes && groups === undefined) unknown.push(lb.unknownAttributes.expression);
  }

  /**
   * The ingress rules (standalone rule resources, and the AWS::EC2::SecurityGroupIngress resources that
   * CloudFormation or Cloud Control create, read as aws_vpc_security_group_ingress_rule) with the groups
   * they open.
   */
  ingressRules(): { rule: PolicyResource; group: GroupIdentity[]; kind: 'security_group_rule' | 'vpc_ingress_rule' }[] {
    const out: { rule: PolicyResource; group: GroupIdentity[]; kind: 'security_group_rule' | 'vpc_ingress_rule' }[] = [];
    for (const rule of this.context.ofType('aws_security_group_rule')) {
      const types = optionsOf(rule.attributes.type);
      if (!types.some((t) => t === 'ingress' || isUnresolved(t) || t === undefined)) continue;
      out.push({ rule, group: optionsOf(rule.attributes.security_group_id).map((value) => this.identity(value)), kind: 'security_group_rule' });
    }
    const foreign = foreignOfTypes(this.context, ['AWS::EC2::SecurityGroupIngress']).resources.map((resource) => asPolicyResource(resource, 'aws_vpc_security_group_ingress_rule', foreignIngressAttributes(resource)));
    for (const rule of [...this.context.ofType('aws_vpc_security_group_ingress_rule'), ...foreign]) {
      out.push({ rule, group: optionsOf(rule.attributes.security_group_id).map((value) => this.identity(value)), kind: 'vpc_ingress_rule' });
    }
    return out;
  }
}

/** The identity of a group this configuration manages. */
function managedIdentity(group: PolicyResource): GroupIdentity {
  return { kind: 'managed', key: group.key, id: group.type === 'aws_default_security_group' ? `${VPC_DEFAULT_GROUP}${group.key}` : `managed:${group.key}` };
}

/**
 * The id an `import` block of this configuration gives a resource (`import { to = …, id = "sg-…" }`): the
 * synth layer gives each import block as a resource of type `import` with `to` (the address) and `id`.
 */
function importedId(context: RuleContext, resource: PolicyResource): string | undefined {
  for (const block of context.ofType('import')) {
    const to = optionsOf(block.attributes.to);
    const id = optionsOf(block.attributes.id);
    if (to.length === 1 && to[0] === resource.key && id.length === 1 && isLiteralString(id[0])) return id[0];
  }
  return undefined;
}

/** An AWS::EC2::SecurityGroupIngress in aws_vpc_security_group_ingress_rule terms; a group or source by name is unknown. */
function foreignIngressAttributes(resource: Parameters<typeof property>[0]): { [key: string]: AttrValue } {
  if (isUnresolved(resource.properties)) return { security_group_id: resource.properties };
  const byName = (name: string): AttrValue | undefined => {
    const value = property(resource, name);
    return value === undefined || value === null ? undefined : new Unresolved(`${name} ${describe(value)}`, resource.host.location);
  };
  const attributes: { [key: string]: AttrValue | undefined } = {
    security_group_id: property(resource, 'GroupId') ?? byName('GroupName'),
    cidr_ipv4: property(resource, 'CidrIp'),
    cidr_ipv6: property(resource, 'CidrIpv6'),
    prefix_list_id: property(resource, 'SourcePrefixListId'),
    referenced_security_group_id: property(resource, 'SourceSecurityGroupId') ?? byName('SourceSecurityGroupName'),
  };
  const out: { [key: string]: AttrValue } = {};
  for (const [key, value] of Object.entries(attributes)) if (value !== undefined && value !== null) out[key] = value;
  return out;
}

const TARGET_GROUP_TYPES = ['aws_lb_target_group', 'aws_alb_target_group'];
const LISTENER_TYPES = ['aws_lb_listener', 'aws_alb_listener'];
const LOAD_BALANCER_TYPES = ['aws_lb', 'aws_alb'];

/** Whether an action list forwards (by target_group_arn or a weighted forward block) to one of the target groups. */
function forwardsTo(actions: AttrValue | undefined, targetGroups: ReadonlySet<string>, keyOf: (arn: AttrValue | undefined) => string | undefined): boolean {
  for (const action of blocksOf(actions)) {
    for (const arn of [...optionsOf(attr(action, 'target_group_arn')), ...blocksOf(attr(action, 'forward')).flatMap((forward) => blocksOf(attr(forward, 'target_group')).flatMap((group) => optionsOf(attr(group, 'arn'))))]) {
      const key = keyOf(arn);
      if (key !== undefined && targetGroups.has(key)) return true;
    }
  }
  return false;
}
