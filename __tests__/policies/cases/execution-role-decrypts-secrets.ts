import { jsonLine, synth, tf, type RuleCases } from '../helpers';

const containers = JSON.stringify([{ name: 'app', image: 'x', secrets: [{ name: 'DB', valueFrom: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf' }] }]);
const stack = (statements: object[]) =>
  tf({
    aws_kms_key: { key: { enable_key_rotation: true } },
    aws_kms_key_policy: { p: { key_id: '${aws_kms_key.key.key_id}', policy: '{}' } },
    aws_iam_role: { exec: { assume_role_policy: '{}' } },
    aws_iam_role_policy: { e: { role: '${aws_iam_role.exec.id}', policy: JSON.stringify({ Version: '2012-10-17', Statement: statements }) } },
    aws_ecs_task_definition: { td: { family: 'web', execution_role_arn: '${aws_iam_role.exec.arn}', container_definitions: containers } },
  });
const read = { Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf' };
const missing = stack([read]);

export const cases: RuleCases = {
  valid: [
    {
      name: 'synth: kms:Decrypt on the key (through its key policy key_id)',
      graph: synth(stack([read, { Effect: 'Allow', Action: 'kms:Decrypt', Resource: ['arn:aws:kms:us-east-1:123456789012:key/${aws_kms_key_policy.p.key_id}'] }])),
    },
    { name: 'synth: kms:Decrypt on the key ARN', graph: synth(stack([read, { Effect: 'Allow', Action: ['kms:Decrypt'], Resource: '${aws_kms_key.key.arn}' }])) },
    {
      name: 'synth: no secrets, no key needed',
      graph: synth(tf({ aws_kms_key: { key: {} }, aws_ecs_task_definition: { td: { container_definitions: JSON.stringify([{ name: 'app', image: 'x' }]) } } })),
    },
  ],
  invalid: [
    {
      name: 'synth: secrets without kms:Decrypt',
      graph: synth(missing),
      expected: [
        {
          line: jsonLine(missing, 'resource/aws_iam_role/exec'),
          message: 'aws_iam_role.exec (execution role of aws_ecs_task_definition.td, which reads secrets) may not kms:Decrypt with aws_kms_key.key. [synth prod]',
        },
      ],
    },
  ],
};
