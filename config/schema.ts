/**
 * The environment file schema. One YAML file per environment (`environments/<name>.yaml`); every
 * object rejects unknown keys, every field says what it allows and its default. The README's
 * reference table and `config/environment.schema.json` (for editors) are generated from this file.
 */
import { z } from 'zod';
import { anyPrivateTasks, hardeningDefaults } from './derived';
import { FARGATE_CPU_VALUES } from './fargate';
import { checkConsistency } from './consistency';
import { importsSchema } from './imports';
import * as patterns from './patterns';
import { checkServices } from './services-checks';

export { SHARED_EXECUTION_ROLE } from './services-checks';

const subnetIds = patterns.uniqueList(patterns.subnetId, 'subnet').min(1);

/** What EC2 accepts in a security group description (ASCII letters, digits, spaces and ._-:/()#,@[]+=&;{}!$*). */
const securityGroupDescription = z
  .string()
  .min(1)
  .max(255)
  .regex(/^[A-Za-z0-9 ._\-:/()#,@[\]+=&;{}!$*]+$/, 'must be a security group description: 1–255 of letters, digits, spaces and ._-:/()#,@[]+=&;{}!$*');

const existingNetwork = z
  .strictObject({
    vpcId: patterns.vpcId.describe('ID of the existing VPC (`vpc-…`).'),
    cidrBlock: patterns.existingVpcCidr.describe(
      'The VPC\'s primary IPv4 CIDR (`aws ec2 describe-vpcs --vpc-ids vpc-… --query Vpcs[].CidrBlock`): the load balancer may reach the app port inside it only.',
    ),
    publicSubnetIds: subnetIds
      .min(2)
      .describe('Subnets for the load balancer, in at least two Availability Zones (`subnet-…`).'),
    privateSubnetIds: subnetIds
      .optional()
      .describe(
        'Subnets for the tasks. Required unless `service.assignPublicIp` is true, in which case tasks run in the public subnets. @default - none',
      ),
  })
  .describe('Use a VPC that already exists.');

const newNetwork = z
  .strictObject({
    cidrBlock: patterns.ipv4Cidr.default('10.0.0.0/16').describe('IPv4 CIDR of the new VPC, /16 to /22; each subnet gets 1/16 of it. @default 10.0.0.0/16'),
    availabilityZones: patterns
      .uniqueList(patterns.availabilityZone, 'Availability Zone')
      .min(2)
      .max(6)
      .describe('Availability Zones to spread subnets over (two or more, e.g. `us-east-1a`). One public and one private subnet each.'),
    natGateways: z
      .enum(['none', 'single', 'one-per-az'])
      .default('single')
      .describe(
        'NAT gateways for private subnets: `none` (tasks then need `service.assignPublicIp: true`), `single` (cheapest), `one-per-az` (survives an AZ outage). @default single',
      ),
  })
  .describe('Create a new VPC with public subnets for the load balancer and private subnets for the tasks.');

const network = z
  .strictObject({
    existing: existingNetwork.optional(),
    create: newNetwork.optional(),
  })
  .describe('Where the stack runs: exactly one of `existing` or `create`.');

const acmCertificate = z
  .strictObject({
    source: z.literal('acm'),
    subjectAlternativeNames: z
      .array(patterns.certificateDomainName)
      .default([])
      .describe('Extra names on the certificate, e.g. `*.example.com`. @default - none'),
  })
  .describe('Request an ACM certificate, validated by DNS records in the hosted zone.');

const importedCertificate = z
  .strictObject({
    source: z.literal('imported'),
    certificateFile: patterns.relativeFile
      .optional()
      .describe('Certbot `cert.pem` (leaf only), relative to the environment file. Use with `chainFile`.'),
    chainFile: patterns.relativeFile
      .optional()
      .describe('Certbot `chain.pem` (intermediates), relative to the environment file.'),
    fullchainFile: patterns.relativeFile
      .optional()
      .describe('Certbot `fullchain.pem` (leaf then intermediates), instead of `certificateFile` + `chainFile`.'),
    privateKeyFile: patterns.relativeFile
      .optional()
      .describe(
        'Certbot `privkey.pem`, checked against the certificate when present locally; never written to the synthesized JSON (Terraform reads it from the sensitive variable `tls_private_key`). @default - not checked at synth',
      ),
  })
  .describe('Import a certificate issued elsewhere (Certbot); public parts are embedded, the private key is a sensitive variable.');

const certificate = z
  .discriminatedUnion('source', [acmCertificate, importedCertificate])
  .describe('How the HTTPS listener gets its certificate: `source: acm` or `source: imported`.');

const ciPushRole = z
  .strictObject({
    githubRepository: patterns.githubRepository.describe('The only GitHub repository allowed to assume the role, `owner/name`.'),
    branches: z
      .array(patterns.gitRefName)
      .default(['main'])
      .describe('Branches whose workflows may push. @default ["main"]'),
    githubEnvironments: z
      .array(patterns.gitRefName)
      .default([])
      .describe('GitHub environments whose jobs may push (for jobs that declare `environment:`). @default - none'),
    oidcProviderArn: patterns.oidcProviderArn
      .optional()
      .describe('ARN of the account\'s existing GitHub OIDC provider. Exactly one of this or `createOidcProvider`.'),
    createOidcProvider: z
      .boolean()
      .default(false)
      .describe('Create the account\'s GitHub OIDC provider (one per account: only one stack per account may do this). @default false'),
    roleName: patterns.iamName.optional().describe('IAM role name. @default <app>-<env>-ci-push'),
  })
  .describe('An IAM role that GitHub Actions assumes through OIDC to push images to this repository only.');

const registry = z
  .strictObject({
    name: patterns.ecrRepositoryName.optional().describe('ECR repository name. @default <app>-<env>'),
    imageTagMutability: z
      .enum(['IMMUTABLE', 'MUTABLE'])
      .default('IMMUTABLE')
      .describe('`IMMUTABLE` (required in production) or `MUTABLE`. @default IMMUTABLE'),
    scanOnPush: z.boolean().default(true).describe('Scan images for vulnerabilities on push. @default true'),
    encryptionType: z
      .enum(['KMS', 'AES256'])
      .default('KMS')
      .describe(
        'How ECR encrypts images at rest: `KMS`, or `AES256` (S3-managed keys, what the console creates). AWS cannot change this on an existing repository: to adopt an AES256 repository set AES256; moving it to KMS later replaces the repository (see "Adopt resources made by hand"). @default KMS',
      ),
    kmsKeyArn: patterns.kmsKeyArn
      .optional()
      .describe('Customer managed KMS key for image encryption (with `encryptionType: KMS`). @default - the AWS managed key `aws/ecr`'),
    keepLastImages: z
      .number()
      .int()
      .min(1)
      .max(1000)
      .default(30)
      .describe('Tagged images to keep besides the deployed one and the releases (CI builds); older ones expire. The image the task definition names never expires. @default 30'),
    releaseTagPrefixes: z
      .array(z.string().regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}$/, 'must be the start of an image tag (letters, digits, _ . -)'))
      .max(100)
      .default(['v'])
      .describe('Tag prefixes of releases (`v` matches `v1.4.2`): the newest `keepReleases` of them are kept apart from CI builds. @default ["v"]'),
    keepReleases: z.number().int().min(1).max(10000).default(100).describe('Releases to keep. @default 100'),
    untaggedExpiryDays: z.number().int().min(1).max(365).default(7).describe('Days before untagged images expire. @default 7'),
    ciPushRole: ciPushRole.optional(),
  })
  .prefault({})
  .describe('The private ECR repository the service pulls from.');

