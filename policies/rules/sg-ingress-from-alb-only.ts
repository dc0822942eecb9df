import { ResourceRef, type AttrValue, type PolicyResource } from '../model';
import type { Rule, RuleContext } from '../types';
import { attr, blocksOf, describe, isUnresolved, listOf, optionsOf } from '../values';

/** Identity of a security group value: a managed resource (`ref:<key>`) or a literal id (`lit:sg-…`). */
function identityOf(value: AttrValue): string | undefined {
  if (value instanceof ResourceRef) return `ref:${value.targetKey}`;
  if (typeof value === 'string' && !value.includes('${')) return `lit:${value}`;
  return undefined;
}

/** ECS services accept traffic only from the load balancer's security group. */
export const sgIngressFromAlbOnly: Rule = {
  id: 'sg-ingress-from-alb-only',
  severity: 'error',
  description: 'Every security group attached to an ECS service accepts ingress only from a security group attached to a load balancer (no CIDR, no prefix list, no other group).',
  why: 'Tasks that accept traffic from a CIDR or another group can be reached around the load balancer: no TLS, no header filtering, no access logs, and a wider blast radius when anything in the VPC is compromised.',
  help: 'Allow the app port only from the load balancer security group: `referencedSecurityGroupId: albSg.id` (VpcSecurityGroupIngressRule) or `securityGroups: [albSg.id]` in the ingress block; drop CIDR and prefix-list sources.',
  messages: {
    forbidden: '{group} (attached to {service}) accepts ingress from {source}; only a load balancer security group may reach the service.',
    unresolved: 'Cannot verify the ingress of {group} (attached to {service}): `{expression}` could not be resolved.',
  },
  check(context) {
    const albGroups = new Set<string>();
    /** Load balancer groups that could not be worked out: a group "not attached to a load balancer" may be one. */
    const albUnknown: string[] = [];
    for (const lb of context.ofType('aws_lb', 'aws_alb')) {
      for (const value of listOf(lb.attributes.security_groups)) {
        const identity = identityOf(value);
        if (identity) albGroups.add(identity);
        else albUnknown.push(describe(value));
      }
    }

    const reported = new Set<string>();
    const report = (resource: PolicyResource, messageId: string, data: Record<string, string>): void => {
      const key = `${resource.key}\u0000${messageId}\u0000${data.group}\u0000${data.source ?? data.expression}`;
      if (reported.has(key)) return;
      reported.add(key);
      context.report({ resource, messageId, data });
    };

    for (const service of context.ofType('aws_ecs_service')) {
      for (const configuration of optionsOf(service.attributes.network_configuration)) {
        if (isUnresolved(configuration)) {
          report(service, 'unresolved', { group: 'its security groups', service: service.displayName, expression: configuration.expression });
          continue;
        }
        for (const block of blocksOf(configuration)) {
          for (const group of listOf(attr(block, 'security_groups'))) {
            checkGroup(context, service, group, albGroups, albUnknown, report);
          }
        }
      }
    }
  },
};

