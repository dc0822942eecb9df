import type { Rule } from '../types';
import { describe, isUnresolved, optionsOf } from '../values';

/** ECR repositories that can exist in production keep their tags immutable. */
export const immutableProdTags: Rule = {
  id: 'immutable-prod-tags',
  severity: 'error',
  description: 'Every ECR repository that can exist in production has IMMUTABLE tag mutability.',
  why: 'With MUTABLE tags (the AWS default) a push can silently replace the image a production tag points at, so what runs is no longer what was reviewed and a rollback may pull different bits.',
  help: 'Set `imageTagMutability: "IMMUTABLE"` on the EcrRepository (at least when the environment is production).',
  messages: {
    mutable: '{resource} can exist in production but its image_tag_mutability is {value}; production tags must be IMMUTABLE.',
    unresolved: 'Cannot verify that {resource} has IMMUTABLE tags: image_tag_mutability is `{expression}`.',
  },
  check(context) {
    for (const resource of context.ofType('aws_ecr_repository')) {
      if (!resource.production) continue;
      for (const value of optionsOf(resource.attributes.image_tag_mutability)) {
        if (isUnresolved(value)) {
          context.report({ resource, messageId: 'unresolved', data: { resource: resource.displayName, expression: value.expression } });
        } else if (value !== 'IMMUTABLE') {
          const shown = value === undefined || value === null ? 'MUTABLE (omitted, the AWS default)' : describe(value);
          context.report({ resource, messageId: 'mutable', data: { resource: resource.displayName, value: shown } });
        }
      }
    }
  },
};