const cluster = z
  .strictObject({
    name: patterns.ecsName.optional().describe('ECS cluster name. @default <app>-<env>'),
    containerInsights: z
      .enum(['enabled', 'enhanced', 'disabled'])
      .default('enabled')
      .describe('CloudWatch Container Insights. @default enabled'),
  })
  .prefault({})
  .describe('The ECS cluster (Fargate and Fargate Spot capacity providers).');

const containerHealthCheck = z
  .strictObject({
    command: z
      .array(z.string().min(1))
      .min(2)
      .optional()
      .describe(
        'Container health check command in ECS form (`["CMD", …]` or `["CMD-SHELL", "…"]`). @default - a node fetch of http://127.0.0.1:<containerPort><healthCheckPath>',
      ),
    intervalSeconds: z.number().int().min(5).max(300).default(30).describe('@default 30'),
    timeoutSeconds: z.number().int().min(2).max(60).default(5).describe('Less than intervalSeconds. @default 5'),
    retries: z.number().int().min(1).max(10).default(3).describe('@default 3'),
    startPeriodSeconds: z.number().int().min(0).max(300).default(10).describe('@default 10'),
  })
  .prefault({})
  .describe('The container health check ECS runs inside the task.');

export const task = z
  .strictObject({
    family: patterns.taskFamily.optional().describe('Task definition family. @default <app>-<env>'),
    cpu: z
      .literal(FARGATE_CPU_VALUES as [number, ...number[]])
      .default(256)
      .describe(`Task cpu units: ${FARGATE_CPU_VALUES.join(', ')}. @default 256`),
    memory: z.number().int().default(512).describe('Task memory in MiB; must be allowed for the cpu value (e.g. 512 cpu takes 1024–4096). @default 512'),
    cpuArchitecture: z.enum(['X86_64', 'ARM64']).default('X86_64').describe('@default X86_64'),
    containerName: patterns.containerName.default('app').describe('@default app'),
    containerPort: patterns.port.default(3000).describe('Port the container listens on. @default 3000'),
    imageTag: patterns.imageTag.describe(
      'Default for the `image_tag` Terraform variable (CI passes the commit SHA). `latest` is refused in production.',
    ),
    environment: z
      .record(patterns.envVarName, z.string())
      .default({})
      .describe('Plain environment variables. Secrets go in `secrets`. @default - none'),
    secrets: z
      .record(patterns.envVarName, patterns.secretValueFromArn)
      .default({})
      .describe('Environment variables from Secrets Manager or SSM Parameter Store, by ARN (`valueFrom`). @default - none'),
    secretsKmsKeyArns: z
      .array(patterns.kmsKeyArn)
      .default([])
      .describe(
        'Customer-managed KMS keys that encrypt the secrets; the execution role may decrypt with them through Secrets Manager and SSM only. The environment key (`hardening.encryptionKey`) is added when it exists. @default - none',
      ),
    healthCheck: containerHealthCheck,
    stopTimeoutSeconds: z
      .number()
      .int()
      .min(2)
      .max(120)
      .default(30)
      .describe('Seconds between SIGTERM and SIGKILL when a task stops. @default 30'),
    readonlyRootFilesystem: z
      .boolean()
      .default(true)
      .describe('Mount the container\'s root filesystem read-only (writable paths need volumes). @default true'),
    executionRoleName: patterns.iamName.optional().describe('@default <app>-<env>-execution'),
    taskRoleName: patterns.iamName.optional().describe('@default <app>-<env>-task'),
  })
  .describe('The Fargate task definition and its one container.');

