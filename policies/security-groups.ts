/**
 * Security groups as rules need them, the same in every layer: which group a value names (through data
 * sources that read a managed group, and the VPC's default group), which ingress rules belong to a group,
 * and which groups belong to the load balancers in front of an ECS service (through its target groups,
 * the listeners and listener rules that forward to them, and their load balancers).
 */
import { ResourceRef, type AttrValue, type PolicyResource } from './model';
import type { RuleContext } from './types';
import { attr, blocksOf, describe, isUnresolved, listOf, optionsOf } from './values';

/** What a security group value names. */
export type GroupIdentity =
  /** A group this configuration manages (`aws_security_group`, `aws_default_security_group`), by resource key. */
  | { readonly kind: 'managed'; readonly key: string; readonly id: string }
  /** A group the configuration does not manage: a literal id, or a data source it cannot tie to a managed group. */
  | { readonly kind: 'external'; readonly id: string; readonly label: string }
  /** A value the gate cannot work out. */
  | { readonly kind: 'unknown'; readonly expression: string };

/** The identity a service without security groups runs in: its VPC's default group. */
export const VPC_DEFAULT_GROUP = 'vpc-default';

export class SecurityGroups {
  constructor(private readonly context: RuleContext) {}

  /** What a group value (a reference, a literal id, an unresolved value) names. */
  identity(value: AttrValue | undefined, depth = 0): GroupIdentity {
    if (value === undefined || value === null) return { kind: 'unknown', expression: '(omitted)' };
    if (isUnresolved(value)) return { kind: 'unknown', expression: value.expression };
    if (typeof value === 'string') {
      if (value.includes('${')) return { kind: 'unknown', expression: value };
      // In a plan against existing resources (an adoption, a second apply) ids are known, so a service or a
      // load balancer names a group by `sg-…`: when that is the id of a group this configuration manages,
      // it is that group, and its rules (kept from prior state or planned) are checked all the same.
      const managed = this.context.ofType('aws_security_group').filter((group) => group.attributes.id === value);
      if (managed.length === 1) return { kind: 'managed', key: managed[0].key, id: `managed:${managed[0].key}` };
      return { kind: 'external', id: `literal:${value}`, label: value };
    }
    if (!(value instanceof ResourceRef)) return { kind: 'unknown', expression: describe(value) };
    const target = this.context.byKey(value.targetKey);
    if (!target) return { kind: 'unknown', expression: describe(value) };
    if (target.type === 'aws_security_group') return { kind: 'managed', key: target.key, id: `managed:${target.key}` };
    if (target.type === 'aws_default_security_group') return { kind: 'managed', key: target.key, id: VPC_DEFAULT_GROUP };
    if (target.type === 'data.aws_security_group' && depth < 4) {
      // A data source that reads a group this configuration manages is that group.
      const id = optionsOf(target.attributes.id);
      if (id.length === 1 && id[0] !== undefined && id[0] !== null) return this.identity(id[0], depth + 1);
      const name = optionsOf(target.attributes.name);
      if (name.length === 1 && typeof name[0] === 'string') {
        const managed = this.context.ofType('aws_security_group').filter((group) => optionsOf(group.attributes.name).some((n) => n === name[0]));
        if (managed.length === 1) return { kind: 'managed', key: managed[0].key, id: `managed:${managed[0].key}` };
      }
      return { kind: 'external', id: `data:${target.key}`, label: target.displayName };
    }
    return { kind: 'unknown', expression: describe(value) };
  }

  /** The groups of an ECS service's network configuration; empty list: the VPC's default group. Undefined: no awsvpc configuration. */
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
        if (list.length === 0) identities.push({ kind: 'managed', key: '', id: VPC_DEFAULT_GROUP });
        for (const group of list) identities.push(this.identity(group));
      }
    }
    return { identities };
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

  /** The ingress rules (standalone rule resources) whose security_group_id is the group, and those whose group is unknown. */
  ingressRules(): { rule: PolicyResource; group: GroupIdentity[]; kind: 'security_group_rule' | 'vpc_ingress_rule' }[] {
    const out: { rule: PolicyResource; group: GroupIdentity[]; kind: 'security_group_rule' | 'vpc_ingress_rule' }[] = [];
    for (const rule of this.context.ofType('aws_security_group_rule')) {
      const types = optionsOf(rule.attributes.type);
      if (!types.some((t) => t === 'ingress' || isUnresolved(t) || t === undefined)) continue;
      out.push({ rule, group: optionsOf(rule.attributes.security_group_id).map((value) => this.identity(value)), kind: 'security_group_rule' });
    }
    for (const rule of this.context.ofType('aws_vpc_security_group_ingress_rule')) {
      out.push({ rule, group: optionsOf(rule.attributes.security_group_id).map((value) => this.identity(value)), kind: 'vpc_ingress_rule' });
    }
    return out;
  }
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
