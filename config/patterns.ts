/**
 * Field types shared by the environment schema: each one checks the shape AWS will accept and says
 * in its error message what is allowed, so a typo fails at synth rather than halfway through an apply.
 */
import { z } from 'zod';

function pattern(regex: RegExp, allowed: string) {
  return z.string().regex(regex, `must be ${allowed}`);
}

export const appName = pattern(/^[a-z][a-z0-9-]{0,18}[a-z0-9]$/, 'lowercase letters, digits and hyphens, 2–20 characters, starting with a letter');

export const awsRegion = pattern(/^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d$/, 'an AWS region such as us-east-1');

export const availabilityZone = pattern(/^[a-z]{2}(-gov)?-[a-z]+-\d[a-z]$/, 'an Availability Zone name such as us-east-1a');

const label = '(?!-)[a-z0-9-]{1,63}(?<!-)';
export const domainName = z
  .string()
  .max(253, 'must be at most 253 characters')
  .regex(new RegExp(`^(${label}\\.)+[a-z]{2,63}$`), 'must be a lowercase domain name such as example.com (no scheme, no trailing dot)');

export const certificateDomainName = z
  .string()
  .max(253, 'must be at most 253 characters')
  .regex(new RegExp(`^(\\*\\.)?(${label}\\.)+[a-z]{2,63}$`), 'must be a domain name such as www.example.com or *.example.com');

export const hostedZoneId = pattern(/^Z[A-Z0-9]{1,31}$/, 'a Route 53 hosted zone ID such as Z0123456789ABCDEFGHIJ');

export const vpcId = pattern(/^vpc-[0-9a-f]{8}([0-9a-f]{9})?$/, 'a VPC ID such as vpc-0123456789abcdef0');

export const subnetId = pattern(/^subnet-[0-9a-f]{8}([0-9a-f]{9})?$/, 'a subnet ID such as subnet-0123456789abcdef0');

export const ipv4Cidr = z
  .string()
  .regex(/^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/, 'must be an IPv4 CIDR block such as 10.0.0.0/16')
  .refine((cidr) => {
    const [address, bits] = cidr.split('/');
    const octets = address.split('.').map(Number);
    return octets.every((o) => o <= 255) && Number(bits) >= 16 && Number(bits) <= 22;
  }, 'must be an IPv4 CIDR block from /16 to /22 with octets 0–255 (subnets are /4 smaller; a load balancer subnet needs /27 or larger)')
  .superRefine((cidr, ctx) => {
    const network = networkAddress(cidr);
    if (network !== undefined && network !== cidr) {
      ctx.addIssue({ code: 'custom', message: `has host bits set; the block starts at ${network} (AWS refuses a VPC CIDR with host bits)` });
    }
  });

/** `10.0.0.1/16` → `10.0.0.0/16`; undefined when the text is not a valid IPv4 CIDR. */
export function networkAddress(cidr: string): string | undefined {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr);
  if (!match) return undefined;
  const octets = match.slice(1, 5).map(Number);
  const bits = Number(match[5]);
  if (octets.some((o) => o > 255) || bits > 32) return undefined;
  const value = octets.reduce((total, octet) => total * 256 + octet, 0);
  const size = 2 ** (32 - bits);
  const network = value - (value % size);
  return `${[24, 16, 8, 0].map((shift) => Math.floor(network / 2 ** shift) % 256).join('.')}/${bits}`;
}

/** A list without repeated entries (each repeat is reported at its own index). */
export function uniqueList<T extends z.ZodType>(item: T, what: string) {
  return z.array(item).superRefine((values, ctx) => {
    const seen = new Map<unknown, number>();
    values.forEach((value, index) => {
      const first = seen.get(value);
      if (first !== undefined) {
        ctx.addIssue({ code: 'custom', path: [index], message: `repeats ${JSON.stringify(value)} (already item ${first + 1}); list each ${what} once` });
      } else {
        seen.set(value, index);
      }
    });
  });
}

/** A 12-digit AWS account ID; a string, since YAML reads an unquoted one as a number (and drops leading zeros). */
export const awsAccountId = pattern(/^\d{12}$/, 'a 12-digit AWS account ID in quotes, such as "123456789012"');

/** The account of an ARN (`arn:aws:iam::123456789012:…` → `123456789012`), when it names one. */
export function accountOfArn(arn: string): string | undefined {
  const account = arn.split(':')[4];
  return account && /^\d{12}$/.test(account) ? account : undefined;
}

/** Any IPv4 network as AWS allows it for a VPC (/16 to /28), e.g. an existing VPC's primary CIDR. */
export const existingVpcCidr = z
  .string()
  .regex(/^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/, 'must be an IPv4 CIDR block such as 172.31.0.0/16')
  .refine((cidr) => {
    const [address, bits] = cidr.split('/');
    return address.split('.').every((o) => Number(o) <= 255) && Number(bits) >= 16 && Number(bits) <= 28;
  }, 'must be an IPv4 CIDR block from /16 to /28 with octets 0–255 (what AWS allows for a VPC)');

export const port = z.number().int().min(1, 'must be a port from 1 to 65535').max(65535, 'must be a port from 1 to 65535');

export const ecrRepositoryName = z
  .string()
  .min(2)
  .max(256)
  .regex(/^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/, 'must be an ECR repository name: lowercase letters, digits, and . _ - / separators');

