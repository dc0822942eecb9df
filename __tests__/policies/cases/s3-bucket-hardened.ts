import { jsonLine, synth, tf, type RuleCases } from '../helpers';

const tlsPolicy = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: ['${aws_s3_bucket.logs.arn}', '${aws_s3_bucket.logs.arn}/*'], Condition: { Bool: { 'aws:SecureTransport': 'false' } } }],
});
const parts = {
  aws_s3_bucket_public_access_block: { pab: { bucket: '${aws_s3_bucket.logs.id}', block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true } },
  aws_s3_bucket_server_side_encryption_configuration: { sse: { bucket: '${aws_s3_bucket.logs.id}', rule: [{ apply_server_side_encryption_by_default: { sse_algorithm: 'AES256' } }] } },
  aws_s3_bucket_lifecycle_configuration: { lc: { bucket: '${aws_s3_bucket.logs.id}', rule: [{ id: 'x', status: 'Enabled' }] } },
  aws_s3_bucket_policy: { p: { bucket: '${aws_s3_bucket.logs.id}', policy: tlsPolicy } },
};
const bare = tf({ aws_s3_bucket: { logs: { bucket_prefix: 'logs-' } } });
const halfBlocked = tf({ aws_s3_bucket: { logs: {} }, ...parts, aws_s3_bucket_public_access_block: { pab: { bucket: '${aws_s3_bucket.logs.id}', block_public_acls: true, block_public_policy: false, ignore_public_acls: true, restrict_public_buckets: true } } });

export const cases: RuleCases = {
  valid: [
    { name: 'synth: every part present', graph: synth(tf({ aws_s3_bucket: { logs: {} }, ...parts })) },
    { name: 'synth: outside production', graph: synth(tf({ aws_s3_bucket: { logs: {} } }, { production: false }), 'dev') },
  ],
  invalid: [
    {
      name: 'synth: a bare bucket',
      graph: synth(bare),
      expected: [
        'does not block all public access (no aws_s3_bucket_public_access_block).',
        'has no default encryption configuration.',
        'has no lifecycle configuration.',
        'has no bucket policy statement that denies requests without TLS (aws:SecureTransport false).',
      ].map((tail) => ({ line: jsonLine(bare, 'resource/aws_s3_bucket/logs'), message: `aws_s3_bucket.logs ${tail} [synth prod]` })),
    },
    {
      name: 'synth: public policies allowed',
      graph: synth(halfBlocked),
      expected: [
        { line: jsonLine(halfBlocked, 'resource/aws_s3_bucket_public_access_block/pab'), message: 'aws_s3_bucket.logs does not block all public access (block_public_policy is not true). [synth prod]' },
      ],
    },
  ],
};
