/**
 * The `imports:` section: which resources of the stack adopt an existing AWS resource, by the ID that
 * Terraform's import for that resource type expects. Every ID is checked for its shape here, so a
 * malformed one fails at synth with the key and the expected form, not halfway through a plan.
 */
import { z } from 'zod';
import * as patterns from './patterns';

const { ARN_PARTITION: partition, ARN_REGION: region, ARN_ACCOUNT: account } = patterns;

function id(regex: RegExp, expected: string, describe: string) {
  return z.string().regex(regex, `must be ${expected}`).optional().describe(describe);
}

const elbArn = (kind: string) => new RegExp(`^arn:${partition}:elasticloadbalancing:${region}:${account}:${kind}$`);

const listenerArn = z
  .string()
  .regex(elbArn('listener/app/[A-Za-z0-9-]{1,32}/[0-9a-f]{16}/[0-9a-f]{16}'), 'must be a listener ARN: arn:aws:elasticloadbalancing:<region>:<account>:listener/app/<lb name>/<16 hex>/<16 hex>')
  .optional();
const securityGroupId = z
  .string()
  .regex(/^sg-[0-9a-f]{8}(?:[0-9a-f]{9})?$/, 'must be a security group ID such as sg-0123456789abcdef0')
  .optional();

export const IMPORT_KEYS = {
  repository: patterns.ecrRepositoryName.optional().describe('ECR repository, by name (`aws ecr describe-repositories --query "repositories[].repositoryName"`).'),
  lifecyclePolicy: patterns.ecrRepositoryName.optional().describe('The repository\'s existing lifecycle policy, by repository name.'),
  cluster: patterns.ecsName.optional().describe('ECS cluster, by name (`aws ecs list-clusters`).'),
  service: id(/^[A-Za-z0-9_-]{1,255}\/[A-Za-z0-9_-]{1,255}$/, 'cluster-name/service-name such as my-app-cluster/my-node-service', 'ECS service, as `cluster/service` (`aws ecs list-services --cluster my-app-cluster`).'),
  logGroup: patterns.logGroupName.optional().describe('Log group, by name (`aws logs describe-log-groups --log-group-name-prefix /ecs/`).'),
  taskRole: patterns.iamName.optional().describe('Task role, by name.'),
  loadBalancer: id(elbArn('loadbalancer/app/[A-Za-z0-9-]{1,32}/[0-9a-f]{16}'), 'an ALB ARN: arn:aws:elasticloadbalancing:<region>:<account>:loadbalancer/app/<name>/<16 hex>', 'Application Load Balancer, by ARN (`aws elbv2 describe-load-balancers --names my-app-lb`).'),
  targetGroup: id(elbArn('targetgroup/[A-Za-z0-9-]{1,32}/[0-9a-f]{16}'), 'a target group ARN: arn:aws:elasticloadbalancing:<region>:<account>:targetgroup/<name>/<16 hex>', 'Target group, by ARN (`aws elbv2 describe-target-groups --load-balancer-arn …`).'),
  httpListener: listenerArn.describe('Port 80 listener, by ARN (`aws elbv2 describe-listeners --load-balancer-arn …`).'),
  httpsListener: listenerArn.describe('Port 443 listener, by ARN.'),
  loadBalancerSecurityGroup: securityGroupId.describe('The load balancer\'s security group, by ID (`aws ec2 describe-security-groups --filters Name=group-name,Values=…`). Its rules become exactly the stack\'s: others are revoked.'),
  serviceSecurityGroup: securityGroupId.describe('The service\'s security group (e.g. my-service-sg), by ID. Its rules become exactly the stack\'s: others are revoked.'),
  certificate: id(new RegExp(`^arn:${partition}:acm:${region}:${account}:certificate/[0-9a-f-]{36}$`), 'an ACM certificate ARN: arn:aws:acm:<region>:<account>:certificate/<uuid>', 'ACM certificate, by ARN (`aws acm list-certificates`).'),
  aliasRecord: id(/^Z[A-Z0-9]{1,31}_[^_\s]+_A$/, 'ZONEID_name_A such as Z0123456789ABC_example.com_A', 'The Route 53 alias A record, as `<zone id>_<name>_A`.'),
  aliasRecordIpv6: id(/^Z[A-Z0-9]{1,31}_[^_\s]+_AAAA$/, 'ZONEID_name_AAAA', 'The Route 53 alias AAAA record, as `<zone id>_<name>_AAAA`.'),
  repositoryRole: patterns.iamName.optional().describe('The CI push role, by name.'),
  oidcProvider: patterns.oidcProviderArn.optional().describe('The account\'s GitHub OIDC provider, by ARN (when the file creates one).'),
} as const;

export type ImportKey = keyof typeof IMPORT_KEYS;

/**
 * Keys that earlier versions accepted, with why they are gone and what to do instead: a file that still
 * uses one gets this message rather than a bare "unknown key".
 */
export const RETIRED_IMPORT_KEYS: Readonly<Record<string, string>> = {
  taskDefinition:
    'is no longer supported: a task definition revision cannot change, so adopting one means replacing it. Remove the key: the stack registers a new revision in the same family (task.family) and the old revision stays registered for rollback',
  executionRole:
    'is no longer supported: the stack makes and owns its own execution role, so a role other task definitions share (ecsTaskExecutionRole) is never adopted and never deleted by a destroy. Remove the key (and task.executionRoleName if it names that role)',
  serviceIngressFromLoadBalancer:
    'is no longer needed: the security groups\' rules are part of the groups (imports.serviceSecurityGroup, imports.loadBalancerSecurityGroup), and adopting a group makes its rules exactly the stack\'s. Remove the key',
};

export const importsSchema = z
  .strictObject(IMPORT_KEYS)
  .describe(
    'Adopt resources that already exist (made by hand) instead of creating them: key → the ID Terraform imports it by. Remove the entries after the first apply. @default - none',
  );

export type Imports = z.output<typeof importsSchema>;

/** Resources whose loss loses data or breaks clients: imported ones get prevent_destroy. */
export const STATEFUL_IMPORT_KEYS: readonly ImportKey[] = ['repository', 'certificate'];