const logs = z
  .strictObject({
    groupName: patterns.logGroupName.optional().describe('CloudWatch log group. @default /ecs/<app>-<env>'),
    retentionDays: z
      .literal(patterns.LOG_RETENTION_DAYS as [number, ...number[]])
      .default(30)
      .describe('Days to keep container logs. @default 30'),
    kmsKeyArn: patterns.kmsKeyArn.optional().describe('KMS key for the log group. @default - CloudWatch Logs encryption'),
  })
  .prefault({})
  .describe('Container logs (awslogs driver).');

export const targetGroup = z
  .strictObject({
    name: patterns.elbName
      .optional()
      .describe(
        'Fixed target group name, for adopting one that exists (it can be renamed, not replaced in place: AWS refuses a second group of the same name). @default - a generated name from the prefix <app>, so replacements can be created before the old group is destroyed',
      ),
    healthCheckPath: patterns.urlPath.default('/health').describe('@default /health'),
    healthCheckMatcher: z.string().regex(/^\d{3}(-\d{3})?(,\d{3}(-\d{3})?)*$/, 'must be HTTP codes like 200 or 200-299').default('200').describe('@default 200'),
    healthyThreshold: z.number().int().min(2).max(10).default(3).describe('@default 3'),
    unhealthyThreshold: z.number().int().min(2).max(10).default(3).describe('@default 3'),
    intervalSeconds: z.number().int().min(6).max(300).default(15).describe('Seconds between health checks; more than the check\'s 5-second timeout. @default 15'),
    deregistrationDelaySeconds: z.number().int().min(0).max(3600).default(30).describe('@default 30'),
  })
  .prefault({});

