import { EcsService } from '@cdktf/provider-aws/lib/ecs-service';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import type { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';

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
  /** The one ingress rule: the app port from the load balancer's group. */
  public readonly ingressFromLoadBalancer: VpcSecurityGroupIngressRule;

  constructor(scope: Construct, id: string, props: FargateServiceProps) {
    super(scope, id);
    this.securityGroup = new SecurityGroup(this, 'security-group', {
      name: props.securityGroupName,
      description: `Service ${props.name}: app port from the load balancer only`,
      vpcId: props.vpcId,
      tags: { Name: props.securityGroupName },
    });
    this.ingressFromLoadBalancer = new VpcSecurityGroupIngressRule(this, 'ingress-from-alb', {
      securityGroupId: this.securityGroup.id,
      description: 'App port from the load balancer',
      ipProtocol: 'tcp',
      fromPort: props.containerPort,
      toPort: props.containerPort,
      referencedSecurityGroupId: props.loadBalancerSecurityGroupId,
    });
    // Tasks reach ECR, CloudWatch Logs and Secrets Manager over HTTPS (through NAT or a public IP).
    for (const [family, cidr] of [
      ['ipv4', { cidrIpv4: '0.0.0.0/0' }],
      ['ipv6', { cidrIpv6: '::/0' }],
    ] as const) {
      new VpcSecurityGroupEgressRule(this, `egress-https-${family}`, {
        securityGroupId: this.securityGroup.id,
        description: 'HTTPS to AWS APIs and the internet',
        ipProtocol: 'tcp',
        fromPort: 443,
        toPort: 443,
        ...cidr,
      });
    }
    // The load balancer's group needs a way out to the tasks as well.
    new VpcSecurityGroupEgressRule(this, 'alb-egress-to-service', {
      securityGroupId: props.loadBalancerSecurityGroupId,
      description: `To service ${props.name} on the app port`,
      ipProtocol: 'tcp',
      fromPort: props.containerPort,
      toPort: props.containerPort,
      referencedSecurityGroupId: this.securityGroup.id,
    });

    const spotWeight = props.fargateSpotWeight ?? 0;
    this.service = new EcsService(this, 'service', {
      name: props.name,
      cluster: props.clusterArn,
      taskDefinition: props.taskDefinitionArn,
      desiredCount: props.desiredCount ?? 2,
      capacityProviderStrategy: [
        { capacityProvider: 'FARGATE', weight: 1, base: 1 },
        ...(spotWeight > 0 ? [{ capacityProvider: 'FARGATE_SPOT', weight: spotWeight }] : []),
      ],
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
