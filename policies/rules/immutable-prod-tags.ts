import type { Rule } from '../types';
import { describe, isUnresolved, optionsOf } from '../values';

/** ECR repositories that can exist in production keep their tags immutable. */
export const immutableProdTags: Rule = {
  id: 'immutable-prod-tags',
  severity: 'error',
  description: 'Every ECR repository that can exist in production has IMMUTABLE tag mutability (a value the gate cannot work out counts as mutable).',
  why: 'With MUTABLE tags (the AWS default) a push can silently replace the image a production tag points at, so what runs is no longer what was reviewed and a rollback may pull different bits.',
  help: 'Set `imageTagMutability: "IMMUTABLE"` on the EcrRepository (at least when the environment is production).',
  equivalents: { checkov: ['CKV_AWS_51'], trivy: ['AVD-AWS-0031'] },
  messages: {
    mutable: '{resource} can exist in production but its image_tag_mutability is {value}; production tags must be IMMUTABLE.',
    unresolved: 'Cannot verify that {resource} has IMMUTABLE tags: image_tag_mutability is `{expression}`, which the gate cannot work out.',
  },
  check(context) {
    for (const resource of context.ofType('aws_ecr_repository')) {
      if (!resource.production) continue;
      const unresolved = (expression: string): void =>
        context.report({ resource, messageId: 'unresolved', severity: 'error', data: { resource: resource.displayName, expression } });
      const value = resource.attributes.image_tag_mutability;
      if (resource.unknownAttributes && value === undefined) unresolved(resource.unknownAttributes.expression);
      for (const option of optionsOf(value)) {
        if (isUnresolved(option)) unresolved(option.expression);
        else if (option !== 'IMMUTABLE' && !(option === undefined && resource.unknownAttributes)) {
          const shown = option === undefined || option === null ? 'MUTABLE (omitted, the AWS default)' : describe(option);
          context.report({ resource, messageId: 'mutable', data: { resource: resource.displayName, value: shown } });
        }
      }
    }
  },
};
