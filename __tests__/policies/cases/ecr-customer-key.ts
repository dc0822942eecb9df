import { jsonLine, synth, tf, type RuleCases } from '../helpers';

const managed = tf({ aws_ecr_repository: { repo: { encryption_configuration: [{ encryption_type: 'KMS' }] } } });
const aes = tf({ aws_ecr_repository: { repo: { encryption_configuration: [{ encryption_type: 'AES256' }] } } });
const omitted = tf({ aws_ecr_repository: { repo: { name: 'web' } } });

export const cases: RuleCases = {
  valid: [
    { name: 'synth: KMS with a customer key', graph: synth(tf({ aws_ecr_repository: { repo: { encryption_configuration: [{ encryption_type: 'KMS', kms_key: '${aws_kms_key.key.arn}' }] } } })) },
    { name: 'synth: AES256 outside production', graph: synth(tf({ aws_ecr_repository: { repo: { encryption_configuration: [{ encryption_type: 'AES256' }] } } }, { production: false }), 'dev') },
  ],
  invalid: [
    {
      name: 'synth: KMS with the AWS managed key',
      graph: synth(managed),
      expected: [{ line: jsonLine(managed, 'resource/aws_ecr_repository/repo'), message: 'aws_ecr_repository.repo is not encrypted with a customer-managed key (kms_key omitted: the AWS managed key aws/ecr). [synth prod]' }],
    },
    {
      name: 'synth: AES256',
      graph: synth(aes),
      expected: [{ line: jsonLine(aes, 'resource/aws_ecr_repository/repo'), message: 'aws_ecr_repository.repo is not encrypted with a customer-managed key (encryption_type is AES256). [synth prod]' }],
    },
    {
      name: 'synth: no encryption configuration',
      graph: synth(omitted),
      expected: [{ line: jsonLine(omitted, 'resource/aws_ecr_repository/repo'), message: 'aws_ecr_repository.repo is not encrypted with a customer-managed key (encryption_configuration omitted: AES256). [synth prod]' }],
    },
  ],
};
