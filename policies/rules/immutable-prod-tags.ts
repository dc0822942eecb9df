import { asPolicyResource, foreignOfTypes, property, shortExpression } from '../foreign-resources';
import type { PolicyResource } from '../model';
import type { Rule, RuleContext } from '../types';
import { describe, isUnresolved, optionsOf } from '../values';

/** ECR resources that make repositories, as Terraform types, and the CloudFormation types that make the same. */
const REPOSITORY = 'aws_ecr_repository';
const CREATION_TEMPLATE = 'aws_ecr_repository_creation_template';
const FOREIGN_TYPES: { readonly [type: string]: string } = {
  'AWS::ECR::Repository': REPOSITORY,
  'AWS::ECR::RepositoryCreationTemplate': CREATION_TEMPLATE,
};

/** ECR repositories that can exist in production keep their tags immutable. */
export const immutableProdTags: Rule = {
  id: 'immutable-prod-tags',
  severity: 'error',
  description:
    'Every ECR repository that can exist in production has IMMUTABLE tag mutability, and so does every repository creation template (the repositories ECR creates for a pull-through cache or replication), also when CloudFormation or Cloud Control creates them (a value the gate cannot work out counts as mutable).',
  why: 'With MUTABLE tags (the AWS default) a push can silently replace the image a production tag points at, so what runs is no longer what was reviewed and a rollback may pull different bits.',
  help: 'Set `imageTagMutability: "IMMUTABLE"` on the EcrRepository (at least when the environment is production).',
  equivalents: { checkov: ['CKV_AWS_51'], trivy: ['AVD-AWS-0031'] },
  messages: {
    mutable: '{resource} can exist in production but its image_tag_mutability is {value}; production tags must be IMMUTABLE.',
    templateMutable: '{resource} gives the repositories ECR creates from it (pull-through cache, replication) image_tag_mutability {value}; in production they must be IMMUTABLE: set `imageTagMutability: "IMMUTABLE"` on the EcrRepositoryCreationTemplate.',
    foreign: 'Cannot verify that the ECR repositories {resource} creates through {via} have IMMUTABLE tags: {reason}, and the gate cannot check what {via} creates; declare them as aws_ecr_repository resources.',
    unresolved: 'Cannot verify that {resource} has IMMUTABLE tags: {attribute} is `{expression}`, which the gate cannot work out.',
  },
  check(context) {
    for (const resource of context.ofType(REPOSITORY, CREATION_TEMPLATE)) checkMutability(context, resource);
    const foreign = foreignOfTypes(context, Object.keys(FOREIGN_TYPES));
    for (const resource of foreign.resources) {
      if (!resource.host.production) continue;
      const mutability = isUnresolved(resource.properties) ? resource.properties : property(resource, 'ImageTagMutability');
      checkMutability(context, asPolicyResource(resource, FOREIGN_TYPES[resource.type], mutability === undefined ? {} : { image_tag_mutability: mutability }));
    }
    for (const { host, via, reason, unresolved } of foreign.unreadable) {
      if (!host.production) continue;
      if (unresolved) {
        const data = { resource: `what ${host.displayName} creates through ${via}`, attribute: `its ${unresolved.attribute}`, expression: shortExpression(unresolved.expression) };
        context.report({ resource: host, messageId: 'unresolved', severity: 'error', data });
      } else {
        context.report({ resource: host, messageId: 'foreign', data: { resource: host.displayName, via, reason } });
      }
    }
  },
};

/** `image_tag_mutability` of a repository or creation template in production: omitted is MUTABLE (the default of both). */
function checkMutability(context: RuleContext, resource: PolicyResource): void {
  if (!resource.production) return;
  const unresolved = (expression: string): void =>
    context.report({ resource, messageId: 'unresolved', severity: 'error', data: { resource: resource.displayName, attribute: 'image_tag_mutability', expression } });
  const value = resource.attributes.image_tag_mutability;
  if (resource.unknownAttributes && value === undefined) unresolved(resource.unknownAttributes.expression);
  for (const option of optionsOf(value)) {
    if (isUnresolved(option)) unresolved(option.expression);
    else if (option !== 'IMMUTABLE' && !(option === undefined && resource.unknownAttributes)) {
      const shown = option === undefined || option === null ? 'MUTABLE (omitted, the AWS default)' : describe(option);
      context.report({ resource, messageId: resource.type === CREATION_TEMPLATE ? 'templateMutable' : 'mutable', data: { resource: resource.displayName, value: shown } });
    }
  }
}
