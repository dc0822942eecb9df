/**
 * The AWS SDK clients discovery reads with: one per service, each from its own package (the SDK's
 * modular v3 clients), all with the standard credential chain (environment, shared config and SSO
 * profiles, container and instance roles). Only `npm run discover` loads this module: synth and the
 * policy gate never import the SDK.
 */
import { ACMClient } from '@aws-sdk/client-acm';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { EC2Client } from '@aws-sdk/client-ec2';
import { ECRClient } from '@aws-sdk/client-ecr';
import { ECSClient } from '@aws-sdk/client-ecs';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { IAMClient } from '@aws-sdk/client-iam';
import { Route53Client } from '@aws-sdk/client-route-53';

export interface AwsClients {
  readonly acm: ACMClient;
  readonly ec2: EC2Client;
  readonly ecr: ECRClient;
  readonly ecs: ECSClient;
  readonly elbv2: ElasticLoadBalancingV2Client;
  readonly iam: IAMClient;
  readonly logs: CloudWatchLogsClient;
  readonly route53: Route53Client;
}

/**
 * Clients for `region`; without one the SDK takes the region from AWS_REGION or the profile, and
 * `resolveRegion` says which (or that there is none).
 */
export function createClients(region?: string): AwsClients {
  const config = region ? { region } : {};
  return {
    acm: new ACMClient(config),
    ec2: new EC2Client(config),
    ecr: new ECRClient(config),
    ecs: new ECSClient(config),
    elbv2: new ElasticLoadBalancingV2Client(config),
    iam: new IAMClient(config),
    logs: new CloudWatchLogsClient(config),
    route53: new Route53Client(config),
  };
}

/** The region the clients use; undefined when neither the option, the environment nor the profile gives one. */
export async function resolveRegion(clients: AwsClients): Promise<string | undefined> {
  try {
    const region = await clients.ecs.config.region();
    return region || undefined;
  } catch {
    return undefined;
  }
}

export function destroyClients(clients: AwsClients): void {
  for (const client of Object.values(clients) as Array<{ destroy(): void }>) client.destroy();
}
