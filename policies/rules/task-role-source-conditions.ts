import { conditionKeys, statementsOf, stringList } from '../policy-documents';
import { ResourceRef } from '../model';
import type { Rule } from '../types';
import { isUnresolved, listOf } from '../values';

/** Task roles trust ECS only on behalf of their own account's resources. */
export const taskRoleSourceConditions: Rule = {
  id: 'task-role-source-conditions',
  severity: 'error',
  pack: 'hardening',
  description: 'Every task role in production trusts ecs-tasks.amazonaws.com only with `aws:SourceAccount` and `aws:SourceArn` conditions (no Checkov or Trivy check; the ECS developer guide\'s confused-deputy guidance).',
  why: 'Without the conditions the ECS service may assume the role on behalf of any account that names its ARN in a task definition (the confused deputy problem); the conditions bind the trust to this account\'s ECS resources.',
  help: 'Use FargateTaskDefinition (it writes both conditions from `accountId` and `region`), or add `Condition: { StringEquals: { "aws:SourceAccount": … }, ArnLike: { "aws:SourceArn": "arn:aws:ecs:<region>:<account>:*" } }` to the trust statement.',
  layers: ['synth'],
  messages: {
    missing: '{resource} (task role of {task}) trusts ecs-tasks.amazonaws.com without {keys}.',
    unresolved: 'Cannot verify the trust of {resource} (task role of {task}): `{expression}` could not be resolved.',
  },
  check(context) {
    for (const task of context.ofType('aws_ecs_task_definition')) {
      if (!task.production) continue;
      for (const value of listOf(task.attributes.task_role_arn)) {
        if (!(value instanceof ResourceRef)) continue;
        const role = context.byKey(value.targetKey);
        if (!role || role.type !== 'aws_iam_role') continue;
        const data = { resource: role.displayName, task: task.displayName };
        const document = role.attributes.assume_role_policy;
        if (isUnresolved(document)) {
          context.report({ resource: role, messageId: 'unresolved', data: { ...data, expression: document.expression } });
          continue;
        }
        const statements = statementsOf(document);
        if (!statements) {
          context.report({ resource: role, messageId: 'unresolved', data: { ...data, expression: 'assume_role_policy' } });
          continue;
        }
        for (const statement of statements) {
          if (statement.Effect !== 'Allow') continue;
          const principal = statement.Principal;
          const services = typeof principal === 'object' && principal !== null ? stringList((principal as { Service?: unknown }).Service) : [];
          if (!services.includes('ecs-tasks.amazonaws.com')) continue;
          const keys = conditionKeys(statement);
          const absent = ['aws:SourceAccount', 'aws:SourceArn'].filter((key) => !keys.has(key.toLowerCase()));
          if (absent.length > 0) context.report({ resource: role, messageId: 'missing', data: { ...data, keys: absent.join(' and ') } });
        }
      }
    }
  },
};
