import type { Rule } from '../types';
import { asNumber, describe, isUnresolved, optionsOf } from '../values';

/** CloudWatch log groups expire their logs. */
export const logRetentionSet: Rule = {
  id: 'log-retention-set',
  severity: 'warning',
  description: 'Every CloudWatch log group sets a retention period (retention_in_days > 0).',
  why: 'Without retention (the AWS default, or 0) logs are kept forever: the bill grows without bound and personal data in logs outlives every retention promise.',
  help: 'Set `retentionInDays` on the CloudwatchLogGroup (for example 30 outside production, 90 or more in production).',
  equivalents: { checkov: ['CKV_AWS_66'] },
  messages: {
    forever: '{resource} keeps logs forever (retention_in_days is {value}).',
    unresolved: 'Cannot verify the retention of {resource}: retention_in_days is `{expression}`.',
  },
  check(context) {
    for (const resource of context.ofType('aws_cloudwatch_log_group')) {
      for (const value of optionsOf(resource.attributes.retention_in_days)) {
        if (isUnresolved(value)) {
          context.report({ resource, messageId: 'unresolved', data: { resource: resource.displayName, expression: value.expression } });
          continue;
        }
        const days = asNumber(value);
        if (days === undefined || days <= 0) {
          const shown = value === undefined || value === null ? 'omitted' : describe(value);
          if (typeof value === 'string' && value.includes('${')) {
            context.report({ resource, messageId: 'unresolved', data: { resource: resource.displayName, expression: value } });
          } else {
            context.report({ resource, messageId: 'forever', data: { resource: resource.displayName, value: shown } });
          }
        }
      }
    }
  },
};
