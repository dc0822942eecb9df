/** Fixed findings and context for the reporter tests. */
import type { Finding } from '../../policies/model';
import { internalRules } from '../../policies/internal-rules';
import { rules } from '../../policies/rules';
import type { ReportContext } from '../../policies/reporters';

export const findings: Finding[] = [
  {
    ruleId: 'immutable-prod-tags',
    severity: 'error',
    message: 'EcrRepository "repository" can exist in production but its image_tag_mutability is MUTABLE; production tags must be IMMUTABLE.',
    location: { file: 'constructs/container-registry.ts', line: 48, column: 23 },
    layer: 'source',
    resource: 'EcrRepository "repository"',
  },
  {
    ruleId: 'log-retention-set',
    severity: 'warning',
    message: 'aws_cloudwatch_log_group.logs keeps logs forever (retention_in_days is 0). [synth prod]',
    location: { file: 'cdktf.out/stacks/prod/cdk.tf.json', line: 120, column: 1 },
    layer: 'synth',
    stack: 'prod',
  },
  {
    ruleId: 'sg-ingress-from-alb-only',
    severity: 'error',
    message: 'Group web,prod: 100% open\nsecond line | pipe',
    location: { file: 'constructs/odd name,v2:x.ts', line: 7, column: 5 },
    layer: 'source',
    suppressed: { reason: 'office VPN, see ADR-7: temporary' },
  },
  {
    ruleId: 'http-redirect-to-https',
    severity: 'error',
    message: 'Cannot verify that LbListener "http" redirects to HTTPS: `Fn.upper(`http`)` could not be worked out.',
    location: { file: 'constructs/odd`name.ts', line: 3, column: 5 },
    layer: 'source',
  },
  {
    ruleId: 'policy/gate-error',
    severity: 'error',
    message: 'Nothing to check: no TypeScript files, no synth output and no plan (a gate that checked nothing never passes)',
    location: { file: '.', line: 1, column: 1 },
    layer: 'source',
  },
  {
    ruleId: 'policy/gate-error',
    severity: 'error',
    message: 'Cannot parse ../elsewhere/stacks/prod/cdk.tf.json: Unexpected end of JSON input',
    location: { file: '../elsewhere/stacks/prod/cdk.tf.json', line: 1, column: 1 },
    layer: 'synth',
  },
];

export const context: ReportContext = {
  root: '/work/main',
  rules: [rules['immutable-prod-tags'], rules['log-retention-set'], rules['sg-ingress-from-alb-only'], rules['http-redirect-to-https'], internalRules['policy/gate-error'], internalRules['policy/unused-suppression']],
  toolVersion: '1.2.3',
  summary: {
    errors: 4,
    warnings: 1,
    notes: 0,
    suppressed: 1,
    total: 6,
    exitCode: 2,
    sourceFiles: 3,
    stacks: ['prod'],
    plans: [],
    rules: 12,
    resources: 41,
  },
};
