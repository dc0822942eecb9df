import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { Construct } from 'constructs';
import { partitionOf } from './arn-parts';
import { elbLogDeliveryPrincipal } from './elb-log-delivery';

export interface AccessLogBucketProps {
  /** Start of the generated bucket name (S3 appends a unique suffix); 37 characters at most. */
  readonly namePrefix: string;
  /** Region of the load balancer: it picks who delivers the logs (regional ELB account or service principal). */
  readonly region: string;
  /** Account that owns the load balancer; only its logs may be written. */
  readonly accountId: string;
  /** Key prefixes (no leading or trailing slash) the load balancer writes under, e.g. `access`, `connection`. */
  readonly logPrefixes: readonly string[];
  /**
   * Days before a log object expires.
   * @default 365
   */
  readonly expirationDays?: number;
  /**
   * Let `destroy` delete a bucket that still holds logs.
   * @default false
   */
  readonly forceDestroy?: boolean;
}

/**
 * An S3 bucket for load balancer access and connection logs: owner-enforced objects (no ACLs), every
 * public access blocked, SSE-S3 encryption (the only server-side encryption that load balancer log
 * delivery supports), versioning, a lifecycle that expires old logs, and a policy that denies non-TLS
 * requests and lets only Elastic Load Balancing write this account's logs under the given prefixes.
 */
export class AccessLogBucket extends Construct {
  public readonly bucket: S3Bucket;
  public readonly policy: S3BucketPolicy;
  public readonly publicAccessBlock: S3BucketPublicAccessBlock;
  /**
   * The bucket name, read through the bucket policy so a load balancer that logs here waits for the
   * policy (enabling logs fails with "Access Denied" until ELB may write).
   */
  public readonly bucketName: string;

  constructor(scope: Construct, id: string, props: AccessLogBucketProps) {
    super(scope, id);
    const partition = partitionOf(props.region);
    this.bucket = new S3Bucket(this, 'bucket', { bucketPrefix: props.namePrefix, forceDestroy: props.forceDestroy ?? false });
    new S3BucketOwnershipControls(this, 'ownership', { bucket: this.bucket.id, rule: { objectOwnership: 'BucketOwnerEnforced' } });
    this.publicAccessBlock = new S3BucketPublicAccessBlock(this, 'public-access-block', {
      bucket: this.bucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketServerSideEncryptionConfigurationA(this, 'encryption', {
      bucket: this.bucket.id,
      rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' } }],
    });
    new S3BucketVersioningA(this, 'versioning', { bucket: this.bucket.id, versioningConfiguration: { status: 'Enabled' } });
    new S3BucketLifecycleConfiguration(this, 'lifecycle', {
      bucket: this.bucket.id,
      rule: [
        {
          id: 'expire-logs',
          status: 'Enabled',
          filter: [{ prefix: '' }],
          expiration: [{ days: props.expirationDays ?? 365 }],
          noncurrentVersionExpiration: [{ noncurrentDays: 1 }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: 1 }],
        },
      ],
    });

    this.policy = new S3BucketPolicy(this, 'policy', {
      bucket: this.bucket.id,
      policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'DenyInsecureTransport',
            Effect: 'Deny',
            Principal: '*',
            Action: 's3:*',
            Resource: [this.bucket.arn, `${this.bucket.arn}/*`],
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          },
          {
            Sid: 'ElbLogDelivery',
            Effect: 'Allow',
            Principal: elbLogDeliveryPrincipal(props.region, partition),
            Action: 's3:PutObject',
            Resource: props.logPrefixes.map((prefix) => `${this.bucket.arn}/${prefix}/AWSLogs/${props.accountId}/*`),
          },
        ],
      }),
      // A policy put before the public access block exists could be judged against a laxer bucket.
      dependsOn: [this.publicAccessBlock],
    });
    this.bucketName = this.policy.bucket;
  }
}
