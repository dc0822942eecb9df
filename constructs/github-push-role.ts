import { IamOpenidConnectProvider } from '@cdktf/provider-aws/lib/iam-openid-connect-provider';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { Construct } from 'constructs';

const GITHUB_OIDC_HOST = 'token.actions.githubusercontent.com';

export interface GithubPushRoleProps {
  /** IAM role name. */
  readonly roleName: string;
  /** The only repository allowed to assume the role, `owner/name`. */
  readonly githubRepository: string;
  /** ARN of the ECR repository the role may push to and pull from. */
  readonly repositoryArn: string | readonly string[];
  /**
   * Branches whose workflow runs may assume the role.
   * @default ['main']
   */
  readonly branches?: readonly string[];
  /**
   * GitHub environments whose jobs may assume the role.
   * @default - none
   */
  readonly githubEnvironments?: readonly string[];
  /**
   * The account's existing GitHub OIDC provider.
   * @default - a new provider is created (an account holds one per URL)
   */
  readonly oidcProviderArn?: string;
  /**
   * KMS key that encrypts the repository; pushing then needs data-key permissions on it.
   * @default - the AWS managed key, which needs no grant
   */
  readonly kmsKeyArn?: string;
}

/**
 * The identity CI pushes images with: a role GitHub Actions assumes through OIDC, limited to one
 * repository's branches/environments and to push/pull of one ECR repository. It replaces a long-lived
 * IAM user key with AmazonEC2ContainerRegistryFullAccess.
 */
export class GithubPushRole extends Construct {
  public readonly role: IamRole;
  /** Created only when no existing provider ARN was given. */
  public readonly oidcProvider?: IamOpenidConnectProvider;

  constructor(scope: Construct, id: string, props: GithubPushRoleProps) {
    super(scope, id);
    let providerArn = props.oidcProviderArn;
    if (providerArn === undefined) {
      this.oidcProvider = new IamOpenidConnectProvider(this, 'github-oidc', {
        url: `https://${GITHUB_OIDC_HOST}`,
        clientIdList: ['sts.amazonaws.com'],
        // AWS no longer checks this thumbprint for GitHub (it trusts its own CA store), but the API requires one.
        thumbprintList: ['6938fd4d98bab03faadb97b34396831e3780aea1'],
      });
      providerArn = this.oidcProvider.arn;
    }

    const subjects = [
      ...(props.branches ?? ['main']).map((branch) => `repo:${props.githubRepository}:ref:refs/heads/${branch}`),
      ...(props.githubEnvironments ?? []).map((environment) => `repo:${props.githubRepository}:environment:${environment}`),
    ];
    this.role = new IamRole(this, 'role', {
      name: props.roleName,
      description: `GitHub Actions in ${props.githubRepository} push images to ECR`,
      maxSessionDuration: 3600,
      assumeRolePolicy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Federated: providerArn },
            Action: 'sts:AssumeRoleWithWebIdentity',
            Condition: {
              StringEquals: { [`${GITHUB_OIDC_HOST}:aud`]: 'sts.amazonaws.com' },
              StringLike: { [`${GITHUB_OIDC_HOST}:sub`]: subjects },
            },
          },
        ],
      }),
    });

    const statements: object[] = [
      // GetAuthorizationToken has no resource-level permissions.
      { Sid: 'Login', Effect: 'Allow', Action: 'ecr:GetAuthorizationToken', Resource: '*' },
      {
        Sid: 'PushPullThisRepository',
        Effect: 'Allow',
        Action: [
          'ecr:BatchCheckLayerAvailability',
          'ecr:BatchGetImage',
          'ecr:GetDownloadUrlForLayer',
          'ecr:InitiateLayerUpload',
          'ecr:UploadLayerPart',
          'ecr:CompleteLayerUpload',
          'ecr:PutImage',
          'ecr:DescribeImages',
        ],
        Resource: typeof props.repositoryArn === 'string' ? props.repositoryArn : [...props.repositoryArn],
      },
    ];
    if (props.kmsKeyArn) {
      statements.push({ Sid: 'RepositoryKey', Effect: 'Allow', Action: ['kms:GenerateDataKey', 'kms:Decrypt'], Resource: props.kmsKeyArn });
    }
    new IamRolePolicy(this, 'push', {
      name: 'ecr-push',
      role: this.role.id,
      policy: JSON.stringify({ Version: '2012-10-17', Statement: statements }),
    });
  }
}