const loadBalancer = z
  .strictObject({
    name: patterns.elbName.optional().describe('Load balancer name (32 characters at most). @default <app>-<env>'),
    securityGroupName: patterns.securityGroupName
      .optional()
      .describe(
        'Fixed name of the load balancer\'s security group, for adopting one that exists (it can be renamed, not replaced in place). @default - a generated name starting with <app>-<env>-alb-, so a replacement is created before the old group is deleted',
      ),
    securityGroupDescription: securityGroupDescription.optional().describe(
      'Description of the load balancer\'s security group. AWS cannot change a description, so an adopted group keeps its own. @default Load balancer: HTTP and HTTPS from the internet',
    ),
    ipAddressType: z
      .enum(['ipv4', 'dualstack'])
      .optional()
      .describe('`dualstack` also serves IPv6 (AAAA record); its subnets need IPv6 CIDRs. @default - dualstack when the stack creates the VPC, ipv4 with an existing VPC'),
    sslPolicy: patterns.tls13Policy
      .default('ELBSecurityPolicy-TLS13-1-2-2021-06')
      .describe('TLS policy of the HTTPS listener; TLS 1.3 policies only. @default ELBSecurityPolicy-TLS13-1-2-2021-06'),
    idleTimeoutSeconds: z.number().int().min(1).max(4000).default(60).describe('@default 60'),
    deletionProtection: z.boolean().optional().describe('@default - true in production, false elsewhere'),
    accessLogs: z.unknown().optional().describe('Moved to `hardening.accessLogs` (`bucket`, `prefix`); an error here.'),
    targetGroup,
  })
  .prefault({})
  .describe('The internet-facing Application Load Balancer.');

const autoscaling = z
  .strictObject({
    minCapacity: z.number().int().min(0).max(1000).describe('Fewest tasks.'),
    maxCapacity: z.number().int().min(1).max(1000).describe('Most tasks.'),
    cpuTargetPercent: z.number().int().min(10).max(95).default(60).describe('Average CPU to track. @default 60'),
    memoryTargetPercent: z.number().int().min(10).max(95).optional().describe('Average memory to track. @default - no memory policy'),
    scaleInCooldownSeconds: z.number().int().min(0).max(3600).default(300).describe('@default 300'),
    scaleOutCooldownSeconds: z.number().int().min(0).max(3600).default(60).describe('@default 60'),
  })
  .describe('Target-tracking autoscaling. @default - off (fixed desiredCount)');

