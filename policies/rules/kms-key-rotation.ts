import { pointingAt } from '../references';
import { statementsOf, stringList } from '../policy-documents';
import type { Rule } from '../types';
import { isUnresolved, optionsOf } from '../values';

/** Production customer-managed keys rotate and have an explicit key policy without wildcard principals. */
export const kmsKeyRotation: Rule = {
  id: 'kms-key-rotation',
  severity: 'error',
  pack: 'hardening',
  description:
    'Every KMS key in production rotates its key material and has an explicit key policy (its `policy` or an aws_kms_key_policy) that names no wildcard principal (Checkov CKV_AWS_7, CKV2_AWS_64, CKV_AWS_33; Trivy AVD-AWS-0065).',
  why: 'Key material that never rotates stays exposed to whatever leaked it for as long as the key lives; a key without an explicit policy runs on the default one, which nobody reviewed; a wildcard principal lets any AWS account use the key unless a condition saves it.',
  help: 'Use the EnvironmentKey construct (`hardening.encryptionKey`), or set `enableKeyRotation: true` and give the key a KmsKeyPolicy whose principals are accounts, roles or services.',
  equivalents: { checkov: ['CKV_AWS_7', 'CKV2_AWS_64', 'CKV_AWS_33'], trivy: ['AVD-AWS-0065'] },
  layers: ['synth', 'plan'],
  messages: {
    noRotation: '{resource} does not rotate its key material (enable_key_rotation is {value}).',
    noPolicy: '{resource} has no explicit key policy (no policy attribute, no aws_kms_key_policy).',
    wildcard: '{resource} has a key policy statement that allows any principal (`*`).',
    unresolved: 'Cannot verify {resource}: `{expression}` could not be resolved.',
  },
  check(context) {
    const policies = context.ofType('aws_kms_key_policy');
    for (const resource of context.ofType('aws_kms_key')) {
      if (!resource.production) continue;
      const name = resource.displayName;
      for (const value of optionsOf(resource.attributes.enable_key_rotation)) {
        if (isUnresolved(value)) context.report({ resource, messageId: 'unresolved', data: { resource: name, expression: value.expression } });
        else if (value !== true && value !== 'true') context.report({ resource, messageId: 'noRotation', data: { resource: name, value: value === undefined ? 'false (omitted)' : String(value) } });
      }
      const documents = [resource.attributes.policy, ...pointingAt(policies, 'key_id', resource).map((policy) => policy.attributes.policy)].filter(
        (document) => document !== undefined && document !== null && document !== '',
      );
      if (documents.length === 0) {
        context.report({ resource, messageId: 'noPolicy', data: { resource: name } });
        continue;
      }
      for (const document of documents) {
        if (isUnresolved(document)) {
          // A plan knows a document only after apply when it names the account; the synth layer reads it.
          if (context.layer !== 'plan') context.report({ resource, messageId: 'unresolved', data: { resource: name, expression: document.expression } });
          continue;
        }
        const statements = statementsOf(document);
        if (!statements) {
          if (context.layer === 'synth') context.report({ resource, messageId: 'unresolved', data: { resource: name, expression: 'policy' } });
          continue;
        }
        const open = statements.some((statement) => {
          if (statement.Effect !== 'Allow' || statement.Condition) return false;
          const principal = statement.Principal;
          if (principal === '*') return true;
          if (typeof principal === 'object' && principal !== null) return stringList((principal as { AWS?: unknown }).AWS).includes('*');
          return false;
        });
        if (open) context.report({ resource, messageId: 'wildcard', data: { resource: name } });
      }
    }
  },
};
