import { jsonLine, oneOf, sourceGraph, src, synth, tf, unresolved, type RuleCases } from '../helpers';

const definitions = (image: string): string => JSON.stringify([{ name: 'app', image, essential: true }]);
const repoImage = '${aws_ecr_repository.repo.repository_url}:${var.image_tag}';
const latestDefault = tf({ aws_ecs_task_definition: { task: { family: 'web', container_definitions: definitions(repoImage) } } }, { variable: { image_tag: { type: 'string', default: 'latest' } } });
const noDefault = tf({ aws_ecs_task_definition: { task: { family: 'web', container_definitions: definitions(repoImage) } } }, { variable: { image_tag: { type: 'string' } } });
const untagged = tf({ aws_ecs_task_definition: { task: { container_definitions: definitions('nginx') } } });

export const cases: RuleCases = {
  valid: [
    { name: 'source: versioned tag', graph: sourceGraph([src('aws_ecs_task_definition', { container_definitions: [{ name: 'app', image: 'registry.example.com/web:1.4.2' }] })]) },
    { name: 'source: latest outside production', graph: sourceGraph([src('aws_ecs_task_definition', { container_definitions: [{ name: 'app', image: 'web:latest' }] }, { production: false })]) },
    { name: 'source: digest', graph: sourceGraph([src('aws_ecs_task_definition', { container_definitions: definitions('web@sha256:0123456789abcdef') })]) },
    { name: 'source: registry with port', graph: sourceGraph([src('aws_ecs_task_definition', { container_definitions: definitions('localhost:5000/web:2.0.0') })]) },
    {
      name: 'synth: variable default is a version',
      graph: synth(tf({ aws_ecs_task_definition: { task: { container_definitions: definitions(repoImage) } } }, { variable: { image_tag: { type: 'string', default: '1.0.0' } } })),
    },
    { name: 'synth: latest in a dev stack', graph: synth(tf({ aws_ecs_task_definition: { task: { container_definitions: definitions('web:latest') } } }, { production: false }), 'dev') },
  ],
  invalid: [
    {
      name: 'source: explicit latest',
      graph: sourceGraph([src('aws_ecs_task_definition', { container_definitions: [{ name: 'app', image: 'web:latest' }] }, { line: 30 })]),
      expected: [{ line: 30, message: 'new EcsTaskDefinition(this, "r30") container app uses image `web:latest`, which is the `latest` tag in production.' }],
    },
    {
      name: 'source: one branch latest',
      graph: sourceGraph([src('aws_ecs_task_definition', { container_definitions: [{ name: 'app', image: oneOf('web:1.0.0', 'web:latest') }] }, { line: 31 })]),
      expected: [{ line: 31, message: 'new EcsTaskDefinition(this, "r31") container app uses image `web:latest`, which is the `latest` tag in production.' }],
    },
    {
      name: 'source: unresolved image is a warning',
      graph: sourceGraph([src('aws_ecs_task_definition', { container_definitions: [{ name: 'app', image: unresolved('repo.repositoryUrl + ":" + tag') }] }, { line: 32 })]),
      expected: [{ severity: 'warning', line: 32, message: 'Cannot verify the image tag of new EcsTaskDefinition(this, "r32") container app: `repo.repositoryUrl + ":" + tag` could not be resolved.' }],
    },
    {
      name: 'source: unresolved part inside the JSON string of container definitions',
      graph: sourceGraph([src('aws_ecs_task_definition', { container_definitions: definitions('${unresolved:repo.repositoryUrl}:${unresolved:props.tag}') }, { line: 34 })]),
      expected: [{ severity: 'warning', line: 34, message: 'Cannot verify the image tag of new EcsTaskDefinition(this, "r34") container app: `props.tag` could not be resolved.' }],
    },
    {
      name: 'source: the whole image is one unresolved template (the tag may hide inside)',
      graph: sourceGraph([src('aws_ecs_task_definition', { container_definitions: definitions('${unresolved:`${repo.url}:${tag.value}`}') }, { line: 35 })]),
      expected: [{ severity: 'warning', line: 35, message: 'Cannot verify the image tag of new EcsTaskDefinition(this, "r35") container app: ``${repo.url}:${tag.value}`` could not be resolved.' }],
    },
    {
      name: 'source: unresolved container definitions',
      graph: sourceGraph([src('aws_ecs_task_definition', { container_definitions: unresolved('Fn.jsonencode(defs)') }, { line: 33 })]),
      expected: [{ severity: 'warning', line: 33, message: 'Cannot verify the image tag of new EcsTaskDefinition(this, "r33") container (all): `Fn.jsonencode(defs)` could not be resolved.' }],
    },
    {
      name: 'synth: variable default latest',
      graph: synth(latestDefault),
      expected: [
        {
          line: jsonLine(latestDefault, 'resource/aws_ecs_task_definition/task'),
          message:
            "aws_ecs_task_definition.task container app uses image `${aws_ecr_repository.repo.repository_url}:${var.image_tag}` (`${aws_ecr_repository.repo.repository_url}:latest` with its variables' values), which is the `latest` tag in production. [synth prod]",
        },
      ],
    },
    {
      name: 'synth: variable without default is a warning',
      graph: synth(noDefault),
      expected: [{ severity: 'warning', line: jsonLine(noDefault, 'resource/aws_ecs_task_definition/task'), message: 'Cannot verify the image tag of aws_ecs_task_definition.task container app: `${var.image_tag}` could not be resolved. [synth prod]' }],
    },
    {
      name: 'synth: no tag means latest',
      graph: synth(untagged),
      expected: [{ line: jsonLine(untagged, 'resource/aws_ecs_task_definition/task'), message: 'aws_ecs_task_definition.task container app uses image `nginx`, which is the `latest` tag in production. [synth prod]' }],
    },
  ],
};