export const service = z
  .strictObject({
    name: patterns.ecsName.optional().describe('ECS service name. @default <app>-<env>'),
    securityGroupName: patterns.securityGroupName
      .optional()
      .describe(
        'Fixed name of the tasks\' security group, for adopting one that exists (it can be renamed, not replaced in place). @default - a generated name starting with <app>-<env>-service-, so a replacement is created before the old group is deleted',
      ),
    securityGroupDescription: securityGroupDescription.optional().describe(
      'Description of the service\'s security group. AWS cannot change a description, so an adopted group keeps its own. @default App port from the load balancer only',
    ),
    launchType: z
      .literal('FARGATE')
      .optional()
      .describe(
        'Run with launch type FARGATE instead of a capacity provider strategy, as a service made in the console does (switching between the two replaces the service). Not with `fargateSpotWeight` above 0. @default - the capacity provider strategy FARGATE (weight 1, base 1) plus FARGATE_SPOT',
      ),
    desiredCount: z.number().int().min(0).max(1000).default(2).describe('Tasks to run (the starting count when autoscaling). @default 2'),
    assignPublicIp: z
      .boolean()
      .default(false)
      .describe('Give tasks public IPs and run them in the public subnets (cheap setups without NAT). @default false'),
    enableExecuteCommand: z.boolean().default(false).describe('ECS Exec (shell into tasks). @default false'),
    healthCheckGracePeriodSeconds: z.number().int().min(0).max(2147483647).default(60).describe('@default 60'),
    minimumHealthyPercent: z.number().int().min(0).max(100).default(100).describe('@default 100'),
    maximumPercent: z.number().int().min(100).max(200).default(200).describe('@default 200'),
    fargateSpotWeight: z
      .number()
      .int()
      .min(0)
      .max(1000)
      .default(0)
      .describe('Weight of Fargate Spot against Fargate (weight 1, base 1) in the capacity provider strategy. @default 0'),
    autoscaling: autoscaling.optional(),
  })
  .prefault({})
  .describe('The Fargate service.');

/** A service's name in `services:`; it becomes part of resource names (`<app>-<env>-<service>`). */
export const serviceKey = z
  .string()
  .regex(/^[a-z](?:[a-z0-9-]{0,18}[a-z0-9])?$/, 'must be a service name: lowercase letters, digits and hyphens, 1–20 characters, starting with a letter and not ending with a hyphen');

/** What an ALB host-header condition accepts: letters, digits, - . and the wildcards * ?, up to 128 characters. */
const hostHeader = z.string().regex(/^[A-Za-z0-9\-.*?]{1,128}$/, 'must be a host name pattern: letters, digits, - . * ? (1–128), e.g. api.example.com or *.example.com');
/** What an ALB path-pattern condition accepts (case-sensitive), up to 128 characters. */
const pathPattern = z.string().regex(/^\/[A-Za-z0-9_\-.$/~"'@:+&*?]{0,127}$/, 'must be a path pattern starting with /: letters, digits, _ - . $ / ~ " \' @ : + & * ? (up to 128), e.g. /api/*');

/** The listener rule of a routed service. */
export const routing = z
  .strictObject({
    hostHeaders: z.array(hostHeader).default([]).describe('Host names this service answers (`api.example.com`, `*.example.com`). @default - any host'),
    pathPatterns: z.array(pathPattern).default([]).describe('Paths this service answers (`/api/*`). @default - any path'),
    priority: z.number().int().min(1).max(50000).describe('Listener rule priority, 1–50000, unique in the environment: the lowest matching rule wins.'),
  })
  .describe('The HTTPS listener rule that forwards to this service: host and/or path conditions (at least one, at most 5 values in all) and its priority.');

/** One service of the `services:` form. */
const namedService = z
  .strictObject({
    port: patterns.port
      .optional()
      .describe('Port the container listens on. Required for a service that is routed, the default or called; a worker without one has no port mapping at all. @default - none (a worker)'),
    routing: routing.optional(),
    default: z
      .boolean()
      .default(false)
      .describe('Take the HTTPS listener\'s default action (requests no rule matches) instead of the fixed 404; one service at most. @default false'),
    callers: z
      .array(serviceKey)
      .default([])
      .describe('Services of this environment that may call this one through ECS Service Connect (`http://<service>:<port>`); only their security groups may reach its port. @default - none'),
    task: task.omit({ containerPort: true }).describe('The task definition and its container, as `task:` of the single-service form (its port is `port`).'),
    service: service.describe('The ECS service, as `service:` of the single-service form.'),
    targetGroup: targetGroup
      .unwrap()
      .optional()
      .describe('The target group of a routed service, as `loadBalancer.targetGroup` of the single-service form (health check path and thresholds). @default - loadBalancer.targetGroup'),
    buildContext: z
      .string()
      .min(1)
      .refine((p) => !p.startsWith('/') && !p.includes('\0'), 'must be a directory path relative to the environment file')
      .optional()
      .describe('Directory with the service\'s Dockerfile, relative to the environment file; the image stack (`image-<env>`) builds it. @default - the project\'s sample-app'),
  })
  .describe('One service: a routed one (`routing` or `default`) gets a target group and listener rule; one with neither and no port is a worker (no target group, no ingress).');

/** `services:`: many services sharing the environment's cluster and load balancer. */
export const services = z
  .record(serviceKey, namedService)
  .describe('Many services in one cluster behind one load balancer, by name (lowercase letters, digits, hyphens). Instead of `task:` and `service:`; each service\'s resources are named `<app>-<env>-<service>`. @default - the single-service form');

const logPrefix = z
  .string()
  .regex(/^[A-Za-z0-9!_.*'()-]+(\/[A-Za-z0-9!_.*'()-]+)*$/, 'must be an S3 key prefix without leading or trailing slash, and without "AWSLogs"')
  .max(200)
  .refine((prefix) => !prefix.includes('AWSLogs'), 'must not contain "AWSLogs" (ELB adds it)');

