import type { TerraformResource } from 'cdktf';
import { STATEFUL_IMPORT_KEYS, type ImportKey, type Imports } from '../config/imports';
import type { WebStack } from './web-stack';

/**
 * Emits a Terraform `import` block for each resource the environment file adopts, so Terraform takes
 * over what was made by hand instead of creating a duplicate. Imported stateful resources (the image
 * repository, the certificate) also get `prevent_destroy`: a plan that would delete or replace them
 * fails instead of losing images or breaking HTTPS.
 */
export function adoptExistingResources(stack: WebStack, imports: Imports): void {
  const targets = importTargets(stack);
  for (const [key, id] of Object.entries(imports) as Array<[ImportKey, string | undefined]>) {
    if (id === undefined) continue;
    const resource = targets[key];
    if (!resource) {
      // The schema and the loader's cross-checks rule this out; reaching it is a bug, not a user error.
      throw new Error(`imports.${key}: the stack has no such resource to adopt into`);
    }
    resource.importFrom(id);
    if (STATEFUL_IMPORT_KEYS.includes(key)) resource.addOverride('lifecycle.prevent_destroy', true);
  }
}

/** Which resource of the stack each `imports:` key adopts into. */
function importTargets(stack: WebStack): Partial<Record<ImportKey, TerraformResource>> {
  const [aliasA, aliasAaaa] = stack.dns.records;
  return {
    repository: stack.registry.repository,
    lifecyclePolicy: stack.registry.lifecyclePolicy,
    cluster: stack.cluster.cluster,
    service: stack.service.service,
    logGroup: stack.task.logGroup,
    taskRole: stack.task.taskRole,
    loadBalancer: stack.loadBalancer.loadBalancer,
    targetGroup: stack.loadBalancer.targetGroup,
    httpListener: stack.listeners.http,
    httpsListener: stack.listeners.https,
    loadBalancerSecurityGroup: stack.loadBalancer.securityGroup,
    serviceSecurityGroup: stack.service.securityGroup,
    certificate: stack.certificate.certificate,
    aliasRecord: aliasA,
    aliasRecordIpv6: aliasAaaa,
    repositoryRole: stack.pushRole?.role,
    oidcProvider: stack.pushRole?.oidcProvider,
  };
}
