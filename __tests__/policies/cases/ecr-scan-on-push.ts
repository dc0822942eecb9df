import { jsonLine, sourceGraph, src, synth, tf, unresolved, type RuleCases } from '../helpers';

const omitted = tf({ aws_ecr_repository: { repo: { name: 'web' } } });
const disabled = tf({ aws_ecr_repository: { repo: { image_scanning_configuration: [{ scan_on_push: false }] } } });

export const cases: RuleCases = {
  valid: [
    { name: 'source: scanOnPush true', graph: sourceGraph([src('aws_ecr_repository', { image_scanning_configuration: { scan_on_push: true } })]) },
    { name: 'synth: block list with scan_on_push true', graph: synth(tf({ aws_ecr_repository: { repo: { image_scanning_configuration: [{ scan_on_push: true }] } } })) },
    {
      name: 'synth: registry scanning on push covers repositories',
      graph: synth(
        tf({
          aws_ecr_repository: { repo: { name: 'web' } },
          aws_ecr_registry_scanning_configuration: { scan: { scan_type: 'ENHANCED', rule: [{ scan_frequency: 'SCAN_ON_PUSH', repository_filter: [{ filter: '*', filter_type: 'WILDCARD' }] }] } },
        }),
      ),
    },
  ],
  invalid: [
    {
      name: 'source: omitted',
      graph: sourceGraph([src('aws_ecr_repository', {}, { line: 4 })]),
      expected: [{ line: 4, message: 'new EcrRepository(this, "r4") does not scan images on push (scan_on_push is false (omitted, the AWS default)).' }],
    },
    {
      name: 'source: unresolved',
      graph: sourceGraph([src('aws_ecr_repository', { image_scanning_configuration: { scan_on_push: unresolved('settings.scan') } }, { line: 5 })]),
      expected: [{ line: 5, message: 'Cannot verify that new EcrRepository(this, "r5") scans on push: scan_on_push is `settings.scan`.' }],
    },
    {
      name: 'synth: omitted',
      graph: synth(omitted),
      expected: [{ line: jsonLine(omitted, 'resource/aws_ecr_repository/repo'), message: 'aws_ecr_repository.repo does not scan images on push (scan_on_push is false (omitted, the AWS default)). [synth prod]' }],
    },
    {
      name: 'synth: disabled, also outside production',
      graph: synth({ ...disabled, locals: { production: false } }, 'dev'),
      expected: [{ line: jsonLine({ ...disabled, locals: { production: false } }, 'resource/aws_ecr_repository/repo'), message: 'aws_ecr_repository.repo does not scan images on push (scan_on_push is false). [synth dev]' }],
    },
  ],
};
