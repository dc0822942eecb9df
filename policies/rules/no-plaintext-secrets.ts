import { containerDefinitionsOf, containerName } from '../containers';
import type { Rule } from '../types';
import { attr, blocksOf, describe, hasUnresolved, isUnresolved, optionsOf, readable } from '../values';

/** Names that hold secrets: *PASSWORD*, *SECRET*, *TOKEN*, *_KEY, DATABASE_URL, credentials. */
export const SECRET_NAME = /PASSWORD|PASSWD|SECRET|TOKEN|CREDENTIAL|PRIVATE_KEY|(^|_)KEY$|^DATABASE_URL$|^DB_URL$/i;
/** Names that only point at a secret (its ARN, name or file), which is fine to pass in plain text. */
const POINTER_NAME = /_(ARN|NAME|PATH|FILE)$/i;

/** Secrets reach containers through `secrets` (valueFrom), never as plain environment values. */
export const noPlaintextSecrets: Rule = {
  id: 'no-plaintext-secrets',
  severity: 'error',
  description: 'Container environment variables named like secrets (*PASSWORD*, *SECRET*, *TOKEN*, *_KEY, DATABASE_URL) carry no plain values.',
  why: 'Plain environment values are stored in the task definition, the Terraform state and the synthesized JSON, readable by anyone who can describe the task; Secrets Manager / SSM references are fetched at start and audited.',
  help: 'Move the value to Secrets Manager or SSM Parameter Store and pass it as `secrets: [{ name, valueFrom: <arn> }]` in the container definition.',
  equivalents: { trivy: ['AVD-AWS-0036'] },
  messages: {
    plain: '{resource} container {container} sets {name} as a plain environment value; pass it through `secrets` (valueFrom) instead.',
    unresolved: 'Cannot verify that {resource} keeps secrets out of plain environment variables: `{expression}` could not be resolved.',
  },
  check(context) {
    for (const resource of context.ofType('aws_ecs_task_definition')) {
      const data = { resource: resource.displayName };
      for (const definitions of containerDefinitionsOf(resource)) {
        if (definitions.kind === 'unresolved') {
          context.report({ resource, messageId: 'unresolved', data: { ...data, expression: definitions.expression } });
          continue;
        }
        definitions.containers.forEach((container, index) => {
          for (const option of optionsOf(container.environment)) {
            if (isUnresolved(option)) {
              context.report({ resource, messageId: 'unresolved', data: { ...data, expression: option.expression } });
              continue;
            }
            for (const variable of blocksOf(option)) {
              if (isUnresolved(variable)) {
                context.report({ resource, messageId: 'unresolved', data: { ...data, expression: variable.expression } });
                continue;
              }
              for (const name of optionsOf(attr(variable, 'name'))) {
                const values = optionsOf(attr(variable, 'value')).filter((value) => value !== undefined && value !== null && value !== '');
                if (isUnresolved(name) || (typeof name === 'string' && hasUnresolved(name))) {
                  // An unknown name with a value: it may be a secret.
                  if (values.length > 0) {
                    const shown = isUnresolved(name) ? name.expression : readable(name);
                    context.report({ resource, messageId: 'unresolved', data: { ...data, expression: `${shown}=${values.map((v) => readable(describe(v))).join(' | ')}` } });
                  }
                  continue;
                }
                if (typeof name !== 'string' || !SECRET_NAME.test(name) || POINTER_NAME.test(name)) continue;
                for (const value of values) {
                  if (isUnresolved(value) || (typeof value === 'string' && /^\$\{unresolved:[\s\S]*\}$/.test(value))) {
                    context.report({ resource, messageId: 'unresolved', data: { ...data, expression: `${name}=${readable(describe(value))}` } });
                  } else {
                    context.report({ resource, messageId: 'plain', data: { ...data, container: containerName(container, index), name } });
                  }
                }
              }
            }
          }
        });
      }
    }
  },
};