/**
 * Production hardening: the environment-level pieces that the strictest scanners (Checkov, Trivy) ask
 * for. Secure in production by default; the ones with a fixed monthly cost are off elsewhere.
 */
const hardening = z
  .strictObject({
    encryptionKey: z
      .strictObject({
        enabled: z
          .boolean()
          .optional()
          .describe('A customer-managed KMS key for this environment (rotation on) that encrypts the log groups, the ECR repository and, if you use it for them, the secrets. @default - true in production, false elsewhere (a key costs 1 USD a month)'),
        deletionWindowDays: z.number().int().min(7).max(30).default(30).describe('Days a scheduled key deletion waits. @default 30'),
        encryptRegistry: z
          .boolean()
          .default(true)
          .describe('Encrypt the ECR repository with the key (unless `registry.kmsKeyArn` is set). The key of an existing repository cannot change in place: set false to keep `aws/ecr` on a repository that already holds images. @default true'),
      })
      .prefault({})
      .describe('The environment\'s customer-managed KMS key.'),
    accessLogs: z
      .strictObject({
        enabled: z.boolean().default(true).describe('Load balancer access and connection logs to S3 (pay per GB stored, no fixed cost). @default true'),
        bucket: patterns.s3BucketName
          .optional()
          .describe('An existing bucket in the same region whose policy lets Elastic Load Balancing write (SSE-S3 only). @default - a bucket the stack creates, named <app>-<env>-lb-logs-<suffix>'),
        prefix: logPrefix.optional().describe('Key prefix; access logs go under `<prefix>/access`, connection logs under `<prefix>/connection`. @default - none'),
        connectionLogs: z.boolean().default(true).describe('Also write connection logs (client TLS handshakes, including failed ones). @default true'),
        expirationDays: z.number().int().min(1).max(3650).default(365).describe('Days before a log expires in the bucket the stack creates. @default 365'),
      })
      .prefault({})
      .describe('Where the load balancer writes its logs.'),
    webAcl: z
      .strictObject({
        enabled: z
          .boolean()
          .optional()
          .describe('An AWS WAF web ACL on the load balancer (AWS managed common, known bad inputs and IP reputation rule groups, a rate limit per IP) with its logs. @default - true in production, false elsewhere (about 9 USD a month plus 0.60 USD per million requests)'),
        mode: z
          .enum(['block', 'count'])
          .default('block')
          .describe('`block` enforces; `count` only counts and logs matches, for a first rollout (read the logs, then switch to block). @default block'),
        rateLimit: z.number().int().min(100).max(2000000000).default(2000).describe('Requests one IP may send in 5 minutes. @default 2000'),
        logRetentionDays: z
          .literal(patterns.LOG_RETENTION_DAYS as [number, ...number[]])
          .default(90)
          .describe('Days to keep WAF logs (log group `aws-waf-logs-<app>-<env>`). @default 90'),
      })
      .prefault({})
      .describe('Web application firewall in front of the load balancer.'),
    flowLogs: z
      .strictObject({
        enabled: z.boolean().default(true).describe('VPC flow logs to CloudWatch Logs for a VPC the stack creates (pay per GB ingested, no fixed cost). @default true'),
        trafficType: z.enum(['ALL', 'ACCEPT', 'REJECT']).default('ALL').describe('@default ALL'),
        retentionDays: z
          .literal(patterns.LOG_RETENTION_DAYS as [number, ...number[]])
          .default(90)
          .describe('Days to keep flow logs. @default 90'),
      })
      .prefault({})
      .describe('VPC flow logs (new VPCs only).'),
    vpcEndpoints: z
      .strictObject({
        enabled: z
          .boolean()
          .optional()
          .describe('VPC endpoints in a VPC the stack creates, so private tasks reach ECR, S3, CloudWatch Logs, Secrets Manager and SSM without NAT (`natGateways: none` then works with private subnets). @default - true in production when tasks run in private subnets of a new VPC, false elsewhere (an interface endpoint costs about 7.30 USD a month per zone)'),
      })
      .prefault({})
      .describe('Private access to AWS APIs for tasks in private subnets.'),
  })
  .prefault({})
  .describe('Production hardening: customer-managed key, load balancer logs, WAF, flow logs, VPC endpoints. Secure defaults in production; what has a fixed cost is off elsewhere.');

