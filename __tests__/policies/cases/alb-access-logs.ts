import { jsonLine, synth, tf, type RuleCases } from '../helpers';

const lb = (extra: object) => ({ load_balancer_type: 'application', internal: false, ...extra });
const noLogs = tf({ aws_lb: { main: lb({}) } });
const disabled = tf({ aws_lb: { main: lb({ access_logs: { bucket: 'logs', enabled: false } }) } });

export const cases: RuleCases = {
  valid: [
    { name: 'synth: access logs enabled', graph: synth(tf({ aws_lb: { main: lb({ access_logs: { bucket: '${aws_s3_bucket_policy.logs.bucket}', enabled: true } }) } })) },
    { name: 'synth: a network load balancer is not checked', graph: synth(tf({ aws_lb: { main: { load_balancer_type: 'network' } } })) },
    { name: 'synth: outside production', graph: synth(tf({ aws_lb: { main: lb({}) } }, { production: false }), 'dev') },
  ],
  invalid: [
    {
      name: 'synth: no access_logs block',
      graph: synth(noLogs),
      expected: [{ line: jsonLine(noLogs, 'resource/aws_lb/main'), message: 'aws_lb.main does not write access logs (access_logs.enabled is omitted). [synth prod]' }],
    },
    {
      name: 'synth: access logs disabled',
      graph: synth(disabled),
      expected: [{ line: jsonLine(disabled, 'resource/aws_lb/main'), message: 'aws_lb.main does not write access logs (access_logs.enabled is false). [synth prod]' }],
    },
  ],
};