function checkGroup(
  context: RuleContext,
  service: PolicyResource,
  group: AttrValue,
  albGroups: ReadonlySet<string>,
  albUnknown: readonly string[],
  report: (resource: PolicyResource, messageId: string, data: Record<string, string>) => void,
): void {
  const serviceName = service.displayName;
  if (isUnresolved(group)) {
    report(service, 'unresolved', { group: 'a security group', service: serviceName, expression: group.expression });
    return;
  }
  const identity = identityOf(group);
  const target = group instanceof ResourceRef ? context.byKey(group.targetKey) : groupWithId(context, group);
  if (!identity || (group instanceof ResourceRef && (!target || target.type !== 'aws_security_group'))) {
    report(service, 'unresolved', { group: describe(group), service: serviceName, expression: describe(group) });
    return;
  }
  const groupName = target ? target.displayName : describe(group);
  if (!target) {
    // A literal id of no group in this graph: managed elsewhere, so its inline rules are invisible here.
    report(service, 'unresolved', { group: groupName, service: serviceName, expression: describe(group) });
  }

  const forbid = (resource: PolicyResource, source: string): void =>
    report(resource, 'forbidden', { group: groupName, service: serviceName, source });
  const unknown = (resource: PolicyResource, expression: string): void =>
    report(resource, 'unresolved', { group: groupName, service: serviceName, expression });

  /** Checks one group-valued source (inline `security_groups`, `source_security_group_id`, `referenced_security_group_id`). */
  const checkSourceGroup = (resource: PolicyResource, value: AttrValue): void => {
    if (isUnresolved(value)) return unknown(resource, value.expression);
    const source = identityOf(value);
    if (source === undefined) return unknown(resource, describe(value));
    if (!albGroups.has(source) && albUnknown.length > 0) return unknown(resource, albUnknown[0]);
    if (!albGroups.has(source)) {
      const sourceResource = value instanceof ResourceRef ? context.byKey(value.targetKey) : undefined;
      forbid(resource, `security group ${sourceResource ? sourceResource.displayName : describe(value)}, which is not attached to a load balancer`);
    }
  };
  const checkCidrs = (resource: PolicyResource, label: string, value: AttrValue | undefined): void => {
    for (const cidr of listOf(value)) {
      if (isUnresolved(cidr)) unknown(resource, cidr.expression);
      else forbid(resource, `${label} ${describe(cidr)}`);
    }
  };
  const checkSelf = (resource: PolicyResource, value: AttrValue | undefined): void => {
    for (const self of optionsOf(value)) {
      if (isUnresolved(self)) unknown(resource, self.expression);
      else if (self === true || self === 'true') forbid(resource, 'itself (self = true)');
    }
  };

  if (target) {
    for (const option of optionsOf(target.attributes.ingress)) {
      if (isUnresolved(option)) {
        unknown(target, option.expression);
        continue;
      }
      for (const rule of blocksOf(option)) {
        if (isUnresolved(rule)) {
          unknown(target, rule.expression);
          continue;
        }
        checkCidrs(target, 'CIDR', attr(rule, 'cidr_blocks'));
        checkCidrs(target, 'IPv6 CIDR', attr(rule, 'ipv6_cidr_blocks'));
        checkCidrs(target, 'prefix list', attr(rule, 'prefix_list_ids'));
        checkSelf(target, attr(rule, 'self'));
        for (const source of listOf(attr(rule, 'security_groups'))) checkSourceGroup(target, source);
      }
    }
  }

  for (const rule of context.ofType('aws_security_group_rule')) {
    const types = optionsOf(rule.attributes.type);
    if (!types.some((t) => t === 'ingress' || isUnresolved(t))) continue;
    if (!belongsTo(rule, identity, (expression) => unknown(rule, expression))) continue;
    const unresolvedType = types.find(isUnresolved);
    if (unresolvedType) unknown(rule, unresolvedType.expression);
    checkCidrs(rule, 'CIDR', rule.attributes.cidr_blocks);
    checkCidrs(rule, 'IPv6 CIDR', rule.attributes.ipv6_cidr_blocks);
    checkCidrs(rule, 'prefix list', rule.attributes.prefix_list_ids);
    checkSelf(rule, rule.attributes.self);
    for (const source of listOf(rule.attributes.source_security_group_id)) checkSourceGroup(rule, source);
  }

  for (const rule of context.ofType('aws_vpc_security_group_ingress_rule')) {
    if (!belongsTo(rule, identity, (expression) => unknown(rule, expression))) continue;
    checkCidrs(rule, 'CIDR', rule.attributes.cidr_ipv4);
    checkCidrs(rule, 'IPv6 CIDR', rule.attributes.cidr_ipv6);
    checkCidrs(rule, 'prefix list', rule.attributes.prefix_list_id);
    for (const source of listOf(rule.attributes.referenced_security_group_id)) checkSourceGroup(rule, source);
  }
}

/** Whether a standalone rule's `security_group_id` is the group; an unresolvable id is reported and counted. */
function belongsTo(rule: PolicyResource, identity: string, unknown: (expression: string) => void): boolean {
  let belongs = false;
  for (const value of optionsOf(rule.attributes.security_group_id)) {
    if (value === undefined || value === null) continue;
    if (isUnresolved(value)) {
      unknown(value.expression);
      continue;
    }
    if (identityOf(value) === identity) belongs = true;
  }
  return belongs;
}

/**
 * The group a literal id names, when the graph manages it. In a plan against existing resources (an
 * adoption, a second apply) ids are known, so a service names its group by `sg-…` rather than by a
 * reference; the group's rules, kept from its prior state or planned, are then checked all the same.
 */
function groupWithId(context: RuleContext, id: AttrValue): PolicyResource | undefined {
  if (typeof id !== 'string' || !id.startsWith('sg-')) return undefined;
  return context.ofType('aws_security_group').find((resource) => resource.attributes.id === id);
}
