import type { Rule } from '../types';
import { attr, blocksOf, describe, isUnresolved, optionsOf } from '../values';

/** Production ECR repositories are encrypted with a customer-managed KMS key. */
export const ecrCustomerKey: Rule = {
  id: 'ecr-customer-key',
  severity: 'error',
  pack: 'hardening',
  description: 'Every ECR repository in production is encrypted with a customer-managed KMS key (Trivy AVD-AWS-0033; Checkov CKV_AWS_136 asks for KMS).',
  why: 'Images carry the application\'s code and often its dependencies\' secrets by mistake. AES256 or the AWS managed key `aws/ecr` cannot be scoped, audited per use or revoked; a customer key can.',
  help: 'Set `hardening.encryptionKey.enabled: true` with `encryptRegistry: true` (the defaults in production), or `registry.kmsKeyArn`. The key of an existing repository cannot change in place: a new key replaces the repository.',
  equivalents: { checkov: ['CKV_AWS_136'], trivy: ['AVD-AWS-0033'] },
  layers: ['synth', 'plan'],
  messages: {
    noKey: '{resource} is not encrypted with a customer-managed key ({detail}).',
    unresolved: 'Cannot verify the encryption key of {resource}: `{expression}` could not be resolved.',
  },
  check(context) {
    for (const resource of context.ofType('aws_ecr_repository')) {
      if (!resource.production) continue;
      const configurations = blocksOf(resource.attributes.encryption_configuration);
      if (configurations.length === 0) {
        context.report({ resource, messageId: 'noKey', data: { resource: resource.displayName, detail: 'encryption_configuration omitted: AES256' } });
        continue;
      }
      for (const configuration of configurations) {
        if (isUnresolved(configuration)) {
          context.report({ resource, messageId: 'unresolved', data: { resource: resource.displayName, expression: configuration.expression } });
          continue;
        }
        for (const type of optionsOf(attr(configuration, 'encryption_type'))) {
          if (isUnresolved(type)) {
            context.report({ resource, messageId: 'unresolved', data: { resource: resource.displayName, expression: type.expression } });
          } else if (type !== 'KMS') {
            context.report({ resource, messageId: 'noKey', data: { resource: resource.displayName, detail: `encryption_type is ${type === undefined ? 'AES256 (omitted)' : describe(type)}` } });
          } else {
            for (const key of optionsOf(attr(configuration, 'kms_key'))) {
              if (isUnresolved(key)) {
                context.report({ resource, messageId: 'unresolved', data: { resource: resource.displayName, expression: key.expression } });
              } else if (key === undefined || key === null || key === '') {
                context.report({ resource, messageId: 'noKey', data: { resource: resource.displayName, detail: 'kms_key omitted: the AWS managed key aws/ecr' } });
              }
            }
          }
        }
      }
    }
  },
};
