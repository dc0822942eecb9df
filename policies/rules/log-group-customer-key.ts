import type { Rule } from '../types';
import { describe, isUnresolved, optionsOf } from '../values';

/** Production log groups are encrypted with a customer-managed KMS key. */
export const logGroupCustomerKey: Rule = {
  id: 'log-group-customer-key',
  severity: 'error',
  pack: 'hardening',
  description: 'Every CloudWatch log group in production is encrypted with a customer-managed KMS key (Checkov CKV_AWS_158; Trivy AVD-AWS-0017).',
  why: 'Logs hold request data, identifiers and error details. With the service\'s own encryption anyone with logs read access reads them; a customer key adds a second, auditable permission (kms:Decrypt) and lets you revoke access to every log at once.',
  help: 'Set `hardening.encryptionKey.enabled: true` (the default in production) or `logs.kmsKeyArn`; for your own groups set `kmsKeyId`.',
  equivalents: { checkov: ['CKV_AWS_158'], trivy: ['AVD-AWS-0017'] },
  layers: ['synth', 'plan'],
  messages: {
    noKey: '{resource} is not encrypted with a customer-managed key (kms_key_id is {value}).',
    unresolved: 'Cannot verify the encryption key of {resource}: kms_key_id is `{expression}`.',
  },
  check(context) {
    for (const resource of context.ofType('aws_cloudwatch_log_group')) {
      if (!resource.production) continue;
      for (const value of optionsOf(resource.attributes.kms_key_id)) {
        if (isUnresolved(value)) {
          context.report({ resource, messageId: 'unresolved', data: { resource: resource.displayName, expression: value.expression } });
        } else if (value === undefined || value === null || value === '') {
          context.report({ resource, messageId: 'noKey', data: { resource: resource.displayName, value: value === '' ? 'empty' : 'omitted' } });
        } else if (typeof value === 'string' && /:alias\/aws\//.test(value)) {
          context.report({ resource, messageId: 'noKey', data: { resource: resource.displayName, value: describe(value) } });
        }
      }
    }
  },
};
