import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { KmsKeyPolicy } from '@cdktf/provider-aws/lib/kms-key-policy';
import { Construct } from 'constructs';
import { partitionOf } from './arn-parts';

export interface EnvironmentKeyProps {
  /** Alias name without the `alias/` prefix, e.g. `web-prod`. */
  readonly alias: string;
  /** Region of the environment: CloudWatch Logs there may use the key. */
  readonly region: string;
  /** Account that owns the key (a literal ID or a Terraform expression). */
  readonly accountId: string;
  /**
   * Days a scheduled deletion waits (7–30); the key can be restored until then.
   * @default 30
   */
  readonly deletionWindowDays?: number;
}

/**
 * One customer-managed KMS key per environment, with yearly rotation and an explicit key policy: the
 * account's IAM policies decide who uses it (ECR, Secrets Manager and SSM use it through the caller's
 * grants), and CloudWatch Logs in this region may use it for this account's log groups only.
 *
 * The policy is its own resource (`aws_kms_key_policy`): it can name the account without an AWS read, and
 * consumers that need it in place first (log groups check the key when they are associated) use `arn`,
 * which waits for the policy.
 */
export class EnvironmentKey extends Construct {
  public readonly key: KmsKey;
  public readonly policy: KmsKeyPolicy;
  public readonly alias: KmsAlias;
  /**
   * The key's ARN, built from the key policy's `key_id`, so whoever uses it waits for the policy that
   * allows it (CloudWatch Logs rejects a key whose policy does not admit it yet).
   */
  public readonly arn: string;

  constructor(scope: Construct, id: string, props: EnvironmentKeyProps) {
    super(scope, id);
    const partition = partitionOf(props.region);
    this.key = new KmsKey(this, 'key', {
      description: `Encrypts the logs, images and secrets of ${props.alias}`,
      enableKeyRotation: true,
      rotationPeriodInDays: 365,
      deletionWindowInDays: props.deletionWindowDays ?? 30,
    });
    this.policy = new KmsKeyPolicy(this, 'policy', {
      keyId: this.key.keyId,
      policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            // The AWS default: IAM policies of the owning account decide; without it the key is unmanageable.
            Sid: 'AccountIamPolicies',
            Effect: 'Allow',
            Principal: { AWS: `arn:${partition}:iam::${props.accountId}:root` },
            Action: 'kms:*',
            Resource: '*',
          },
          {
            Sid: 'CloudWatchLogsOfThisAccount',
            Effect: 'Allow',
            Principal: { Service: `logs.${props.region}.amazonaws.com` },
            Action: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
            Resource: '*',
            Condition: {
              ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:${partition}:logs:${props.region}:${props.accountId}:log-group:*` },
            },
          },
        ],
      }),
    });
    this.alias = new KmsAlias(this, 'alias', { name: `alias/${props.alias}`, targetKeyId: this.key.keyId });
    this.arn = `arn:${partition}:kms:${props.region}:${props.accountId}:key/${this.policy.keyId}`;
  }
}
