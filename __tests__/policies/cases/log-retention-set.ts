import { jsonLine, sourceGraph, src, synth, tf, unresolved, type RuleCases } from '../helpers';

const omitted = tf({ aws_cloudwatch_log_group: { logs: { name: '/ecs/web' } } });
const never = tf({ aws_cloudwatch_log_group: { logs: { retention_in_days: 0 } } });
const variable = tf({ aws_cloudwatch_log_group: { logs: { retention_in_days: '${var.days}' } } }, { variable: { days: { type: 'number' } } });

export const cases: RuleCases = {
  valid: [
    { name: 'source: 30 days', graph: sourceGraph([src('aws_cloudwatch_log_group', { retention_in_days: 30 })]) },
    { name: 'synth: 90 days', graph: synth(tf({ aws_cloudwatch_log_group: { logs: { retention_in_days: 90 } } })) },
    { name: 'synth: variable default 14', graph: synth(tf({ aws_cloudwatch_log_group: { logs: { retention_in_days: '${var.days}' } } }, { variable: { days: { default: 14 } } })) },
  ],
  invalid: [
    {
      name: 'source: omitted',
      graph: sourceGraph([src('aws_cloudwatch_log_group', {}, { line: 6 })]),
      expected: [{ line: 6, message: 'new CloudwatchLogGroup(this, "r6") keeps logs forever (retention_in_days is omitted).' }],
    },
    {
      name: 'source: unresolved',
      graph: sourceGraph([src('aws_cloudwatch_log_group', { retention_in_days: unresolved('retention()') }, { line: 6 })]),
      expected: [{ line: 6, message: 'Cannot verify the retention of new CloudwatchLogGroup(this, "r6"): retention_in_days is `retention()`.' }],
    },
    {
      name: 'synth: omitted',
      graph: synth(omitted),
      expected: [{ line: jsonLine(omitted, 'resource/aws_cloudwatch_log_group/logs'), message: 'aws_cloudwatch_log_group.logs keeps logs forever (retention_in_days is omitted). [synth prod]' }],
    },
    {
      name: 'synth: 0 means never expire',
      graph: synth(never),
      expected: [{ line: jsonLine(never, 'resource/aws_cloudwatch_log_group/logs'), message: 'aws_cloudwatch_log_group.logs keeps logs forever (retention_in_days is 0). [synth prod]' }],
    },
    {
      name: 'synth: variable without default',
      graph: synth(variable),
      expected: [{ line: jsonLine(variable, 'resource/aws_cloudwatch_log_group/logs'), message: 'Cannot verify the retention of aws_cloudwatch_log_group.logs: retention_in_days is `${var.days}`. [synth prod]' }],
    },
  ],
};
