/**
 * The rule registry: an explicit map from id to rule, sorted by id. Adding a rule means adding a file
 * named after its id and one line here; the README table and SARIF metadata follow from it.
 */
import type { Rule } from '../types';
import { albDropInvalidHeaders } from './alb-drop-invalid-headers';
import { ecrScanOnPush } from './ecr-scan-on-push';
import { httpRedirectToHttps } from './http-redirect-to-https';
import { immutableProdTags } from './immutable-prod-tags';
import { logRetentionSet } from './log-retention-set';
import { modernTlsPolicy } from './modern-tls-policy';
import { noDestructiveChange } from './no-destructive-change';
import { noLatestImageInProd } from './no-latest-image-in-prod';
import { noPlaintextSecrets } from './no-plaintext-secrets';
import { noReplaceImported } from './no-replace-imported';
import { noRootCredentials } from './no-root-credentials';
import { providerDeepImports } from './provider-deep-imports';
import { sgIngressFromAlbOnly } from './sg-ingress-from-alb-only';

export const rules: { readonly [id: string]: Rule } = {
  'alb-drop-invalid-headers': albDropInvalidHeaders,
  'ecr-scan-on-push': ecrScanOnPush,
  'http-redirect-to-https': httpRedirectToHttps,
  'immutable-prod-tags': immutableProdTags,
  'log-retention-set': logRetentionSet,
  'modern-tls-policy': modernTlsPolicy,
  'no-destructive-change': noDestructiveChange,
  'no-latest-image-in-prod': noLatestImageInProd,
  'no-plaintext-secrets': noPlaintextSecrets,
  'no-replace-imported': noReplaceImported,
  'no-root-credentials': noRootCredentials,
  'provider-deep-imports': providerDeepImports,
  'sg-ingress-from-alb-only': sgIngressFromAlbOnly,
};

/** The rules in id order. */
export const ruleList: readonly Rule[] = Object.keys(rules)
  .sort()
  .map((id) => rules[id]);
