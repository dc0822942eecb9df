import { jsonLine, synth, tf, type RuleCases } from '../helpers';

const omitted = tf({ aws_cloudwatch_log_group: { logs: { name: '/ecs/web', retention_in_days: 30 } } });
const awsManaged = tf({ aws_cloudwatch_log_group: { logs: { kms_key_id: 'arn:aws:kms:us-east-1:123456789012:alias/aws/logs' } } });

export const cases: RuleCases = {
  valid: [
    { name: 'synth: a customer key', graph: synth(tf({ aws_cloudwatch_log_group: { logs: { kms_key_id: '${aws_kms_key.key.arn}' } } })) },
    { name: 'synth: outside production', graph: synth(tf({ aws_cloudwatch_log_group: { logs: {} } }, { production: false }), 'dev') },
  ],
  invalid: [
    {
      name: 'synth: omitted',
      graph: synth(omitted),
      expected: [{ line: jsonLine(omitted, 'resource/aws_cloudwatch_log_group/logs'), message: 'aws_cloudwatch_log_group.logs is not encrypted with a customer-managed key (kms_key_id is omitted). [synth prod]' }],
    },
    {
      name: 'synth: an AWS managed alias',
      graph: synth(awsManaged),
      expected: [
        {
          line: jsonLine(awsManaged, 'resource/aws_cloudwatch_log_group/logs'),
          message: 'aws_cloudwatch_log_group.logs is not encrypted with a customer-managed key (kms_key_id is arn:aws:kms:us-east-1:123456789012:alias/aws/logs). [synth prod]',
        },
      ],
    },
  ],
};
