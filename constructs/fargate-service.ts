import { EcsService } from '@cdktf/provider-aws/lib/ecs-service';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import type { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { serviceRules } from './security-group-rules';

export interface FargateServiceProps {
  readonly name: string;
  readonly clusterArn: string;
  readonly taskDefinitionArn: string;
  readonly containerName: string;
  readonly containerPort: number;
  readonly vpcId: string;
  /** Subnets the tasks run in. */
  readonly subnetIds: string[];
  readonly securityGroupName: string;
  /**
   * Description of the security group; AWS cannot change it, so an adopted group keeps its own.
   * @default - 'Service <name>: app port from the load balancer only'
   */
  readonly securityGroupDescription?: string;
  /** The load balancer's security group: the only source allowed to reach the tasks. */
  readonly loadBalancerSecurityGroupId: string;
  readonly targetGroupArn: string;
  /** Resources the service must wait for (the listener that attaches the target group to the ALB). */
  readonly dependsOn?: ITerraformDependable[];
  /** @default 2 */
  readonly desiredCount?: number;
  /** @default false */
  readonly assignPublicIp?: boolean;
  /** @default false */
  readonly enableExecuteCommand?: boolean;
  /** @default 60 */
  readonly healthCheckGracePeriodSeconds?: number;
  /** @default 100 */
  readonly minimumHealthyPercent?: number;
  /** @default 200 */
  readonly maximumPercent?: number;
  /** Weight of FARGATE_SPOT next to FARGATE (weight 1, base 1). @default 0 */
  readonly fargateSpotWeight?: number;
  /**
   * Run with this launch type instead of a capacity provider strategy, as a service made in the console
   * does: ECS replaces a service that switches between the two. Not with `fargateSpotWeight` above 0.
   * @default - a capacity provider strategy (FARGATE, plus FARGATE_SPOT when weighted)
   */
  readonly launchType?: 'FARGATE';
  /**
   * Leave `desired_count` to autoscaling after creation, so a deployment does not reset the running count.
   * @default false
   */
  readonly desiredCountManagedByAutoscaling?: boolean;
}

/**
 * A Fargate service behind the load balancer: rolling updates with the deployment circuit breaker
 * (failed deployments roll back), tags propagated to tasks, and a security group that accepts only
 * the container port, only from the load balancer's security group.
 */
export class FargateService extends Construct {
  public readonly service: EcsService;
  public readonly securityGroup: SecurityGroup;

  constructor(scope: Construct, id: string, props: FargateServiceProps) {
    super(scope, id);
    const spotWeight = props.fargateSpotWeight ?? 0;
    if (props.launchType !== undefined && spotWeight > 0) {
      throw new Error(`FargateService ${props.name}: launchType ${props.launchType} cannot be combined with fargateSpotWeight ${spotWeight} (a Spot weight needs a capacity provider strategy)`);
    }
    // Rules live inside the group, so the group is authoritative: adopting a group made by hand (with,
    // say, the app port open to 0.0.0.0/0) revokes every rule the stack does not declare.
    this.securityGroup = new SecurityGroup(this, 'security-group', {
      name: props.securityGroupName,
      description: props.securityGroupDescription ?? `Service ${props.name}: app port from the load balancer only`,
      vpcId: props.vpcId,
      ...serviceRules({ containerPort: props.containerPort, loadBalancerSecurityGroupId: props.loadBalancerSecurityGroupId }),
      tags: { Name: props.securityGroupName },
    });

    this.service = new EcsService(this, 'service', {
      name: props.name,
      cluster: props.clusterArn,
      taskDefinition: props.taskDefinitionArn,
      desiredCount: props.desiredCount ?? 2,
      ...(props.launchType !== undefined
        ? { launchType: props.launchType }
        : {
            capacityProviderStrategy: [
              { capacityProvider: 'FARGATE', weight: 1, base: 1 },
              ...(spotWeight > 0 ? [{ capacityProvider: 'FARGATE_SPOT', weight: spotWeight }] : []),
            ],
          }),
      platformVersion: 'LATEST',
      networkConfiguration: {
        subnets: props.subnetIds,
        securityGroups: [this.securityGroup.id],
        assignPublicIp: props.assignPublicIp ?? false,
      },
      loadBalancer: [{ targetGroupArn: props.targetGroupArn, containerName: props.containerName, containerPort: props.containerPort }],
      deploymentMinimumHealthyPercent: props.minimumHealthyPercent ?? 100,
      deploymentMaximumPercent: props.maximumPercent ?? 200,
      deploymentCircuitBreaker: { enable: true, rollback: true },
      deploymentController: { type: 'ECS' },
      healthCheckGracePeriodSeconds: props.healthCheckGracePeriodSeconds ?? 60,
      enableExecuteCommand: props.enableExecuteCommand ?? false,
      enableEcsManagedTags: true,
      propagateTags: 'SERVICE',
      waitForSteadyState: false,
      dependsOn: props.dependsOn,
      lifecycle: props.desiredCountManagedByAutoscaling ? { ignoreChanges: ['desired_count'] } : undefined,
    });
  }
}
