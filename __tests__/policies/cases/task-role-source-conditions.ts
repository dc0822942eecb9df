import { jsonLine, synth, tf, type RuleCases } from '../helpers';

const trust = (condition?: object) =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ecs-tasks.amazonaws.com' }, Action: 'sts:AssumeRole', ...(condition ? { Condition: condition } : {}) }] });
const stack = (condition?: object, production = true) =>
  tf(
    {
      aws_iam_role: { task: { assume_role_policy: trust(condition) } },
      aws_ecs_task_definition: { td: { family: 'web', task_role_arn: '${aws_iam_role.task.arn}', container_definitions: '[]' } },
    },
    { production },
  );
const plain = stack();
const accountOnly = stack({ StringEquals: { 'aws:SourceAccount': '123456789012' } });

export const cases: RuleCases = {
  valid: [
    {
      name: 'synth: both conditions (account from an interpolation)',
      graph: synth(
        stack({
          ArnLike: { 'aws:SourceArn': 'arn:aws:ecs:us-east-1:${element(split(":", aws_ecs_cluster.c.arn), 4)}:*' },
          StringEquals: { 'aws:SourceAccount': '${element(split(":", aws_ecs_cluster.c.arn), 4)}' },
        }),
      ),
    },
    { name: 'synth: outside production', graph: synth(stack(undefined, false), 'dev') },
  ],
  invalid: [
    {
      name: 'synth: no conditions',
      graph: synth(plain),
      expected: [
        {
          line: jsonLine(plain, 'resource/aws_iam_role/task'),
          message: 'aws_iam_role.task (task role of aws_ecs_task_definition.td) trusts ecs-tasks.amazonaws.com without aws:SourceAccount and aws:SourceArn. [synth prod]',
        },
      ],
    },
    {
      name: 'synth: account without ARN',
      graph: synth(accountOnly),
      expected: [
        { line: jsonLine(accountOnly, 'resource/aws_iam_role/task'), message: 'aws_iam_role.task (task role of aws_ecs_task_definition.td) trusts ecs-tasks.amazonaws.com without aws:SourceArn. [synth prod]' },
      ],
    },
  ],
};
