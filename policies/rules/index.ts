/**
 * The rule registry: an explicit map from id to rule, sorted by id. Adding a rule means adding a file
 * named after its id and one line here; the README table and SARIF metadata follow from it.
 */
import type { Rule } from '../types';
import { albAccessLogs } from './alb-access-logs';
import { albDropInvalidHeaders } from './alb-drop-invalid-headers';
import { albWafProtected } from './alb-waf-protected';
import { defaultSgClosed } from './default-sg-closed';
import { ecrCustomerKey } from './ecr-customer-key';
import { ecrLifecycleKeepsDeployed } from './ecr-lifecycle-keeps-deployed';
import { ecrScanOnPush } from './ecr-scan-on-push';
import { executionRoleDecryptsSecrets } from './execution-role-decrypts-secrets';
import { httpRedirectToHttps } from './http-redirect-to-https';
import { immutableProdTags } from './immutable-prod-tags';
import { kmsKeyRotation } from './kms-key-rotation';
import { logGroupCustomerKey } from './log-group-customer-key';
import { logRetentionSet } from './log-retention-set';
import { modernTlsPolicy } from './modern-tls-policy';
import { noDestructiveChange } from './no-destructive-change';
import { noLatestImageInProd } from './no-latest-image-in-prod';
import { noPlaintextSecrets } from './no-plaintext-secrets';
import { noReplaceImported } from './no-replace-imported';
import { noRootCredentials } from './no-root-credentials';
import { providerDeepImports } from './provider-deep-imports';
import { s3BucketHardened } from './s3-bucket-hardened';
import { sgIngressFromAlbOnly } from './sg-ingress-from-alb-only';
import { taskRoleSourceConditions } from './task-role-source-conditions';
import { vpcEndpointsForPrivateTasks } from './vpc-endpoints-for-private-tasks';
import { vpcFlowLogs } from './vpc-flow-logs';

export const rules: { readonly [id: string]: Rule } = {
  'alb-access-logs': albAccessLogs,
  'alb-drop-invalid-headers': albDropInvalidHeaders,
  'alb-waf-protected': albWafProtected,
  'default-sg-closed': defaultSgClosed,
  'ecr-customer-key': ecrCustomerKey,
  'ecr-lifecycle-keeps-deployed': ecrLifecycleKeepsDeployed,
  'ecr-scan-on-push': ecrScanOnPush,
  'execution-role-decrypts-secrets': executionRoleDecryptsSecrets,
  'http-redirect-to-https': httpRedirectToHttps,
  'immutable-prod-tags': immutableProdTags,
  'kms-key-rotation': kmsKeyRotation,
  'log-group-customer-key': logGroupCustomerKey,
  'log-retention-set': logRetentionSet,
  'modern-tls-policy': modernTlsPolicy,
  'no-destructive-change': noDestructiveChange,
  'no-latest-image-in-prod': noLatestImageInProd,
  'no-plaintext-secrets': noPlaintextSecrets,
  'no-replace-imported': noReplaceImported,
  'no-root-credentials': noRootCredentials,
  'provider-deep-imports': providerDeepImports,
  's3-bucket-hardened': s3BucketHardened,
  'sg-ingress-from-alb-only': sgIngressFromAlbOnly,
  'task-role-source-conditions': taskRoleSourceConditions,
  'vpc-endpoints-for-private-tasks': vpcEndpointsForPrivateTasks,
  'vpc-flow-logs': vpcFlowLogs,
};

/** The rules in id order. */
export const ruleList: readonly Rule[] = Object.keys(rules)
  .sort()
  .map((id) => rules[id]);
