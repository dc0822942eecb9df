import { jsonLine, oneOf, sourceGraph as sourceOf, src, synth, tf, unresolved, type Json, type RuleCases } from '../helpers';

const omitted = tf({ aws_ecr_repository: { repo: { name: 'web' } } });
const fromVariable = tf({ aws_ecr_repository: { repo: { name: 'web', image_tag_mutability: '${var.mutability}' } } }, { variable: { mutability: { type: 'string', default: 'MUTABLE' } } });
const noDefault = tf({ aws_ecr_repository: { repo: { name: 'web', image_tag_mutability: '${var.mutability}' } } }, { variable: { mutability: { type: 'string' } } });
const template = (body: { [key: string]: Json }, production = true) => tf({ aws_ecr_repository_creation_template: { cache: { prefix: 'ecr-public', applied_for: ['PULL_THROUGH_CACHE'], ...body } } }, { production });
const templateOmitted = template({});
const templateMutable = template({ image_tag_mutability: 'MUTABLE' });
const unmarked = { resource: { aws_ecr_repository: { repo: { name: 'web', image_tag_mutability: 'MUTABLE' } } } };

export const cases: RuleCases = {
  valid: [
    { name: 'source: IMMUTABLE in production', graph: sourceOf([src('aws_ecr_repository', { image_tag_mutability: 'IMMUTABLE' })]) },
    { name: 'source: omitted outside production', graph: sourceOf([src('aws_ecr_repository', {}, { production: false })]) },
    { name: 'source: both branches IMMUTABLE', graph: sourceOf([src('aws_ecr_repository', { image_tag_mutability: oneOf('IMMUTABLE', 'IMMUTABLE') })]) },
    { name: 'synth: IMMUTABLE', graph: synth(tf({ aws_ecr_repository: { repo: { image_tag_mutability: 'IMMUTABLE' } } })) },
    { name: 'synth: MUTABLE in a dev stack', graph: synth(tf({ aws_ecr_repository: { repo: { image_tag_mutability: 'MUTABLE' } } }, { production: false }), 'dev') },
    {
      name: 'synth: variable defaulting to IMMUTABLE',
      graph: synth(tf({ aws_ecr_repository: { repo: { image_tag_mutability: '${var.m}' } } }, { variable: { m: { default: 'IMMUTABLE' } } })),
    },
    { name: 'synth: a repository creation template with IMMUTABLE tags', graph: synth(template({ image_tag_mutability: 'IMMUTABLE' })) },
    { name: 'synth: a MUTABLE repository creation template in a dev stack', graph: synth(template({ image_tag_mutability: 'MUTABLE' }, false), 'dev') },
  ],
  invalid: [
    {
      name: 'synth: a repository creation template makes MUTABLE repositories',
      graph: synth(templateMutable),
      expected: [
        {
          line: jsonLine(templateMutable, 'resource/aws_ecr_repository_creation_template/cache'),
          message: 'aws_ecr_repository_creation_template.cache gives the repositories ECR creates from it (pull-through cache, replication) image_tag_mutability MUTABLE; in production they must be IMMUTABLE: set `imageTagMutability: "IMMUTABLE"` on the EcrRepositoryCreationTemplate. [synth prod]',
        },
      ],
    },
    {
      name: 'synth: a repository creation template without image_tag_mutability (MUTABLE, the default)',
      graph: synth(templateOmitted),
      expected: [
        {
          line: jsonLine(templateOmitted, 'resource/aws_ecr_repository_creation_template/cache'),
          message: 'aws_ecr_repository_creation_template.cache gives the repositories ECR creates from it (pull-through cache, replication) image_tag_mutability MUTABLE (omitted, the AWS default); in production they must be IMMUTABLE: set `imageTagMutability: "IMMUTABLE"` on the EcrRepositoryCreationTemplate. [synth prod]',
        },
      ],
    },
    {
      name: 'source: a config the layer cannot see into is an error',
      graph: sourceOf([{ ...src('aws_ecr_repository', { name: 'web' }, { line: 8 }), unknownAttributes: unresolved('...settings', 8) }]),
      expected: [{ line: 8, message: 'Cannot verify that new EcrRepository(this, "r8") has IMMUTABLE tags: image_tag_mutability is `...settings`, which the gate cannot work out.' }],
    },
    {
      name: 'source: omitted (AWS default MUTABLE)',
      graph: sourceOf([src('aws_ecr_repository', {}, { line: 3 })]),
      expected: [{ line: 3, message: 'new EcrRepository(this, "r3") can exist in production but its image_tag_mutability is MUTABLE (omitted, the AWS default); production tags must be IMMUTABLE.' }],
    },
    {
      name: 'source: one branch MUTABLE',
      graph: sourceOf([src('aws_ecr_repository', { image_tag_mutability: oneOf('IMMUTABLE', 'MUTABLE') }, { line: 7 })]),
      expected: [{ line: 7, message: 'new EcrRepository(this, "r7") can exist in production but its image_tag_mutability is MUTABLE; production tags must be IMMUTABLE.' }],
    },
    {
      name: 'source: unresolved value is an error naming the expression',
      graph: sourceOf([src('aws_ecr_repository', { image_tag_mutability: unresolved('props.mutability') }, { line: 2 })]),
      expected: [{ line: 2, message: 'Cannot verify that new EcrRepository(this, "r2") has IMMUTABLE tags: image_tag_mutability is `props.mutability`, which the gate cannot work out.' }],
    },
    {
      name: 'synth: omitted in a production stack',
      graph: synth(omitted),
      expected: [{ line: jsonLine(omitted, 'resource/aws_ecr_repository/repo'), message: 'aws_ecr_repository.repo can exist in production but its image_tag_mutability is MUTABLE (omitted, the AWS default); production tags must be IMMUTABLE. [synth prod]' }],
    },
    {
      name: 'synth: variable default MUTABLE',
      graph: synth(fromVariable),
      expected: [{ line: jsonLine(fromVariable, 'resource/aws_ecr_repository/repo'), message: 'aws_ecr_repository.repo can exist in production but its image_tag_mutability is MUTABLE; production tags must be IMMUTABLE. [synth prod]' }],
    },
    {
      name: 'synth: variable without default is an error',
      graph: synth(noDefault),
      expected: [{ line: jsonLine(noDefault, 'resource/aws_ecr_repository/repo'), message: 'Cannot verify that aws_ecr_repository.repo has IMMUTABLE tags: image_tag_mutability is `${var.mutability}`, which the gate cannot work out. [synth prod]' }],
    },
    {
      name: 'synth: a stack without production marker counts as production',
      graph: synth(unmarked, 'unknown'),
      expected: [{ line: jsonLine(unmarked, 'resource/aws_ecr_repository/repo'), message: 'aws_ecr_repository.repo can exist in production but its image_tag_mutability is MUTABLE; production tags must be IMMUTABLE. [synth unknown]' }],
    },
  ],
};
