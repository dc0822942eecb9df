import { containerDefinitionsOf } from '../containers';
import { ResourceRef, type PolicyResource } from '../model';
import { grants, statementsOf, stringList } from '../policy-documents';
import { pointingAt } from '../references';
import type { Rule } from '../types';
import { attr, blocksOf, isUnresolved, listOf } from '../values';

/** Task definitions that read secrets may decrypt them with the stack's customer-managed keys. */
export const executionRoleDecryptsSecrets: Rule = {
  id: 'execution-role-decrypts-secrets',
  severity: 'error',
  pack: 'hardening',
  description: 'In production, the execution role of a task definition that reads secrets may `kms:Decrypt` with every customer-managed KMS key the stack creates (no Checkov or Trivy check).',
  why: 'A secret encrypted with a customer key is unreadable to a role without kms:Decrypt on that key: ECS cannot start the task ("AccessDeniedException … kms:Decrypt"), and the deployment fails only at run time.',
  help: 'Keep the environment key in `secretsKmsKeyArns` (the stack adds it), and name other keys in `task.secretsKmsKeyArns`.',
  layers: ['synth'],
  messages: {
    missing: '{role} (execution role of {task}, which reads secrets) may not kms:Decrypt with {key}.',
    unresolved: 'Cannot verify that {task} may decrypt its secrets: `{expression}` could not be resolved.',
  },
  check(context) {
    const keys = context.ofType('aws_kms_key').filter((key) => key.production);
    if (keys.length === 0) return;
    const keyPolicies = context.ofType('aws_kms_key_policy');
    const rolePolicies = context.ofType('aws_iam_role_policy');
    for (const task of context.ofType('aws_ecs_task_definition')) {
      if (!task.production) continue;
      const readsSecrets = containerDefinitionsOf(task).some(
        (definitions) => definitions.kind === 'ok' && definitions.containers.some((container) => listOf(container.secrets).length > 0),
      );
      if (!readsSecrets) continue;
      const roleRef = listOf(task.attributes.execution_role_arn).find((value): value is ResourceRef => value instanceof ResourceRef);
      const role = roleRef ? context.byKey(roleRef.targetKey) : undefined;
      if (!role || role.type !== 'aws_iam_role') {
        context.report({ resource: task, messageId: 'unresolved', data: { task: task.displayName, expression: String(task.attributes.execution_role_arn) } });
        continue;
      }
      const documents = [
        ...pointingAt(rolePolicies, 'role', role).map((policy) => policy.attributes.policy),
        ...blocksOf(role.attributes.inline_policy).map((block) => attr(block, 'policy')),
      ];
      const decryptResources: string[] = [];
      for (const document of documents) {
        if (isUnresolved(document)) {
          context.report({ resource: role, messageId: 'unresolved', data: { task: task.displayName, expression: document.expression } });
          continue;
        }
        for (const statement of statementsOf(document) ?? []) {
          if (statement.Effect === 'Allow' && grants(stringList(statement.Action), 'kms:Decrypt')) decryptResources.push(...stringList(statement.Resource));
        }
      }
      for (const key of keys) {
        if (!decryptResources.some((resource) => names(resource, key, keyPolicies))) {
          context.report({ resource: role, messageId: 'missing', data: { role: role.displayName, task: task.displayName, key: key.displayName } });
        }
      }
    }
  },
};

/** Whether a policy Resource names the key: `*`, or a reference to the key (or to its key policy's key_id). */
function names(resource: string, key: PolicyResource, keyPolicies: readonly PolicyResource[]): boolean {
  if (resource === '*') return true;
  const addresses = [key.key, ...pointingAt(keyPolicies, 'key_id', key).map((policy) => policy.key)];
  if (addresses.some((address) => resource.includes(`\${${address}.`))) return true;
  const own = [key.attributes.arn, key.attributes.key_id].filter((value): value is string => typeof value === 'string' && value !== '');
  return own.some((value) => resource.includes(value));
}
