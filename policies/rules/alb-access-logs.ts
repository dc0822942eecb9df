import type { Rule } from '../types';
import { attr, blocksOf, describe, isUnresolved, optionsOf } from '../values';

/** Production load balancers write access logs. */
export const albAccessLogs: Rule = {
  id: 'alb-access-logs',
  severity: 'error',
  pack: 'hardening',
  description: 'Every application load balancer in production writes access logs to S3 (Checkov CKV_AWS_91; no Trivy check).',
  why: 'Without access logs there is no record of who requested what: an attack, a leak or a broken client cannot be traced after the fact, and many audits require them.',
  help: 'Set `hardening.accessLogs.enabled: true` (the default), or `accessLogs: { bucket, enabled: true }` on the Lb.',
  equivalents: { checkov: ['CKV_AWS_91'] },
  layers: ['synth', 'plan'],
  messages: {
    off: '{resource} does not write access logs (access_logs.enabled is {value}).',
    unresolved: 'Cannot verify that {resource} writes access logs: `{expression}` could not be resolved.',
  },
  check(context) {
    for (const resource of context.ofType('aws_lb', 'aws_alb')) {
      if (!resource.production) continue;
      const types = optionsOf(resource.attributes.load_balancer_type);
      if (!types.some((t) => t === undefined || t === null || t === 'application' || isUnresolved(t))) continue;
      const blocks = blocksOf(resource.attributes.access_logs);
      if (blocks.length === 0) {
        context.report({ resource, messageId: 'off', data: { resource: resource.displayName, value: 'omitted' } });
        continue;
      }
      for (const block of blocks) {
        if (isUnresolved(block)) {
          context.report({ resource, messageId: 'unresolved', data: { resource: resource.displayName, expression: block.expression } });
          continue;
        }
        for (const enabled of optionsOf(attr(block, 'enabled'))) {
          if (isUnresolved(enabled)) {
            context.report({ resource, messageId: 'unresolved', data: { resource: resource.displayName, expression: enabled.expression } });
          } else if (enabled !== true && enabled !== 'true') {
            context.report({ resource, messageId: 'off', data: { resource: resource.displayName, value: enabled === undefined ? 'false (omitted)' : describe(enabled) } });
          }
        }
      }
    }
  },
};