const terraformCloud = z
  .strictObject({
    organization: patterns.tfcName.optional().describe('HCP Terraform organization. @default - $TF_CLOUD_ORGANIZATION'),
    project: patterns.tfcProjectName.optional().describe('Project the workspace belongs to. @default - $TF_CLOUD_PROJECT, else the organization\'s default project'),
    workspace: patterns.tfcName.optional().describe('Workspace name. @default <app>-<env>'),
    hostname: patterns.hostname.optional().describe('Terraform Enterprise hostname. @default - $TF_CLOUD_HOSTNAME, else app.terraform.io'),
  })
  .describe('Terraform Cloud (HCP Terraform) backend. Used when an organization is set here or in $TF_CLOUD_ORGANIZATION; otherwise state is local. @default - local backend unless $TF_CLOUD_ORGANIZATION is set');

/** Tags the stack sets on every resource itself. */
export const STACK_TAG_KEYS = ['application', 'environment', 'managed-by'] as const;
/** AWS allows 50 tags a resource; the stack sets three and some resources two more (Name, Tier). */
const MAX_USER_TAGS = 45;

function checkTags(tags: Record<string, string>, ctx: z.core.$RefinementCtx<Record<string, string>>): void {
  for (const key of Object.keys(tags)) {
    if ((STACK_TAG_KEYS as readonly string[]).includes(key)) {
      ctx.addIssue({ code: 'custom', path: [key], message: `is set by the stack on every resource (${STACK_TAG_KEYS.join(', ')}); choose another key` });
    }
  }
  const count = Object.keys(tags).length;
  if (count > MAX_USER_TAGS) {
    ctx.addIssue({ code: 'custom', message: `has ${count} tags; at most ${MAX_USER_TAGS} are allowed (AWS allows 50 a resource, and the stack adds up to 5 of its own)` });
  }
}

