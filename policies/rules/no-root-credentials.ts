import type { AttrValue, PolicyResource } from '../model';
import type { Rule, RuleContext } from '../types';
import { attr, blocksOf, describe, interpolations, isLiteralString, isObject, isUnresolved, optionsOf, stringsIn } from '../values';

/** AWS access key ids (long-lived AKIA…, temporary ASIA…). */
export const ACCESS_KEY_ID = /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/;
/** The root principal of an account, in any partition (aws, aws-cn, aws-us-gov, or one read at plan time). */
export const ROOT_ARN = /^arn:[^:]*:iam::[^:]*:root$/i;

/** Attributes whose being set at all is the violation: credentials have no business in code. */
const KEY_ATTRIBUTES = ['access_key', 'secret_key', 'token'] as const;

/** Provider local names that configure AWS credentials whatever terraform.required_providers says. */
const AWS_PROVIDER_NAMES = ['aws', 'awscc'];

/** Credentials come from the environment, OIDC or an assumed deploy role; never root, never in code. */
export const noRootCredentials: Rule = {
  id: 'no-root-credentials',
  severity: 'error',
  description:
    'No static AWS credentials in code (access_key/secret_key/token on an AWS provider under any local name, the S3 state backend or an S3 terraform_remote_state, set to anything; access-key shaped strings), no assumed role that is an account root (in any partition), no profile named root.',
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
    // The AWS provider (under any local name that configures it), the S3 state backend, and an S3 remote
    // state reader take the same credential settings.
    for (const resource of context.ofType(...awsProviderTypes(context), 'terraform.backend.s3')) checkCredentials(context, resource, resource.attributes, '');
    for (const state of context.ofType('data.terraform_remote_state')) checkRemoteState(context, state);
    checkKeyShapedStrings(context);
  },
};

/**
 * The provider types (`provider.<local name>`) that configure an AWS provider: `aws` and `awscc`, every
 * local name that `terraform.required_providers` maps to an AWS provider source (`hashicorp/aws`, also
 * from another registry or a fork), and every local name an `aws_*` resource or data source is configured
 * with (its `provider` meta-argument).
 */
export function awsProviderTypes(context: RuleContext): string[] {
  const names = new Set(AWS_PROVIDER_NAMES);
  for (const required of context.ofType('terraform.required_providers')) {
    for (const [name, requirement] of Object.entries(required.attributes)) {
      const sources = optionsOf(isObject(requirement) ? requirement.source : requirement);
      if (sources.some((source) => typeof source === 'string' && isAwsProviderSource(source))) names.add(name);
    }
  }
  for (const resource of context.resources) {
    if (!/^(?:data\.)?aws_/.test(resource.type)) continue;
    for (const provider of optionsOf(resource.attributes.provider)) {
      if (isLiteralString(provider)) names.add(provider.split('.')[0]);
    }
  }
  return [...names].map((name) => `provider.${name}`);
}

/** `aws`, `hashicorp/aws`, `registry.terraform.io/hashicorp/aws`, `<fork>/aws`, and the same for awscc. */
export function isAwsProviderSource(source: string): boolean {
  const type = source.trim().toLowerCase().split('/').pop();
  return type !== undefined && AWS_PROVIDER_NAMES.includes(type);
}

/** A terraform_remote_state data source reading an S3 backend: its `config` takes the backend's credential settings. */
function checkRemoteState(context: RuleContext, state: PolicyResource): void {
  const backends = optionsOf(state.attributes.backend);
  // Another literal backend (remote, http, gcs…) takes no AWS credentials; one the gate cannot work out may be s3.
  if (backends.every((backend) => isLiteralString(backend) && backend !== 's3')) return;
  if (state.unknownAttributes) context.report({ resource: state, messageId: 'unresolved', severity: 'error', data: { resource: state.displayName, attribute: 'its configuration', expression: state.unknownAttributes.expression } });
  for (const config of optionsOf(state.attributes.config)) {
    if (config === undefined || config === null) continue;
    if (!isObject(config)) {
      context.report({ resource: state, messageId: 'unresolved', severity: 'error', data: { resource: state.displayName, attribute: 'config', expression: describe(config) } });
      continue;
    }
    checkCredentials(context, state, config, 'config.');
  }
}

