import { jsonLine, sourceGraph, src, synth, tf, unresolved, type RuleCases } from '../helpers';

const container = (environment: { name: string; value: string }[], secrets: { name: string; valueFrom: string }[] = []) =>
  JSON.stringify([{ name: 'app', image: 'web:1.0.0', environment, secrets }]);
const plainDatabase = tf({ aws_ecs_task_definition: { task: { container_definitions: container([{ name: 'DATABASE_URL', value: 'postgres://app:hunter2@db/app' }]) } } });
const twoSecrets = tf({
  aws_ecs_task_definition: { task: { container_definitions: container([{ name: 'STRIPE_API_KEY', value: 'sk_live_x' }, { name: 'session_secret', value: '${var.session}' }, { name: 'LOG_LEVEL', value: 'info' }]) } },
});

export const cases: RuleCases = {
  valid: [
    {
      name: 'source: secrets through valueFrom',
      graph: sourceGraph([src('aws_ecs_task_definition', { container_definitions: container([{ name: 'LOG_LEVEL', value: 'info' }], [{ name: 'DATABASE_URL', valueFrom: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:db' }]) })]),
    },
    { name: 'source: pointer names are fine', graph: sourceGraph([src('aws_ecs_task_definition', { container_definitions: [{ name: 'app', environment: [{ name: 'DB_SECRET_ARN', value: 'arn:aws:secretsmanager:x' }, { name: 'TOKEN_FILE', value: '/run/token' }] }] })]) },
    { name: 'synth: ordinary variables', graph: synth(tf({ aws_ecs_task_definition: { task: { container_definitions: container([{ name: 'APP_ENV', value: 'prod' }, { name: 'PORT', value: '3000' }]) } } })) },
  ],
  invalid: [
    {
      name: 'source: PASSWORD in environment (structured definitions)',
      graph: sourceGraph([src('aws_ecs_task_definition', { container_definitions: [{ name: 'app', environment: [{ name: 'DB_PASSWORD', value: 'hunter2' }] }] }, { line: 40 })]),
      expected: [{ line: 40, message: 'new EcsTaskDefinition(this, "r40") container app sets DB_PASSWORD as a plain environment value; pass it through `secrets` (valueFrom) instead.' }],
    },
    {
      name: 'source: unresolved value of a secret-named variable',
      graph: sourceGraph([src('aws_ecs_task_definition', { container_definitions: [{ name: 'app', environment: [{ name: 'API_TOKEN', value: unresolved('process.env.API_TOKEN') }] }] }, { line: 41 })]),
      expected: [{ severity: 'warning', line: 41, message: 'Cannot verify that new EcsTaskDefinition(this, "r41") keeps secrets out of plain environment variables: `API_TOKEN=process.env.API_TOKEN` could not be resolved.' }],
    },
    {
      name: 'source: unresolved part inside the JSON string',
      graph: sourceGraph([src('aws_ecs_task_definition', { container_definitions: container([{ name: 'SESSION_SECRET', value: '${unresolved:props.sessionSecret}' }]) }, { line: 43 })]),
      expected: [{ severity: 'warning', line: 43, message: 'Cannot verify that new EcsTaskDefinition(this, "r43") keeps secrets out of plain environment variables: `SESSION_SECRET=props.sessionSecret` could not be resolved.' }],
    },
    {
      name: 'source: container definitions that are not JSON',
      graph: sourceGraph([src('aws_ecs_task_definition', { container_definitions: '${file("defs.json")}' }, { line: 42 })]),
      expected: [{ severity: 'warning', line: 42, message: 'Cannot verify that new EcsTaskDefinition(this, "r42") keeps secrets out of plain environment variables: `${file("defs.json")}` could not be resolved.' }],
    },
    {
      name: 'synth: DATABASE_URL with a literal value',
      graph: synth(plainDatabase),
      expected: [{ line: jsonLine(plainDatabase, 'resource/aws_ecs_task_definition/task'), message: 'aws_ecs_task_definition.task container app sets DATABASE_URL as a plain environment value; pass it through `secrets` (valueFrom) instead. [synth prod]' }],
    },
    {
      name: 'synth: *_KEY and lower-case *secret* (also through a variable)',
      graph: synth(twoSecrets),
      expected: [
        { line: jsonLine(twoSecrets, 'resource/aws_ecs_task_definition/task'), message: 'aws_ecs_task_definition.task container app sets STRIPE_API_KEY as a plain environment value; pass it through `secrets` (valueFrom) instead. [synth prod]' },
        { line: jsonLine(twoSecrets, 'resource/aws_ecs_task_definition/task'), message: 'aws_ecs_task_definition.task container app sets session_secret as a plain environment value; pass it through `secrets` (valueFrom) instead. [synth prod]' },
      ],
    },
  ],
};
