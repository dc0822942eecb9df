/**
 * Reads what an ECS service made in the console consists of, with read-only calls only: the service
 * and its cluster, task definition, image repository, target group, load balancer, listeners, security
 * groups and their rules, VPC, certificate, hosted zone and alias record, log group and execution role.
 * Anything missing, ambiguous or outside what the stack can adopt stops here with a DiscoveryError.
 */
import { DescribeCertificateCommand, type CertificateDetail } from '@aws-sdk/client-acm';
import { DescribeLogGroupsCommand, type LogGroup } from '@aws-sdk/client-cloudwatch-logs';
import {
  DescribeSecurityGroupRulesCommand,
  DescribeSecurityGroupsCommand,
  DescribeVpcsCommand,
  type SecurityGroup,
  type SecurityGroupRule,
} from '@aws-sdk/client-ec2';
import { DescribeRepositoriesCommand, GetLifecyclePolicyCommand, type Repository } from '@aws-sdk/client-ecr';
import {
  DescribeClustersCommand,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  type Cluster,
  type ContainerDefinition,
  type Service,
  type TaskDefinition,
} from '@aws-sdk/client-ecs';
import {
  DescribeListenersCommand,
  DescribeLoadBalancersCommand,
  DescribeTargetGroupsCommand,
  type Listener,
  type LoadBalancer,
  type TargetGroup,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { GetRoleCommand, type Role } from '@aws-sdk/client-iam';
import { ListHostedZonesByNameCommand, ListResourceRecordSetsCommand, type HostedZone, type ResourceRecordSet } from '@aws-sdk/client-route-53';
import type { AwsClients } from './aws-clients';
import { describeAwsError, DiscoveryError, errorName, read } from './errors';

export interface DiscoveryTarget {
  readonly cluster: string;
  readonly service: string;
  readonly region: string;
  /** The site's domain when the load balancer has no HTTPS listener yet (its certificate names it otherwise). */
  readonly domain?: string;
}

/** An image reference split into the parts adoption needs. */
export interface ImageReference {
  readonly image: string;
  /** Set when the image lives in a private ECR repository of this account and region. */
  readonly repositoryName?: string;
  readonly tag?: string;
}

export interface AccountView {
  readonly region: string;
  readonly accountId: string;
  readonly cluster: Cluster;
  readonly service: Service;
  readonly taskDefinition: TaskDefinition;
  readonly container: ContainerDefinition;
  readonly image: ImageReference;
  readonly repository?: Repository;
  readonly repositoryHasLifecyclePolicy: boolean;
  readonly targetGroup: TargetGroup;
  readonly loadBalancer: LoadBalancer;
  readonly httpListener?: Listener;
  readonly httpsListener?: Listener;
  /** Listeners on other ports: the stack neither adopts nor changes them. */
  readonly otherListeners: readonly Listener[];
  readonly loadBalancerGroup: SecurityGroup;
  readonly serviceGroup: SecurityGroup;
  readonly rules: readonly SecurityGroupRule[];
  readonly vpcCidrBlock: string;
  readonly certificate?: CertificateDetail;
  readonly domain: string;
  readonly hostedZone: HostedZone;
  readonly aliasRecords: readonly ResourceRecordSet[];
  readonly logGroup?: LogGroup;
  readonly executionRole?: Role;
}

export async function readAccount(clients: AwsClients, target: DiscoveryTarget): Promise<AccountView> {
  const { ecs, ecr, elbv2, ec2, acm, logs, iam } = clients;

  const clusters = await read('ecs:DescribeClusters', () => ecs.send(new DescribeClustersCommand({ clusters: [target.cluster], include: ['SETTINGS'] })));
  const cluster = (clusters.clusters ?? []).find((c) => c.clusterName === target.cluster && c.status === 'ACTIVE');
  if (!cluster) {
    throw new DiscoveryError('not-found', `cluster "${target.cluster}" was not found in ${target.region} (\`aws ecs list-clusters --region ${target.region}\` lists them)`);
  }

  const services = await read('ecs:DescribeServices', () => ecs.send(new DescribeServicesCommand({ cluster: target.cluster, services: [target.service] })));
  const service = (services.services ?? []).find((s) => s.serviceName === target.service && s.status !== 'INACTIVE');
  if (!service) {
    throw new DiscoveryError('not-found', `service "${target.service}" was not found in cluster ${target.cluster} (\`aws ecs list-services --cluster ${target.cluster} --region ${target.region}\` lists them)`);
  }
  checkServiceShape(service);

  const described = await read('ecs:DescribeTaskDefinition', () => ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: service.taskDefinition })));
  const taskDefinition = described.taskDefinition;
  if (!taskDefinition) throw new DiscoveryError('not-found', `task definition ${service.taskDefinition} of service ${target.service} was not found`);
  const binding = service.loadBalancers![0];
  const containers = taskDefinition.containerDefinitions ?? [];
  if (containers.length !== 1) {
    throw new DiscoveryError(
      'unsupported',
      `task definition ${service.taskDefinition} has ${containers.length} containers (${containers.map((c) => c.name).join(', ')}); the stack runs exactly one, so adopting would drop the others`,
    );
  }
  const container = containers[0];
  if (container.name !== binding.containerName) {
    throw new DiscoveryError('unsupported', `the service sends traffic to container "${binding.containerName}", which task definition ${service.taskDefinition} does not have`);
  }

  const accountId = arnAccount(service.serviceArn!);
  const image = parseImage(container.image ?? '', accountId, target.region);
  let repository: Repository | undefined;
  let repositoryHasLifecyclePolicy = false;
  if (image.repositoryName) {
    const name = image.repositoryName;
    try {
      const repositories = await ecr.send(new DescribeRepositoriesCommand({ repositoryNames: [name] }));
      repository = repositories.repositories?.[0];
    } catch (error) {
      if (errorName(error) !== 'RepositoryNotFoundException') throw describeAwsError(error, 'ecr:DescribeRepositories');
    }
    if (repository) {
      try {
        await ecr.send(new GetLifecyclePolicyCommand({ repositoryName: name }));
        repositoryHasLifecyclePolicy = true;
      } catch (error) {
        if (errorName(error) !== 'LifecyclePolicyNotFoundException') throw describeAwsError(error, 'ecr:GetLifecyclePolicy');
      }
    }
  }

  const groups = await read('elasticloadbalancing:DescribeTargetGroups', () => elbv2.send(new DescribeTargetGroupsCommand({ TargetGroupArns: [binding.targetGroupArn!] })));
  const targetGroup = groups.TargetGroups?.[0];
  if (!targetGroup) throw new DiscoveryError('not-found', `target group ${binding.targetGroupArn} of service ${target.service} was not found`);
  const lbArns = targetGroup.LoadBalancerArns ?? [];
  if (lbArns.length !== 1) {
    throw new DiscoveryError(
      lbArns.length === 0 ? 'not-found' : 'ambiguous',
      `target group ${targetGroup.TargetGroupName} is attached to ${lbArns.length} load balancers${lbArns.length ? ` (${lbArns.join(', ')})` : ''}; the stack adopts exactly one`,
    );
  }
  if (targetGroup.TargetType !== 'ip' || targetGroup.Protocol !== 'HTTP') {
    throw new DiscoveryError('unsupported', `target group ${targetGroup.TargetGroupName} is ${targetGroup.Protocol} with ${targetGroup.TargetType} targets; the stack adopts HTTP target groups with ip targets (both force a new target group when they change)`);
  }
  if (targetGroup.Port !== binding.containerPort) {
    throw new DiscoveryError('unsupported', `target group ${targetGroup.TargetGroupName} listens on port ${targetGroup.Port} but the container port is ${binding.containerPort}; the stack uses one port for both, and a new port replaces the target group`);
  }

  const balancers = await read('elasticloadbalancing:DescribeLoadBalancers', () => elbv2.send(new DescribeLoadBalancersCommand({ LoadBalancerArns: lbArns })));
  const loadBalancer = balancers.LoadBalancers?.[0];
  if (!loadBalancer) throw new DiscoveryError('not-found', `load balancer ${lbArns[0]} was not found`);
  if (loadBalancer.Type !== 'application' || loadBalancer.Scheme !== 'internet-facing') {
    throw new DiscoveryError('unsupported', `load balancer ${loadBalancer.LoadBalancerName} is ${loadBalancer.Scheme} ${loadBalancer.Type}; the stack adopts internet-facing Application Load Balancers`);
  }
  const lbGroups = loadBalancer.SecurityGroups ?? [];
  if (lbGroups.length !== 1) {
    throw new DiscoveryError('ambiguous', `load balancer ${loadBalancer.LoadBalancerName} has ${lbGroups.length} security groups (${lbGroups.join(', ')}); the stack manages exactly one`);
  }

  const listenerList = await read('elasticloadbalancing:DescribeListeners', () => elbv2.send(new DescribeListenersCommand({ LoadBalancerArn: loadBalancer.LoadBalancerArn })));
  const listeners = listenerList.Listeners ?? [];
  const httpListener = listeners.find((l) => l.Port === 80 && l.Protocol === 'HTTP');
  const httpsListener = listeners.find((l) => l.Port === 443 && l.Protocol === 'HTTPS');
  const otherListeners = listeners.filter((l) => l !== httpListener && l !== httpsListener);

  const serviceGroupId = service.networkConfiguration!.awsvpcConfiguration!.securityGroups![0];
  const groupIds = [lbGroups[0], serviceGroupId];
  if (groupIds[0] === groupIds[1]) {
    throw new DiscoveryError('unsupported', `the load balancer and the service share security group ${groupIds[0]}; the stack gives each its own group (its rules would lock the load balancer out)`);
  }
  const securityGroups = await read('ec2:DescribeSecurityGroups', () => ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: groupIds })));
  const byId = new Map((securityGroups.SecurityGroups ?? []).map((g) => [g.GroupId, g]));
  const [loadBalancerGroup, serviceGroup] = groupIds.map((id) => {
    const group = byId.get(id);
    if (!group) throw new DiscoveryError('not-found', `security group ${id} was not found`);
    return group;
  });
  const rules: SecurityGroupRule[] = [];
  let nextToken: string | undefined;
  do {
    const page = await read('ec2:DescribeSecurityGroupRules', () =>
      ec2.send(new DescribeSecurityGroupRulesCommand({ Filters: [{ Name: 'group-id', Values: groupIds }], NextToken: nextToken })),
    );
    rules.push(...(page.SecurityGroupRules ?? []));
    nextToken = page.NextToken;
  } while (nextToken);

  const vpcs = await read('ec2:DescribeVpcs', () => ec2.send(new DescribeVpcsCommand({ VpcIds: [loadBalancer.VpcId!] })));
  const vpcCidrBlock = vpcs.Vpcs?.[0]?.CidrBlock;
  if (!vpcCidrBlock) throw new DiscoveryError('not-found', `VPC ${loadBalancer.VpcId} of load balancer ${loadBalancer.LoadBalancerName} was not found`);

  let certificate: CertificateDetail | undefined;
  const certificateArn = httpsListener?.Certificates?.[0]?.CertificateArn;
  if (certificateArn) {
    const described = await read('acm:DescribeCertificate', () => acm.send(new DescribeCertificateCommand({ CertificateArn: certificateArn })));
    certificate = described.Certificate;
  }
  const domain = target.domain ?? certificate?.DomainName;
  if (!domain) {
    throw new DiscoveryError('usage', `load balancer ${loadBalancer.LoadBalancerName} has no HTTPS listener with a certificate to take the domain from; pass --domain <the site's name>`);
  }
  if (domain.startsWith('*.')) {
    throw new DiscoveryError('usage', `the certificate's name is the wildcard ${domain}; pass --domain with the site's own name (e.g. app.example.com)`);
  }

  const hostedZone = await findHostedZone(clients, domain);
  const aliasRecords = await findAliasRecords(clients, hostedZone, domain, loadBalancer.IpAddressType === 'dualstack');

  let logGroup: LogGroup | undefined;
  const logGroupName = container.logConfiguration?.logDriver === 'awslogs' ? container.logConfiguration.options?.['awslogs-group'] : undefined;
  if (logGroupName) {
    const found = await read('logs:DescribeLogGroups', () => logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: logGroupName })));
    logGroup = found.logGroups?.find((g) => g.logGroupName === logGroupName);
  }

  let executionRole: Role | undefined;
  if (taskDefinition.executionRoleArn) {
    const roleName = taskDefinition.executionRoleArn.split('/').pop()!;
    try {
      executionRole = (await iam.send(new GetRoleCommand({ RoleName: roleName }))).Role;
    } catch (error) {
      if (errorName(error) !== 'NoSuchEntityException') throw describeAwsError(error, 'iam:GetRole');
    }
  }

  return {
    region: target.region,
    accountId,
    cluster,
    service,
    taskDefinition,
    container,
    image,
    repository,
    repositoryHasLifecyclePolicy,
    targetGroup,
    loadBalancer,
    httpListener,
    httpsListener,
    otherListeners,
    loadBalancerGroup,
    serviceGroup,
    rules,
    vpcCidrBlock,
    certificate,
    domain,
    hostedZone,
    aliasRecords,
    logGroup,
    executionRole,
  };
}

