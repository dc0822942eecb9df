/**
 * The console world as the AWS SDK sees it: every client discovery uses is mocked with
 * aws-sdk-client-mock and answers with the responses under __tests__/fixtures/console-world/aws
 * (one file per API call, shaped as the AWS API references give them). Tests override single calls to
 * make AWS refuse, miss or multiply something.
 */
import { ACMClient, DescribeCertificateCommand } from '@aws-sdk/client-acm';
import { CloudWatchLogsClient, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { DescribeSecurityGroupRulesCommand, DescribeSecurityGroupsCommand, DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { DescribeRepositoriesCommand, ECRClient, GetLifecyclePolicyCommand } from '@aws-sdk/client-ecr';
import { DescribeClustersCommand, DescribeServicesCommand, DescribeTaskDefinitionCommand, ECSClient } from '@aws-sdk/client-ecs';
import { DescribeListenersCommand, DescribeLoadBalancersCommand, DescribeTargetGroupsCommand, ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { GetRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { ListHostedZonesByNameCommand, ListResourceRecordSetsCommand, Route53Client } from '@aws-sdk/client-route-53';
import { mockClient } from 'aws-sdk-client-mock';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../helpers/synth';

export const CONSOLE_WORLD = join(REPO_ROOT, '__tests__', 'fixtures', 'console-world');

/** One recorded AWS response (`<service>.<Operation>.json`), parsed fresh for every call. */
export function response<T = Record<string, unknown>>(name: string): T {
  return JSON.parse(readFileSync(join(CONSOLE_WORLD, 'aws', `${name}.json`), 'utf8')) as T;
}

/** An error as the SDK throws it for an AWS error code. */
export function awsError(name: string, message: string): Error {
  return Object.assign(new Error(message), { name, $fault: 'client', $metadata: { httpStatusCode: 400 } });
}

/** Each client's mock, plus every command sent (by class name, e.g. `DescribeServicesCommand`) and a restore. */
export type ConsoleWorldMocks = ReturnType<typeof mockConsoleWorld>;

export function mockConsoleWorld() {
  const acm = mockClient(ACMClient);
  const ec2 = mockClient(EC2Client);
  const ecr = mockClient(ECRClient);
  const ecs = mockClient(ECSClient);
  const elbv2 = mockClient(ElasticLoadBalancingV2Client);
  const iam = mockClient(IAMClient);
  const logs = mockClient(CloudWatchLogsClient);
  const route53 = mockClient(Route53Client);
  // One shape for the loops below: each mock only needs these three methods here.
  const all = [acm, ec2, ecr, ecs, elbv2, iam, logs, route53] as unknown as Array<{
    onAnyCommand(): { rejects(error: Error): unknown };
    calls(): Array<{ args: unknown[] }>;
    restore(): void;
  }>;
  for (const mock of all) mock.onAnyCommand().rejects(awsError('UnexpectedCall', 'the console world has no answer for this call'));

  // Names the world does not hold answer as ECS does: an empty list and a MISSING failure.
  ecs.on(DescribeClustersCommand).callsFake((input: { clusters: string[] }) => ({ clusters: [], failures: input.clusters.map((arn) => ({ arn, reason: 'MISSING' })) }));
  ecs.on(DescribeServicesCommand).callsFake((input: { services: string[] }) => ({ services: [], failures: input.services.map((arn) => ({ arn, reason: 'MISSING' })) }));
  ecs.on(DescribeClustersCommand, { clusters: ['my-app-cluster'] }).callsFake(() => response('ecs.DescribeClusters'));
  ecs.on(DescribeServicesCommand, { cluster: 'my-app-cluster', services: ['my-node-service'] }).callsFake(() => response('ecs.DescribeServices'));
  ecs.on(DescribeTaskDefinitionCommand, { taskDefinition: 'arn:aws:ecs:us-east-1:123456789012:task-definition/my-node-task:1' }).callsFake(() => response('ecs.DescribeTaskDefinition'));
  ecr.on(DescribeRepositoriesCommand, { repositoryNames: ['my-node-app'] }).callsFake(() => response('ecr.DescribeRepositories'));
  ecr.on(GetLifecyclePolicyCommand).rejects(awsError('LifecyclePolicyNotFoundException', "Lifecycle policy does not exist for the repository with name 'my-node-app' in the registry with id '123456789012'"));
  elbv2.on(DescribeTargetGroupsCommand).callsFake(() => response('elbv2.DescribeTargetGroups'));
  elbv2.on(DescribeLoadBalancersCommand).callsFake(() => response('elbv2.DescribeLoadBalancers'));
  elbv2.on(DescribeListenersCommand).callsFake(() => response('elbv2.DescribeListeners'));
  ec2.on(DescribeSecurityGroupsCommand).callsFake(() => response('ec2.DescribeSecurityGroups'));
  ec2.on(DescribeSecurityGroupRulesCommand).callsFake(() => response('ec2.DescribeSecurityGroupRules'));
  ec2.on(DescribeVpcsCommand).callsFake(() => response('ec2.DescribeVpcs'));
  acm.on(DescribeCertificateCommand).callsFake(() => response('acm.DescribeCertificate'));
  route53.on(ListHostedZonesByNameCommand).callsFake((input: { DNSName: string }) => {
    const answer = response<{ HostedZones: Array<{ Name: string }> }>('route53.ListHostedZonesByName');
    // The API lists zones from the given name on, in order; only example.com. exists here.
    return { ...answer, DNSName: input.DNSName, HostedZones: input.DNSName === 'example.com.' || input.DNSName === 'app.example.com.' ? answer.HostedZones : [] };
  });
  route53.on(ListResourceRecordSetsCommand).callsFake(() => response('route53.ListResourceRecordSets'));
  logs.on(DescribeLogGroupsCommand).callsFake(() => response('logs.DescribeLogGroups'));
  iam.on(GetRoleCommand, { RoleName: 'ecsTaskExecutionRole' }).callsFake(() => response('iam.GetRole'));

  return {
    acm,
    ec2,
    ecr,
    ecs,
    elbv2,
    iam,
    logs,
    route53,
    sentCommands: (): string[] => all.flatMap((mock) => mock.calls().map((call) => (call.args[0] as { constructor: { name: string } }).constructor.name)),
    restore: (): void => all.forEach((mock) => mock.restore()),
  };
}