export const environmentSchema = z
  .strictObject({
    $schema: z.string().optional().describe('Path of the JSON Schema, for editors.'),
    app: patterns.appName.describe('Application name: prefix of every resource name (lowercase letters, digits, hyphens; 2–20).'),
    production: z
      .boolean()
      .describe('Whether this environment is production: `true` or `false`, always written out (stricter rules apply in production: immutable tags, no `latest`, deletion protection, `accountId`).'),
    accountId: patterns.awsAccountId
      .optional()
      .describe('The AWS account this environment is applied to, 12 digits in quotes; the provider refuses credentials of any other account (`allowed_account_ids`). Required when `production` is true. @default - any account'),
    region: patterns.awsRegion.describe('AWS region, e.g. `us-east-1`.'),
    domain: patterns.domainName.describe('The site\'s domain name, e.g. `example.com` or `dev.example.com`.'),
    hostedZoneId: patterns.hostedZoneId.describe('Route 53 hosted zone ID that holds `domain` (given by ID so plans need no lookups).'),
    tags: z
      .record(patterns.tagKey, z.string().max(256))
      .superRefine(checkTags)
      .default({})
      .describe(`Extra tags on every resource (besides application, environment, managed-by), at most ${MAX_USER_TAGS}. @default - none`),
    terraformCloud: terraformCloud.optional(),
    certificate,
    network,
    registry,
    cluster,
    task: task.optional().describe('The Fargate task definition and its one container (the single-service form). Required unless the file uses `services:`.'),
    logs,
    loadBalancer,
    service,
    services: services.optional(),
    hardening,
    imports: importsSchema.optional(),
  })
  .superRefine((env, ctx) => {
    checkConsistency(env, ctx);
    checkServices(env, ctx);
    const hasExisting = env.network.existing !== undefined;
    const hasCreate = env.network.create !== undefined;
    if (hasExisting === hasCreate) {
      ctx.addIssue({ code: 'custom', path: ['network'], message: 'give exactly one of `existing` or `create`' });
    }
    const hardened = hardeningDefaults(env);
    const privateTasks = anyPrivateTasks(env);
    if (env.network.create?.natGateways === 'none' && privateTasks && !hardened.vpcEndpoints) {
      ctx.addIssue({
        code: 'custom',
        path: ['network', 'create', 'natGateways'],
        message: 'is none, so tasks in private subnets could not reach ECR or CloudWatch; set hardening.vpcEndpoints.enabled: true, set service.assignPublicIp: true, or choose single / one-per-az',
      });
    }
    if (env.hardening.vpcEndpoints.enabled === true && !env.network.create) {
      ctx.addIssue({
        code: 'custom',
        path: ['hardening', 'vpcEndpoints', 'enabled'],
        message: 'works with a VPC the stack creates (network.create); in an existing VPC, create the endpoints with the VPC',
      });
    }
    if (env.loadBalancer.accessLogs !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['loadBalancer', 'accessLogs'],
        message: 'has moved: use hardening.accessLogs.bucket and hardening.accessLogs.prefix',
      });
    }
    if (env.registry.encryptionType === 'AES256' && env.registry.kmsKeyArn !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['registry', 'kmsKeyArn'],
        message: 'needs registry.encryptionType: KMS (AES256 uses S3-managed keys, not a KMS key)',
      });
    }
    if (env.network.existing && !env.network.existing.privateSubnetIds && privateTasks) {
      ctx.addIssue({
        code: 'custom',
        path: ['network', 'existing', 'privateSubnetIds'],
        message: 'is required when service.assignPublicIp is false (tasks run in private subnets)',
      });
    }
    if (env.production && env.registry.imageTagMutability !== 'IMMUTABLE') {
      ctx.addIssue({
        code: 'custom',
        path: ['registry', 'imageTagMutability'],
        message: 'must be IMMUTABLE in production (a pushed tag must never change what it points to)',
      });
    }
    const role = env.registry.ciPushRole;
    if (role && (role.oidcProviderArn !== undefined) === role.createOidcProvider) {
      ctx.addIssue({
        code: 'custom',
        path: ['registry', 'ciPushRole'],
        message: 'give exactly one of `oidcProviderArn` or `createOidcProvider: true`',
      });
    }
    if (env.certificate.source === 'imported') {
      const c = env.certificate;
      const split = c.certificateFile !== undefined || c.chainFile !== undefined;
      if (c.fullchainFile !== undefined && split) {
        ctx.addIssue({
          code: 'custom',
          path: ['certificate', 'fullchainFile'],
          message: 'give either fullchainFile, or certificateFile with chainFile, not both',
        });
      } else if (c.fullchainFile === undefined && (c.certificateFile === undefined || c.chainFile === undefined)) {
        ctx.addIssue({
          code: 'custom',
          path: ['certificate', c.certificateFile === undefined ? 'certificateFile' : 'chainFile'],
          message: 'is required: give fullchainFile, or certificateFile with chainFile',
        });
      }
    }
  });

/** What the file says, after defaults. */
export type EnvironmentFile = z.output<typeof environmentSchema>;
