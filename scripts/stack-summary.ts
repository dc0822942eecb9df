/** The short per-stack summary `npm run synth` prints: resources by type, certificate path, production. */
import { TerraformResource, type TerraformStack } from 'cdktf';
import type { EnvironmentConfig } from '../config/load';

export interface StackSummary {
  readonly stack: string;
  readonly production: boolean;
  readonly certificate: string;
  readonly resourceCount: number;
  readonly resourcesByType: ReadonlyArray<readonly [string, number]>;
}

/** Counts the stack's resources by type from its construct tree (a for_each resource counts once, as in cdk.tf.json). */
export function summarizeStack(env: EnvironmentConfig, stack: TerraformStack): StackSummary {
  const counts = new Map<string, number>();
  for (const construct of stack.node.findAll()) {
    if (construct instanceof TerraformResource) {
      counts.set(construct.terraformResourceType, (counts.get(construct.terraformResourceType) ?? 0) + 1);
    }
  }
  const byType = [...counts].sort(([a], [b]) => a.localeCompare(b));
  const certificate =
    env.certificate.source === 'acm'
      ? `acm (DNS-validated: ${[env.domain, ...env.certificate.subjectAlternativeNames].join(', ')})`
      : `imported (expires ${env.certificateMaterial?.notAfter.toISOString().slice(0, 10)}; key from TF_VAR_tls_private_key)`;
  return {
    stack: env.name,
    production: env.production,
    certificate,
    resourceCount: byType.reduce((sum, [, count]) => sum + count, 0),
    resourcesByType: byType,
  };
}

export function formatSummary(summary: StackSummary): string {
  const types = summary.resourcesByType.map(([type, count]) => (count > 1 ? `${type} ×${count}` : type)).join(', ');
  return [
    `stack ${summary.stack}${summary.production ? ' (production)' : ''}: ${summary.resourceCount} resources`,
    `  certificate: ${summary.certificate}`,
    `  ${types}`,
  ].join('\n');
}