export const ecsName = pattern(/^[A-Za-z0-9_-]{1,255}$/, 'letters, digits, hyphens and underscores (1–255)');

export const taskFamily = ecsName;

export const containerName = ecsName;

export const elbName = pattern(/^(?!internal-)[A-Za-z0-9](?:[A-Za-z0-9-]{0,30}[A-Za-z0-9])?$/, 'letters, digits and hyphens, at most 32 characters, not starting or ending with a hyphen');

export const securityGroupName = pattern(/^(?!sg-)[A-Za-z0-9 ._\-:/()#,@[\]+=&;{}!$*]{1,255}$/, 'a security group name (1–255 characters, not starting with sg-)');

export const iamName = pattern(/^[\w+=,.@-]{1,64}$/, 'an IAM name: letters, digits and +=,.@_- (1–64)');

export const logGroupName = pattern(/^[.\-_/#A-Za-z0-9]{1,512}$/, 'a CloudWatch log group name: letters, digits and . - _ / #');

export const s3BucketName = pattern(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'an S3 bucket name (3–63 lowercase letters, digits, dots, hyphens)');

/** A Docker image tag; also the image_tag variable's own validation (RE2 accepts it as written). */
export const IMAGE_TAG_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;

export const imageTag = pattern(IMAGE_TAG_PATTERN, 'a Docker image tag: letters, digits, _ . - (1–128), e.g. 1.4.2 or a commit SHA');

export const envVarName = pattern(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name: letters, digits, underscores, not starting with a digit');

export const tagKey = pattern(/^[\p{L}\p{N}\s_.:/=+\-@]{1,128}$/u, 'a tag key (1–128 letters, digits, spaces and _ . : / = + - @)').refine(
  (key) => !/^aws:/i.test(key),
  'must not start with "aws:" (AWS reserves that prefix for its own tags)',
);

export const githubRepository = pattern(/^[A-Za-z0-9-]+\/[A-Za-z0-9._-]+$/, 'a GitHub repository as owner/name');

export const gitRefName = pattern(/^[A-Za-z0-9._/-]{1,255}$/, 'a branch or environment name (letters, digits, . _ / -)');

export const urlPath = pattern(/^\/[A-Za-z0-9\-._~/%?=&]*$/, 'a URL path starting with / such as /health');

/** Regular-expression parts of ARNs, for the ARN patterns here and in imports.ts. */
export const ARN_PARTITION = 'aws(?:-cn|-us-gov)?';
export const ARN_REGION = '[a-z]{2}(?:-gov)?-[a-z]+-\\d';
export const ARN_ACCOUNT = '\\d{12}';
const partition = ARN_PARTITION;
const region = ARN_REGION;
const account = ARN_ACCOUNT;

export const kmsKeyArn = pattern(
  new RegExp(`^arn:${partition}:kms:${region}:${account}:(key/[0-9a-f-]{36}|alias/[A-Za-z0-9/_-]+)$`),
  'a KMS key ARN such as arn:aws:kms:us-east-1:123456789012:key/<uuid>',
);

export const oidcProviderArn = pattern(
  new RegExp(`^arn:${partition}:iam::${account}:oidc-provider/token\\.actions\\.githubusercontent\\.com$`),
  'the GitHub OIDC provider ARN: arn:aws:iam::<account>:oidc-provider/token.actions.githubusercontent.com',
);

/** Secrets Manager secret ARN (optionally with a JSON key selector) or SSM parameter ARN. */
export const secretValueFromArn = pattern(
  new RegExp(
    `^arn:${partition}:(secretsmanager:${region}:${account}:secret:[A-Za-z0-9/_+=.@-]+(:[^:]*:[^:]*:[^:]*)?|ssm:${region}:${account}:parameter/[A-Za-z0-9/_.-]+)$`,
  ),
  'a Secrets Manager secret ARN (arn:aws:secretsmanager:<region>:<account>:secret:<name>) or an SSM parameter ARN (arn:aws:ssm:<region>:<account>:parameter/<name>)',
);

/** TLS 1.3 ELB policies (the baseline and newer ones). */
export const tls13Policy = pattern(
  /^ELBSecurityPolicy-TLS13-1-[23]-[A-Za-z0-9-]*20\d\d-\d\d$/,
  'an ELB TLS 1.3 policy such as ELBSecurityPolicy-TLS13-1-2-2021-06 or ELBSecurityPolicy-TLS13-1-3-2021-06',
);

/** HCP Terraform organization and workspace names. */
export const tfcName = pattern(/^[A-Za-z0-9_-]{1,90}$/, 'letters, digits, hyphens and underscores (1–90)');

export const tfcProjectName = pattern(/^[A-Za-z0-9 _-]{3,40}$/, 'a project name: letters, digits, spaces, hyphens and underscores (3–40)');

export const hostname = pattern(/^(?!-)[a-z0-9-]{1,63}(?<!-)(\.(?!-)[a-z0-9-]{1,63}(?<!-))+$/, 'a hostname such as app.terraform.io (no scheme)');

export const relativeFile = z
  .string()
  .min(1)
  .refine((p) => !p.startsWith('/') && !p.includes('\0'), 'must be a file path relative to the environment file');

/** CloudWatch Logs' allowed retention values (days); 0, "never expire", is left out on purpose. */
export const LOG_RETENTION_DAYS: readonly number[] = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];
