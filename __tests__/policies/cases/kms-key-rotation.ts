import { jsonLine, synth, tf, type RuleCases } from '../helpers';

const policy = (principal: unknown) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: principal, Action: 'kms:*', Resource: '*' }] });
const good = tf({
  aws_kms_key: { key: { enable_key_rotation: true } },
  aws_kms_key_policy: { p: { key_id: '${aws_kms_key.key.key_id}', policy: policy({ AWS: 'arn:aws:iam::${element(split(":", aws_ecs_cluster.c.arn), 4)}:root' }) } },
});
const noRotation = tf({ aws_kms_key: { key: { policy: policy({ AWS: 'arn:aws:iam::123456789012:root' }) } } });
const noPolicy = tf({ aws_kms_key: { key: { enable_key_rotation: true } } });
const wildcard = tf({ aws_kms_key: { key: { enable_key_rotation: true, policy: policy({ AWS: '*' }) } } });

export const cases: RuleCases = {
  valid: [
    { name: 'synth: rotation and a key policy resource (with an interpolated account)', graph: synth(good) },
    { name: 'synth: outside production', graph: synth(tf({ aws_kms_key: { key: {} } }, { production: false }), 'dev') },
  ],
  invalid: [
    {
      name: 'synth: no rotation',
      graph: synth(noRotation),
      expected: [{ line: jsonLine(noRotation, 'resource/aws_kms_key/key'), message: 'aws_kms_key.key does not rotate its key material (enable_key_rotation is false (omitted)). [synth prod]' }],
    },
    {
      name: 'synth: no key policy',
      graph: synth(noPolicy),
      expected: [{ line: jsonLine(noPolicy, 'resource/aws_kms_key/key'), message: 'aws_kms_key.key has no explicit key policy (no policy attribute, no aws_kms_key_policy). [synth prod]' }],
    },
    {
      name: 'synth: wildcard principal',
      graph: synth(wildcard),
      expected: [{ line: jsonLine(wildcard, 'resource/aws_kms_key/key'), message: 'aws_kms_key.key has a key policy statement that allows any principal (`*`). [synth prod]' }],
    },
  ],
};