/**
 * The credential settings of a provider block, the S3 backend or a remote state's `config` (`attributes`),
 * reported at `resource`; `prefix` names where the attributes sit (`config.`).
 */
function checkCredentials(context: RuleContext, resource: PolicyResource, attributes: { readonly [key: string]: AttrValue }, prefix: string): void {
  const name = resource.displayName;
  const unresolved = (attribute: string, expression: string): void =>
    context.report({ resource, messageId: 'unresolved', severity: 'error', data: { resource: name, attribute: `${prefix}${attribute}`, expression } });
  if (resource.unknownAttributes && prefix === '') unresolved('its configuration', resource.unknownAttributes.expression);
  for (const attribute of KEY_ATTRIBUTES) {
    const set = optionsOf(attributes[attribute]).filter((value) => value !== undefined && value !== null && value !== '');
    if (set.length === 0) continue;
    // Set at all is the violation; an expression is named so the message says where the key comes from.
    const expression = set.find(isUnresolved);
    context.report({ resource, messageId: 'staticKey', data: { resource: name, attribute: `${prefix}${attribute}`, value: expression ? ` (\`${expression.expression}\`)` : '' } });
  }
  const checkArn = (attribute: string, value: AttrValue | undefined): void => {
    for (const arn of optionsOf(value)) {
      if (arn === undefined || arn === null) continue;
      if (isUnresolved(arn)) unresolved(attribute, arn.expression);
      else if (typeof arn !== 'string') unresolved(attribute, describe(arn));
      else {
        const verdict = rootArnVerdict(arn);
        if (verdict === 'root') context.report({ resource, messageId: 'rootRole', data: { resource: name, arn } });
        else if (verdict === 'unknown') unresolved(attribute, arn);
      }
    }
  };
  // The S3 backend's deprecated top-level role_arn, and the assume_role blocks of both.
  checkArn('role_arn', attributes.role_arn);
  for (const block of ['assume_role', 'assume_role_with_web_identity']) {
    for (const option of optionsOf(attributes[block])) {
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
  for (const profile of optionsOf(attributes.profile)) {
    if (isUnresolved(profile)) unresolved('profile', profile.expression);
    else if (typeof profile === 'string' && profile.trim().toLowerCase() === 'root') context.report({ resource, messageId: 'rootProfile', data: { resource: name } });
  }
}

/**
 * Whether an assumed-role ARN is an account root. An interpolation (`${…}`, or the source layer's
 * `${unresolved:…}`) stands for text the gate does not know: in the partition or account it changes
 * nothing (`arn:${partition}:iam::${account}:root` is a root), but an ARN whose end comes from one
 * (`arn:aws:iam::123456789012:${var.principal}`) may be a root, so it cannot be verified.
 */
export function rootArnVerdict(arn: string): 'root' | 'not-root' | 'unknown' {
  const text = arn.trim();
  const parts = interpolations(text);
  if (parts.length === 0) return ROOT_ARN.test(text) ? 'root' : 'not-root';
  // Interpolations as colon-free placeholders: a root whatever the partition and account are.
  let masked = '';
  let last = 0;
  for (const part of parts) {
    masked += `${text.slice(last, part.start)}\u0000`;
    last = part.end;
  }
  masked += text.slice(last);
  if (ROOT_ARN.test(masked)) return 'root';
  // The literal text after the last interpolation decides whether the ARN can still end in `:root`.
  const tail = text.slice(parts[parts.length - 1].end).toLowerCase();
  return tail.endsWith(':root') || ':root'.endsWith(tail) ? 'unknown' : 'not-root';
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
