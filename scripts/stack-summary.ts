/** The short per-stack summary `npm run synth` prints: resources by type, certificate path, production, adopted resources. */
import { TerraformResource, type TerraformStack } from 'cdktf';
import type { EnvironmentConfig } from '../config/load';

export interface StackSummary {
  readonly stack: string;
  readonly production: boolean;
  readonly certificate: string;
  readonly resourceCount: number;
  readonly resourcesByType: ReadonlyArray<readonly [string, number]>;
  /** Resources adopted through Terraform import blocks (the file's `imports:`), by type. */
  readonly importsByType: ReadonlyArray<readonly [string, number]>;
}

/** Counts the stack's resources by type from its construct tree (a for_each resource counts once, as in cdk.tf.json). */
export function summarizeStack(env: EnvironmentConfig, stack: TerraformStack): StackSummary {
  const counts = new Map<string, number>();
  const imported = new Map<string, number>();
  for (const construct of stack.node.findAll()) {
    if (construct instanceof TerraformResource) {
      const type = construct.terraformResourceType;
      counts.set(type, (counts.get(type) ?? 0) + 1);
      if (construct.toMetadata().imports) imported.set(type, (imported.get(type) ?? 0) + 1);
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
    importsByType: [...imported].sort(([a], [b]) => a.localeCompare(b)),
  };
}

export function formatSummary(summary: StackSummary): string {
  const lines = [
    `stack ${summary.stack}${summary.production ? ' (production)' : ''}: ${summary.resourceCount} resources`,
    `  certificate: ${summary.certificate}`,
    `  ${listTypes(summary.resourcesByType)}`,
  ];
  const imports = summary.importsByType.reduce((sum, [, count]) => sum + count, 0);
  if (imports > 0) {
    lines.push(
      `  imports: ${imports} existing resources adopted by import blocks (${listTypes(summary.importsByType)}); ` +
        'the plan shows what changes on them; remove the imports: entries after the first apply',
    );
  }
  return lines.join('\n');
}

function listTypes(byType: StackSummary['resourcesByType']): string {
  return byType.map(([type, count]) => (count > 1 ? `${type} ×${count}` : type)).join(', ');
}
