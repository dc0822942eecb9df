import type { Rule } from '../types';
import { attr, blocksOf, isUnresolved, optionsOf, stringsIn } from '../values';

/** AWS access key ids (long-lived AKIA…, temporary ASIA…). */
export const ACCESS_KEY_ID = /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/;
/** The root principal of an account. */
export const ROOT_ARN = /^arn:aws[a-z-]*:iam::[^:]*:root$/;

/** Credentials come from the environment, OIDC or an assumed deploy role; never root, never in code. */
export const noRootCredentials: Rule = {
  id: 'no-root-credentials',
  severity: 'error',
  description: 'No static AWS credentials in code (access_key/secret_key on the provider or the S3 state backend, access-key shaped strings), no assume_role of an account root, no profile named root.',
  why: 'Keys in code end up in git history, synthesized JSON and CI logs, and root credentials cannot be scoped or safely rotated; one leak owns the whole account.',
  help: 'Remove the keys and let the provider read credentials from the environment (GitHub OIDC, an assumed least-privilege deploy role, or a named non-root profile).',
  messages: {
    staticKey: '{resource} sets {attribute} in code; take credentials from the environment, OIDC or an assumed role.',
    rootRole: '{resource} assumes the root of an account ({arn}); assume a least-privilege deploy role instead.',
    rootProfile: '{resource} uses the profile named root; use a least-privilege profile or role.',
    keyShaped: 'An AWS access key id ({key}) appears in {where}; never commit credentials.',
    unresolved: 'Cannot verify the credentials of {resource}: {attribute} is `{expression}`.',
  },
  check(context) {
    // The AWS provider, and the S3 state backend (synth layer), take the same credential settings.
    for (const resource of context.ofType('provider.aws', 'terraform.backend.s3')) {
      const name = resource.displayName;
      for (const attribute of ['access_key', 'secret_key', 'token']) {
        for (const value of optionsOf(resource.attributes[attribute])) {
          if (value === undefined || value === null || value === '') continue;
          if (isUnresolved(value)) {
            context.report({ resource, messageId: 'unresolved', data: { resource: name, attribute, expression: value.expression } });
          } else {
            context.report({ resource, messageId: 'staticKey', data: { resource: name, attribute } });
          }
        }
      }
      for (const block of ['assume_role', 'assume_role_with_web_identity']) {
        for (const role of blocksOf(resource.attributes[block])) {
          for (const arn of optionsOf(attr(role, 'role_arn'))) {
            if (isUnresolved(arn)) {
              context.report({ resource, messageId: 'unresolved', data: { resource: name, attribute: `${block}.role_arn`, expression: arn.expression } });
            } else if (typeof arn === 'string' && ROOT_ARN.test(arn)) {
              context.report({ resource, messageId: 'rootRole', data: { resource: name, arn } });
            }
          }
        }
      }
      for (const profile of optionsOf(resource.attributes.profile)) {
        if (isUnresolved(profile)) {
          context.report({ resource, messageId: 'unresolved', data: { resource: name, attribute: 'profile', expression: profile.expression } });
        } else if (typeof profile === 'string' && profile.trim().toLowerCase() === 'root') {
          context.report({ resource, messageId: 'rootProfile', data: { resource: name } });
        }
      }
    }

    if (context.layer === 'source' && context.files.length > 0) {
      // The source layer has the text of every file: a key anywhere in code (not only in resources) counts.
      for (const file of context.files) {
        const lines = file.text.split('\n');
        lines.forEach((text, index) => {
          const match = ACCESS_KEY_ID.exec(text);
          if (match) {
            context.report({
              messageId: 'keyShaped',
              location: { file: file.file, line: index + 1, column: match.index + 1 },
              data: { key: redact(match[0]), where: file.file },
            });
          }
        });
      }
      return;
    }
    for (const resource of context.resources) {
      for (const text of stringsIn(resource.attributes)) {
        const match = ACCESS_KEY_ID.exec(text);
        if (match) {
          context.report({ resource, messageId: 'keyShaped', data: { key: redact(match[0]), where: resource.displayName } });
          break;
        }
      }
    }
  },
};

/** Shows only the prefix and the last four characters of a key id. */
function redact(key: string): string {
  return `${key.slice(0, 4)}…${key.slice(-4)}`;
}
