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
   * The tag the service's task definition names (a Terraform expression such as `${var.image_tag}`):
   * the first lifecycle rule matches exactly this tag and never expires it, and an image a rule matched
   * cannot be expired by a later rule.
   * @default - no tag is protected (the count rules may expire what the service runs)
   */
  readonly deployedTag?: string;
  /**
   * Tag prefixes of releases (e.g. `v` for `v1.4.2`): the newest `keepReleases` of them are kept apart
   * from other builds, so a burst of CI builds never pushes a release out.
   * @default - no release rule
   */
  readonly releaseTagPrefixes?: readonly string[];
  /**
   * Releases to keep.
   * @default 100
   */
  readonly keepReleases?: number;
  /**
   * How many other tagged images (CI builds) to keep; older ones expire.
   * @default 30
   */
  readonly keepLastImages?: number;
  /**
   * Days after which untagged images (leftovers of re-pushed builds) expire.
   * @default 7
   */
  readonly untaggedExpiryDays?: number;
}

/**
 * A private ECR repository with KMS encryption (or AES256 when adopting one made in the console), scan on
 * push and a lifecycle policy that never expires the image the service runs.
 */
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

    this.lifecyclePolicy = new EcrLifecyclePolicy(this, 'lifecycle', {
      repository: this.repository.name,
      policy: JSON.stringify({ rules: lifecycleRules(props) }),
    });
  }
}

/**
 * Lifecycle rules in priority order. ECR evaluates every image against the rules by priority, and an
 * image that matched a rule's tag selection cannot be expired by a rule of lower priority: the deployed
 * tag and the releases are therefore out of reach of the `any` count rule, which ECR requires to come last.
 */
export function lifecycleRules(props: ContainerRegistryProps): object[] {
  const rules: object[] = [];
  const add = (description: string, selection: object): void => {
    rules.push({ rulePriority: rules.length + 1, description, selection, action: { type: 'expire' } });
  };
  if (props.deployedTag !== undefined) {
    // One image carries a tag, so "more than 1" never matches: the deployed image never expires.
    add('Never expire the image the task definition names', {
      tagStatus: 'tagged',
      tagPatternList: [props.deployedTag],
      countType: 'imageCountMoreThan',
      countNumber: 1,
    });
  }
  const prefixes = props.releaseTagPrefixes ?? [];
  if (prefixes.length > 0) {
    const keepReleases = props.keepReleases ?? 100;
    add(`Keep the last ${keepReleases} releases (tags starting with ${prefixes.join(', ')})`, {
      tagStatus: 'tagged',
      tagPrefixList: [...prefixes],
      countType: 'imageCountMoreThan',
      countNumber: keepReleases,
    });
  }
  const untaggedExpiryDays = props.untaggedExpiryDays ?? 7;
  add(`Expire untagged images after ${untaggedExpiryDays} days`, {
    tagStatus: 'untagged',
    countType: 'sinceImagePushed',
    countUnit: 'days',
    countNumber: untaggedExpiryDays,
  });
  const keepLastImages = props.keepLastImages ?? 30;
  add(`Keep the last ${keepLastImages} other tagged images`, { tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: keepLastImages });
  return rules;
}
