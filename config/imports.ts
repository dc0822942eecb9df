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
  taskDefinition: id(new RegExp(`^arn:${partition}:ecs:${region}:${account}:task-definition/[A-Za-z0-9_-]{1,255}:\\d+$`), 'a task definition ARN ending in :<revision>', 'Task definition revision, by ARN (`aws ecs list-task-definitions --family-prefix my-node-task`).'),
  logGroup: patterns.logGroupName.optional().describe('Log group, by name (`aws logs describe-log-groups --log-group-name-prefix /ecs/`).'),
  executionRole: patterns.iamName.optional().describe('Task execution role, by name.'),
  taskRole: patterns.iamName.optional().describe('Task role, by name.'),
  loadBalancer: id(elbArn('loadbalancer/app/[A-Za-z0-9-]{1,32}/[0-9a-f]{16}'), 'an ALB ARN: arn:aws:elasticloadbalancing:<region>:<account>:loadbalancer/app/<name>/<16 hex>', 'Application Load Balancer, by ARN (`aws elbv2 describe-load-balancers --names my-app-lb`).'),
  targetGroup: id(elbArn('targetgroup/[A-Za-z0-9-]{1,32}/[0-9a-f]{16}'), 'a target group ARN: arn:aws:elasticloadbalancing:<region>:<account>:targetgroup/<name>/<16 hex>', 'Target group, by ARN (`aws elbv2 describe-target-groups --load-balancer-arn …`).'),
  httpListener: listenerArn.describe('Port 80 listener, by ARN (`aws elbv2 describe-listeners --load-balancer-arn …`).'),
  httpsListener: listenerArn.describe('Port 443 listener, by ARN.'),
  loadBalancerSecurityGroup: securityGroupId.describe('The load balancer\'s security group, by ID (`aws ec2 describe-security-groups --filters Name=group-name,Values=…`).'),
  serviceSecurityGroup: securityGroupId.describe('The service\'s security group (e.g. my-service-sg), by ID.'),
  serviceIngressFromLoadBalancer: id(/^sgr-[0-9a-f]{8}(?:[0-9a-f]{9})?$/, 'a security group rule ID such as sgr-0123456789abcdef0', 'An existing rule "app port from the load balancer\'s group" on the service group (`aws ec2 describe-security-group-rules --filters Name=group-id,Values=sg-…`).'),
  certificate: id(new RegExp(`^arn:${partition}:acm:${region}:${account}:certificate/[0-9a-f-]{36}$`), 'an ACM certificate ARN: arn:aws:acm:<region>:<account>:certificate/<uuid>', 'ACM certificate, by ARN (`aws acm list-certificates`).'),
  aliasRecord: id(/^Z[A-Z0-9]{1,31}_[^_\s]+_A$/, 'ZONEID_name_A such as Z0123456789ABC_example.com_A', 'The Route 53 alias A record, as `<zone id>_<name>_A`.'),
  aliasRecordIpv6: id(/^Z[A-Z0-9]{1,31}_[^_\s]+_AAAA$/, 'ZONEID_name_AAAA', 'The Route 53 alias AAAA record, as `<zone id>_<name>_AAAA`.'),
  repositoryRole: patterns.iamName.optional().describe('The CI push role, by name.'),
  oidcProvider: patterns.oidcProviderArn.optional().describe('The account\'s GitHub OIDC provider, by ARN (when the file creates one).'),
} as const;

export type ImportKey = keyof typeof IMPORT_KEYS;

export const importsSchema = z
  .strictObject(IMPORT_KEYS)
  .describe(
    'Adopt resources that already exist (made by hand) instead of creating them: key → the ID Terraform imports it by. Remove the entries after the first apply. @default - none',
  );

export type Imports = z.output<typeof importsSchema>;

/** Resources whose loss loses data or breaks clients: imported ones get prevent_destroy. */
export const STATEFUL_IMPORT_KEYS: readonly ImportKey[] = ['repository', 'certificate'];
