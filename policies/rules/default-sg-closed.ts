import { pointingAt } from '../references';
import type { Rule } from '../types';
import { blocksOf, isUnresolved } from '../values';

/** The default security group of a production VPC has no rules. */
export const defaultSgClosed: Rule = {
  id: 'default-sg-closed',
  severity: 'error',
  pack: 'hardening',
  description: 'Every VPC a production stack creates manages its default security group and leaves it without ingress or egress rules (Checkov CKV2_AWS_12; Trivy AVD-AWS-0173).',
  why: 'AWS creates every VPC with a default security group that admits all traffic from its own members and all egress; anything launched without an explicit group lands in it and can reach everything else there.',
  help: 'Keep the NewNetwork default (`closeDefaultSecurityGroup: true`), or add a DefaultSecurityGroup with `vpcId: vpc.id` and no ingress or egress blocks.',
  equivalents: { checkov: ['CKV2_AWS_12'], trivy: ['AVD-AWS-0173'] },
  layers: ['synth', 'plan'],
  messages: {
    unmanaged: '{resource} leaves its default security group as AWS made it (all traffic between members, all egress).',
    open: '{group} (the default group of {resource}) has {direction} rules; it must have none.',
    unresolved: 'Cannot verify the default security group of {resource}: `{expression}` could not be resolved.',
  },
  check(context) {
    const defaults = context.ofType('aws_default_security_group');
    const standalone = context.ofType('aws_vpc_security_group_ingress_rule', 'aws_vpc_security_group_egress_rule', 'aws_security_group_rule');
    for (const resource of context.ofType('aws_vpc')) {
      if (!resource.production) continue;
      const mine = pointingAt(defaults, 'vpc_id', resource);
      if (mine.length === 0) {
        const unknown = defaults.map((group) => group.attributes.vpc_id).find(isUnresolved);
        if (unknown) context.report({ resource, messageId: 'unresolved', data: { resource: resource.displayName, expression: unknown.expression } });
        else context.report({ resource, messageId: 'unmanaged', data: { resource: resource.displayName } });
        continue;
      }
      for (const group of mine) {
        for (const direction of ['ingress', 'egress'] as const) {
          const value = group.attributes[direction];
          if (isUnresolved(value)) {
            context.report({ resource: group, messageId: 'unresolved', data: { resource: resource.displayName, expression: value.expression } });
          } else if (blocksOf(value).length > 0) {
            context.report({ resource: group, messageId: 'open', data: { resource: resource.displayName, group: group.displayName, direction } });
          }
        }
        for (const rule of pointingAt(standalone, 'security_group_id', group)) {
          context.report({ resource: rule, messageId: 'open', data: { resource: resource.displayName, group: group.displayName, direction: `standalone (${rule.displayName})` } });
        }
      }
    }
  },
};