/** What the stack cannot adopt about a service, as clear errors before anything else is read. */
function checkServiceShape(service: Service): void {
  const name = service.serviceName;
  if (service.launchType && service.launchType !== 'FARGATE') {
    throw new DiscoveryError('unsupported', `service ${name} runs with launch type ${service.launchType}; the stack runs services on Fargate`);
  }
  if (service.deploymentController?.type && service.deploymentController.type !== 'ECS') {
    throw new DiscoveryError('unsupported', `service ${name} uses the ${service.deploymentController.type} deployment controller; the stack uses rolling updates (ECS), and switching replaces the service`);
  }
  const bindings = service.loadBalancers ?? [];
  if (bindings.length !== 1 || !bindings[0].targetGroupArn) {
    throw new DiscoveryError(
      bindings.length === 0 ? 'not-found' : 'ambiguous',
      `service ${name} is attached to ${bindings.length} target groups; the stack adopts a service behind exactly one`,
    );
  }
  const groups = service.networkConfiguration?.awsvpcConfiguration?.securityGroups ?? [];
  if (groups.length !== 1) {
    throw new DiscoveryError('ambiguous', `service ${name} has ${groups.length} security groups (${groups.join(', ')}); the stack manages exactly one`);
  }
}

/** The public hosted zone that holds `domain`: the longest zone name that is a suffix of it. */
async function findHostedZone(clients: AwsClients, domain: string): Promise<HostedZone> {
  const labels = domain.split('.');
  for (let index = 0; index < labels.length - 1; index++) {
    const zoneName = `${labels.slice(index).join('.')}.`;
    const answer = await read('route53:ListHostedZonesByName', () => clients.route53.send(new ListHostedZonesByNameCommand({ DNSName: zoneName })));
    const zones = (answer.HostedZones ?? []).filter((zone) => zone.Name === zoneName && !zone.Config?.PrivateZone);
    if (zones.length > 1) {
      throw new DiscoveryError('ambiguous', `${zones.length} public hosted zones are named ${zoneName} (${zones.map((z) => zoneId(z)).join(', ')}); keep one, or write hostedZoneId by hand`);
    }
    if (zones.length === 1) return zones[0];
  }
  throw new DiscoveryError('not-found', `no public Route 53 hosted zone holds ${domain} (\`aws route53 list-hosted-zones\` lists them); the stack needs one for the alias and the certificate's validation records`);
}

