import type { AttrValue, PolicyResource } from '../model';
import type { Rule, RuleContext } from '../types';
import { attr, blocksOf, describe, isUnresolved, optionsOf, stringsIn } from '../values';

/** AWS access key ids (long-lived AKIA…, temporary ASIA…). */
export const ACCESS_KEY_ID = /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/;
/** The root principal of an account (the account id may still be an interpolation). */
export const ROOT_ARN = /^arn:aws[a-z-]*:iam::[^:]*:root$/;

/** Attributes whose being set at all is the violation: credentials have no business in code. */
const KEY_ATTRIBUTES = ['access_key', 'secret_key', 'token'] as const;

/** Credentials come from the environment, OIDC or an assumed deploy role; never root, never in code. */
export const noRootCredentials: Rule = {
  id: 'no-root-credentials',
  severity: 'error',
  description:
    'No static AWS credentials in code (access_key/secret_key/token on the provider or the S3 state backend, set to anything, access-key shaped strings), no assumed role that is an account root, no profile named root.',
  why: 'Keys in code end up in git history, synthesized JSON and CI logs, and root credentials cannot be scoped or safely rotated; one leak owns the whole account.',
  help: 'Remove the keys and let the provider read credentials from the environment (GitHub OIDC, an assumed least-privilege deploy role, or a named non-root profile).',
  equivalents: { checkov: ['CKV_AWS_41'] },
  messages: {
    staticKey: '{resource} sets {attribute} in code{value}; take credentials from the environment, OIDC or an assumed role.',
    rootRole: '{resource} assumes the root of an account ({arn}); assume a least-privilege deploy role instead.',
    rootProfile: '{resource} uses the profile named root; use a least-privilege profile or role.',
    keyShaped: 'An AWS access key id ({key}) appears in {where}; never commit credentials.',
    unresolved: 'Cannot verify the credentials of {resource}: {attribute} is `{expression}`, which the gate cannot work out; credentials are checked fail-closed.',
  },
  check(context) {
    // The AWS provider, and the S3 state backend, take the same credential settings.
    for (const resource of context.ofType('provider.aws', 'terraform.backend.s3')) checkCredentials(context, resource);
    checkKeyShapedStrings(context);
  },
};

function checkCredentials(context: RuleContext, resource: PolicyResource): void {
  const name = resource.displayName;
  const unresolved = (attribute: string, expression: string): void =>
    context.report({ resource, messageId: 'unresolved', severity: 'error', data: { resource: name, attribute, expression } });
  if (resource.unknownAttributes) unresolved('its configuration', resource.unknownAttributes.expression);
  for (const attribute of KEY_ATTRIBUTES) {
    const set = optionsOf(resource.attributes[attribute]).filter((value) => value !== undefined && value !== null && value !== '');
    if (set.length === 0) continue;
    // Set at all is the violation; an expression is named so the message says where the key comes from.
    const expression = set.find(isUnresolved);
    context.report({ resource, messageId: 'staticKey', data: { resource: name, attribute, value: expression ? ` (\`${expression.expression}\`)` : '' } });
  }
  const checkArn = (attribute: string, value: AttrValue | undefined): void => {
    for (const arn of optionsOf(value)) {
      if (arn === undefined || arn === null) continue;
      if (isUnresolved(arn)) unresolved(attribute, arn.expression);
      else if (typeof arn !== 'string') unresolved(attribute, describe(arn));
      else if (ROOT_ARN.test(arn.trim())) context.report({ resource, messageId: 'rootRole', data: { resource: name, arn } });
    }
  };
  // The S3 backend's deprecated top-level role_arn, and the assume_role blocks of both.
  checkArn('role_arn', resource.attributes.role_arn);
  for (const block of ['assume_role', 'assume_role_with_web_identity']) {
    for (const option of optionsOf(resource.attributes[block])) {
      if (isUnresolved(option)) {
        unresolved(block, option.expression);
        continue;
      }
      for (const role of blocksOf(option)) {
        if (isUnresolved(role)) unresolved(block, role.expression);
        else checkArn(`${block}.role_arn`, attr(role, 'role_arn'));
      }
    }
  }
  for (const profile of optionsOf(resource.attributes.profile)) {
    if (isUnresolved(profile)) unresolved('profile', profile.expression);
    else if (typeof profile === 'string' && profile.trim().toLowerCase() === 'root') context.report({ resource, messageId: 'rootProfile', data: { resource: name } });
  }
}

/** Access-key shaped strings: in any line of source, and in any resource value (also one assembled from parts). */
function checkKeyShapedStrings(context: RuleContext): void {
  const inText = new Set<string>();
  if (context.layer === 'source') {
    for (const file of context.files) {
      file.text.split('\n').forEach((text, index) => {
        const match = ACCESS_KEY_ID.exec(text);
        if (!match) return;
        inText.add(match[0]);
        context.report({ messageId: 'keyShaped', location: { file: file.file, line: index + 1, column: match.index + 1 }, data: { key: redact(match[0]), where: file.file } });
      });
    }
  }
  for (const resource of context.resources) {
    for (const text of stringsIn(resource.attributes)) {
      const match = ACCESS_KEY_ID.exec(text);
      if (match && !inText.has(match[0])) {
        context.report({ resource, messageId: 'keyShaped', data: { key: redact(match[0]), where: resource.displayName } });
        break;
      }
    }
  }
}

/** Shows only the prefix and the last four characters of a key id. */
function redact(key: string): string {
  return `${key.slice(0, 4)}…${key.slice(-4)}`;
}
