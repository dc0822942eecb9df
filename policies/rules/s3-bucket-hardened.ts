import type { PolicyResource } from '../model';
import { conditionKeys, statementsOf, stringList } from '../policy-documents';
import { pointingAt } from '../references';
import type { Rule, RuleContext } from '../types';
import { blocksOf, isUnresolved, optionsOf } from '../values';

/** Production buckets block public access, encrypt, refuse plain HTTP and expire what they hold. */
export const s3BucketHardened: Rule = {
  id: 's3-bucket-hardened',
  severity: 'error',
  pack: 'hardening',
  description:
    'Every S3 bucket in production blocks all public access, has default encryption, a policy that denies requests without TLS, and a lifecycle configuration (Checkov CKV2_AWS_6, CKV_AWS_53–56, CKV_AWS_19, CKV2_AWS_61; Trivy AVD-AWS-0086, 0087, 0088, 0091, 0093, 0094).',
  why: 'A bucket without a public access block is one policy or ACL away from publishing its objects; plain HTTP exposes them in transit; without a lifecycle, logs pile up forever (cost, and personal data kept past any promise).',
  help: 'Use the AccessLogBucket construct, or add S3BucketPublicAccessBlock (all four true), S3BucketServerSideEncryptionConfigurationA, an S3BucketPolicy with a Deny on `aws:SecureTransport` false, and S3BucketLifecycleConfiguration.',
  equivalents: { checkov: ['CKV2_AWS_6', 'CKV_AWS_53', 'CKV_AWS_54', 'CKV_AWS_55', 'CKV_AWS_56', 'CKV_AWS_19', 'CKV2_AWS_61'], trivy: ['AVD-AWS-0086', 'AVD-AWS-0087', 'AVD-AWS-0088', 'AVD-AWS-0091', 'AVD-AWS-0093', 'AVD-AWS-0094'] },
  layers: ['synth', 'plan'],
  messages: {
    publicAccess: '{resource} does not block all public access ({detail}).',
    encryption: '{resource} has no default encryption configuration.',
    tls: '{resource} has no bucket policy statement that denies requests without TLS (aws:SecureTransport false).',
    lifecycle: '{resource} has no lifecycle configuration.',
    unresolved: 'Cannot verify {resource}: `{expression}` could not be resolved.',
  },
  check(context) {
    for (const bucket of context.ofType('aws_s3_bucket')) {
      if (!bucket.production) continue;
      const name = bucket.displayName;
      const blocks = pointingAt(context.ofType('aws_s3_bucket_public_access_block'), 'bucket', bucket);
      if (blocks.length === 0) {
        context.report({ resource: bucket, messageId: 'publicAccess', data: { resource: name, detail: 'no aws_s3_bucket_public_access_block' } });
      }
      for (const block of blocks) {
        for (const setting of ['block_public_acls', 'block_public_policy', 'ignore_public_acls', 'restrict_public_buckets']) {
          for (const value of optionsOf(block.attributes[setting])) {
            if (isUnresolved(value)) context.report({ resource: block, messageId: 'unresolved', data: { resource: name, expression: value.expression } });
            else if (value !== true && value !== 'true') context.report({ resource: block, messageId: 'publicAccess', data: { resource: name, detail: `${setting} is not true` } });
          }
        }
      }
      const encryption = pointingAt(context.ofType('aws_s3_bucket_server_side_encryption_configuration'), 'bucket', bucket);
      if (encryption.length === 0 && blocksOf(bucket.attributes.server_side_encryption_configuration).length === 0) {
        context.report({ resource: bucket, messageId: 'encryption', data: { resource: name } });
      }
      if (pointingAt(context.ofType('aws_s3_bucket_lifecycle_configuration'), 'bucket', bucket).length === 0 && blocksOf(bucket.attributes.lifecycle_rule).length === 0) {
        context.report({ resource: bucket, messageId: 'lifecycle', data: { resource: name } });
      }
      checkTls(context, bucket);
    }
  },
};

function checkTls(context: RuleContext, bucket: PolicyResource): void {
  const documents = [bucket.attributes.policy, ...pointingAt(context.ofType('aws_s3_bucket_policy'), 'bucket', bucket).map((policy) => policy.attributes.policy)].filter(
    (document) => document !== undefined && document !== null && document !== '',
  );
  let unknown: string | undefined;
  for (const document of documents) {
    if (isUnresolved(document)) {
      unknown = document.expression;
      continue;
    }
    for (const statement of statementsOf(document) ?? []) {
      if (statement.Effect !== 'Deny' || !conditionKeys(statement).has('aws:securetransport')) continue;
      const actions = stringList(statement.Action);
      if (actions.includes('s3:*') || actions.includes('*')) return;
    }
  }
  // A plan knows a policy that names the account only after apply; the synth layer reads it.
  if (unknown !== undefined) {
    if (context.layer !== 'plan') context.report({ resource: bucket, messageId: 'unresolved', data: { resource: bucket.displayName, expression: unknown } });
    return;
  }
  context.report({ resource: bucket, messageId: 'tls', data: { resource: bucket.displayName } });
}
