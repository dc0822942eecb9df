import { EcrLifecyclePolicy } from '@cdktf/provider-aws/lib/ecr-lifecycle-policy';
import { EcrRepository } from '@cdktf/provider-aws/lib/ecr-repository';
import { Construct } from 'constructs';

export interface ContainerRegistryProps {
  /** Repository name. */
  readonly name: string;
  /**
   * Whether the repository serves production. Production repositories are always IMMUTABLE:
   * a deployed tag must keep pointing at the image that was tested.
   * @default false
   */
  readonly production?: boolean;
  /**
   * Tag mutability outside production.
   * @default 'IMMUTABLE'
   */
  readonly imageTagMutability?: 'IMMUTABLE' | 'MUTABLE';
  /**
   * Scan every pushed image for known vulnerabilities.
   * @default true
   */
  readonly scanOnPush?: boolean;
  /**
   * How images are encrypted at rest. AWS cannot change it on an existing repository (Terraform replaces
   * the repository), so adopting a console-made repository needs its own value, `AES256`.
   * @default 'KMS'
   */
  readonly encryptionType?: 'KMS' | 'AES256';
  /**
   * Customer managed KMS key ARN for image encryption (with `encryptionType` KMS).
   * @default - KMS encryption with the AWS managed key `aws/ecr`
   */
  readonly kmsKeyArn?: string;
  /**
   * How many tagged images to keep; older ones expire.
   * @default 30
   */
  readonly keepLastImages?: number;
  /**
   * Days after which untagged images (leftovers of re-pushed builds) expire.
   * @default 7
   */
  readonly untaggedExpiryDays?: number;
}

/** A private ECR repository with KMS encryption (or AES256 when adopting one), scan on push and a lifecycle policy. */
export class ContainerRegistry extends Construct {
  public readonly repository: EcrRepository;
  public readonly lifecyclePolicy: EcrLifecyclePolicy;

  constructor(scope: Construct, id: string, props: ContainerRegistryProps) {
    super(scope, id);
    this.repository = new EcrRepository(this, 'repository', {
      name: props.name,
      imageTagMutability: props.production ? 'IMMUTABLE' : (props.imageTagMutability ?? 'IMMUTABLE'),
      imageScanningConfiguration: { scanOnPush: props.scanOnPush ?? true },
      encryptionConfiguration: [
        (props.encryptionType ?? 'KMS') === 'KMS' ? { encryptionType: 'KMS', kmsKey: props.kmsKeyArn } : { encryptionType: 'AES256' },
      ],
      // Never delete a repository that still holds images: they may be what production runs.
      forceDelete: false,
    });

    const untaggedExpiryDays = props.untaggedExpiryDays ?? 7;
    const keepLastImages = props.keepLastImages ?? 30;
    this.lifecyclePolicy = new EcrLifecyclePolicy(this, 'lifecycle', {
      repository: this.repository.name,
      policy: JSON.stringify({
        rules: [
          {
            rulePriority: 1,
            description: `Expire untagged images after ${untaggedExpiryDays} days`,
            selection: { tagStatus: 'untagged', countType: 'sinceImagePushed', countUnit: 'days', countNumber: untaggedExpiryDays },
            action: { type: 'expire' },
          },
          {
            rulePriority: 2,
            description: `Keep the last ${keepLastImages} tagged images`,
            selection: { tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: keepLastImages },
            action: { type: 'expire' },
          },
        ],
      }),
    });
  }
}
