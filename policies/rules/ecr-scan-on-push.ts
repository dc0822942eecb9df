import type { Rule } from '../types';
import { attr, blocksOf, describe, isUnresolved, listOf, optionsOf } from '../values';

/** ECR repositories scan images on push (or the registry scans on push / continuously). */
export const ecrScanOnPush: Rule = {
  id: 'ecr-scan-on-push',
  severity: 'warning',
  description: 'Every ECR repository scans images on push.',
  why: 'Without scanning, images with known CVEs are deployed without anyone being told; scan on push reports them before the service pulls the image.',
  help: 'Set `imageScanningConfiguration: { scanOnPush: true }` on the EcrRepository (or configure registry scanning with scan frequency SCAN_ON_PUSH or CONTINUOUS_SCAN).',
  equivalents: { checkov: ['CKV_AWS_163'], trivy: ['AVD-AWS-0030'] },
  messages: {
    noScan: '{resource} does not scan images on push (scan_on_push is {value}).',
    unresolved: 'Cannot verify that {resource} scans on push: scan_on_push is `{expression}`.',
  },
  check(context) {
    const registryScans = context.ofType('aws_ecr_registry_scanning_configuration').some((config) =>
      blocksOf(config.attributes.rule).some((scanRule) =>
        listOf(attr(scanRule, 'scan_frequency')).some((f) => f === 'SCAN_ON_PUSH' || f === 'CONTINUOUS_SCAN'),
      ),
    );
    if (registryScans) return;
    for (const resource of context.ofType('aws_ecr_repository')) {
      const configurations = optionsOf(resource.attributes.image_scanning_configuration);
      for (const configuration of configurations) {
        if (isUnresolved(configuration)) {
          context.report({ resource, messageId: 'unresolved', data: { resource: resource.displayName, expression: configuration.expression } });
          continue;
        }
        const blocks = blocksOf(configuration);
        const values = blocks.length === 0 ? [undefined] : blocks.flatMap((block) => optionsOf(attr(block, 'scan_on_push')));
        for (const value of values) {
          if (isUnresolved(value)) {
            context.report({ resource, messageId: 'unresolved', data: { resource: resource.displayName, expression: value.expression } });
          } else if (value !== true && value !== 'true') {
            const shown = value === undefined ? 'false (omitted, the AWS default)' : describe(value);
            context.report({ resource, messageId: 'noScan', data: { resource: resource.displayName, value: shown } });
          }
        }
      }
    }
  },
};