/** The domain's A (and, for a dualstack load balancer, AAAA) records, when they exist. */
async function findAliasRecords(clients: AwsClients, zone: HostedZone, domain: string, dualstack: boolean): Promise<ResourceRecordSet[]> {
  const records: ResourceRecordSet[] = [];
  for (const type of dualstack ? (['A', 'AAAA'] as const) : (['A'] as const)) {
    const answer = await read('route53:ListResourceRecordSets', () =>
      clients.route53.send(new ListResourceRecordSetsCommand({ HostedZoneId: zoneId(zone), StartRecordName: domain, StartRecordType: type, MaxItems: 1 })),
    );
    const record = (answer.ResourceRecordSets ?? []).find((r) => r.Type === type && sameName(r.Name ?? '', domain));
    if (record) records.push(record);
  }
  return records;
}

export function zoneId(zone: HostedZone): string {
  return (zone.Id ?? '').replace(/^\/hostedzone\//, '');
}

/** Route 53 names end with a dot and may escape characters; compare them as DNS does, case-insensitively. */
export function sameName(recordName: string, domain: string): boolean {
  return recordName.replace(/\.$/, '').toLowerCase() === domain.replace(/\.$/, '').toLowerCase();
}

function arnAccount(arn: string): string {
  return arn.split(':')[4];
}

/** `<account>.dkr.ecr.<region>.amazonaws.com/<name>[:tag|@digest]`; other registries give no repository. */
export function parseImage(image: string, accountId: string, region: string): ImageReference {
  const match = /^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?\/([^:@]+)(?::([^@]+))?(?:@.+)?$/.exec(image);
  if (!match || match[1] !== accountId || match[2] !== region) return { image };
  return { image, repositoryName: match[3], tag: match[4] };
}
