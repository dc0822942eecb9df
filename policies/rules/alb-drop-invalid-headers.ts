import type { Rule } from '../types';
import { describe, isUnresolved, optionsOf } from '../values';

/** Application load balancers drop HTTP header fields with invalid names. */
export const albDropInvalidHeaders: Rule = {
  id: 'alb-drop-invalid-headers',
  severity: 'warning',
  description: 'Every application load balancer drops invalid HTTP header fields.',
  why: 'Headers with invalid names are a request-smuggling and header-injection vector; by default (false) the ALB forwards them to the service.',
  help: 'Set `dropInvalidHeaderFields: true` on the Lb.',
  equivalents: { checkov: ['CKV_AWS_131'], trivy: ['AVD-AWS-0052'] },
  messages: {
    keeps: '{resource} forwards invalid header fields (drop_invalid_header_fields is {value}).',
    unresolved: 'Cannot verify that {resource} drops invalid header fields: `{expression}` could not be resolved.',
  },
  check(context) {
    for (const resource of context.ofType('aws_lb', 'aws_alb')) {
      const types = optionsOf(resource.attributes.load_balancer_type);
      const application = types.some((t) => t === undefined || t === null || t === 'application' || isUnresolved(t));
      if (!application) continue;
      for (const value of optionsOf(resource.attributes.drop_invalid_header_fields)) {
        if (isUnresolved(value)) {
          context.report({ resource, messageId: 'unresolved', data: { resource: resource.displayName, expression: value.expression } });
        } else if (value !== true && value !== 'true') {
          const shown = value === undefined || value === null ? 'false (omitted, the AWS default)' : describe(value);
          context.report({ resource, messageId: 'keeps', data: { resource: resource.displayName, value: shown } });
        }
      }
    }
  },
};
