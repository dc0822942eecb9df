import { EcsService, type EcsServiceServiceConnectConfiguration } from '@cdktf/provider-aws/lib/ecs-service';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { Fn, Op, TerraformSelf, type IResolvable, type ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { serviceRules } from './security-group-rules';

/** The service group's description: it names no service, so a rename never forces a new group. */
export const SERVICE_SECURITY_GROUP_DESCRIPTION = 'App port from the load balancer only';

export interface FargateServiceProps {
  readonly name: string;
  readonly clusterArn: string;
  readonly taskDefinitionArn: string;
  readonly containerName: string;
  /** The port the container listens on. @default - none: a worker, with no ingress at all */
  readonly containerPort?: number;
  readonly vpcId: string;
  /** The VPC's IPv4 CIDR: calls to other services (`calleePorts`) go to it. @default - needed only with calleePorts */
  readonly vpcCidrBlock?: string;
  /** Subnets the tasks run in. */
  readonly subnetIds: string[];
  /**
   * Fixed name of the service's security group, for adopting a group that exists. A fixed name cannot be
   * replaced in place (AWS refuses a second group of the same name), only renamed.
   * @default - a name generated from `securityGroupNamePrefix`
   */
  readonly securityGroupName?: string;
  /** Prefix of the generated group name (and its Name tag without the trailing `-`). */
  readonly securityGroupNamePrefix: string;
  /**
   * Description of the security group (changing it replaces the group); AWS cannot change it, so an
   * adopted group keeps its own.
   * @default 'App port from the load balancer only'
   */
  readonly securityGroupDescription?: string;
  /** The load balancer's security group, allowed to reach the container port. @default - no rule from the load balancer (a service it does not forward to) */
  readonly loadBalancerSecurityGroupId?: string;
  /** The target group the service registers its tasks in. @default - none (not behind the load balancer) */
  readonly targetGroupArn?: string;
  /** Security groups of the services allowed to call this one on its port. @default - none */
  readonly callerSecurityGroupIds?: readonly string[];
  /** Ports of the services this one calls (egress inside the VPC). @default - none */
  readonly calleePorts?: readonly number[];
  /**
   * ECS Service Connect: the namespace, and for a service that others call, the name it answers to
   * (`http://<name>:<port>`). A service that only calls others gets the client side alone.
   * @default - no Service Connect
   */
  readonly serviceConnect?: { readonly namespaceArn: string; readonly serverName?: string };
  /**
   * Resources the service must wait for: the listener that attaches the target group to the ALB, and the
   * cluster's capacity provider association (ECS does not retry "capacity provider not associated").
   */
  readonly dependsOn?: ITerraformDependable[];
  /**
   * Wait for each deployment to reach a steady state, and fail the apply when the service does not run
   * the new task definition afterwards (the circuit breaker rolled it back). A boolean Terraform
   * expression may be given, e.g. a variable a first deploy sets to false before any image exists.
   * @default true
   */
  readonly waitForSteadyState?: boolean | IResolvable;
  /**
   * The image tag the task runs. When it is `latest` (a MUTABLE repository), every apply starts a new
   * deployment, so the tasks pull what `latest` points to now; any other tag deploys when it changes.
   * @default - deployments follow task definition changes only
   */
  readonly imageTag?: string;
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
 * (failed deployments roll back, and the apply then fails), tags propagated to tasks, and a security
 * group that accepts only the container port, only from the load balancer's security group.
 *
 * Safe to change: the capacity provider strategy (Spot weight) changes in place (`force_new_deployment`,
 * without which provider 5.x replaces the service); the security group (rules inline) is created before
 * the old ones are destroyed, and the apply waits for the deployment, so the old group is deleted only
 * once no task uses it; a renamed service is created before the old one goes.
 */
export class FargateService extends Construct {
  public readonly service: EcsService;
  public readonly securityGroup: SecurityGroup;

  constructor(scope: Construct, id: string, props: FargateServiceProps) {
    super(scope, id);
    const spotWeight = props.fargateSpotWeight ?? 0;
    if (props.targetGroupArn !== undefined && (props.containerPort === undefined || props.loadBalancerSecurityGroupId === undefined)) {
      throw new Error(`FargateService ${props.name}: a service behind a target group needs containerPort and loadBalancerSecurityGroupId`);
    }
    if (props.launchType !== undefined && spotWeight > 0) {
      throw new Error(`FargateService ${props.name}: launchType ${props.launchType} cannot be combined with fargateSpotWeight ${spotWeight} (a Spot weight needs a capacity provider strategy)`);
    }
    // Rules live inside the group, so the group is authoritative: adopting a group made by hand (with,
    // say, the app port open to 0.0.0.0/0) revokes every rule the stack does not declare. Created before
    // destroyed: the tasks move to the new group during the deployment, and the old one goes last.
    this.securityGroup = new SecurityGroup(this, 'security-group', {
      name: props.securityGroupName,
      namePrefix: props.securityGroupName === undefined ? props.securityGroupNamePrefix : undefined,
      description: props.securityGroupDescription ?? SERVICE_SECURITY_GROUP_DESCRIPTION,
      vpcId: props.vpcId,
      ...serviceRules({
        containerPort: props.containerPort,
        loadBalancerSecurityGroupId: props.targetGroupArn !== undefined ? props.loadBalancerSecurityGroupId : undefined,
        callerSecurityGroupIds: props.callerSecurityGroupIds,
        calleePorts: props.calleePorts,
        vpcCidrBlock: props.vpcCidrBlock,
      }),
      tags: { Name: props.securityGroupName ?? props.securityGroupNamePrefix.replace(/-$/, '') },
      lifecycle: { createBeforeDestroy: true },
    });

    const wait = props.waitForSteadyState ?? true;
    // After a deployment the service must run the task definition it was given: a rollback by the
    // circuit breaker leaves the previous one, and the apply fails instead of reporting success.
    const deployed = Op.eq(TerraformSelf.getString('task_definition'), props.taskDefinitionArn);

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
      ...(props.targetGroupArn !== undefined && props.containerPort !== undefined
        ? { loadBalancer: [{ targetGroupArn: props.targetGroupArn, containerName: props.containerName, containerPort: props.containerPort }] }
        : {}),
      ...(props.serviceConnect ? { serviceConnectConfiguration: serviceConnectConfiguration(props.serviceConnect, props.containerPort) } : {}),
      deploymentMinimumHealthyPercent: props.minimumHealthyPercent ?? 100,
      deploymentMaximumPercent: props.maximumPercent ?? 200,
      deploymentCircuitBreaker: { enable: true, rollback: true },
      deploymentController: { type: 'ECS' },
      // ECS accepts a grace period only for a service behind a load balancer.
      ...(props.targetGroupArn !== undefined ? { healthCheckGracePeriodSeconds: props.healthCheckGracePeriodSeconds ?? 60 } : {}),
      enableExecuteCommand: props.enableExecuteCommand ?? false,
      enableEcsManagedTags: true,
      propagateTags: 'SERVICE',
      // Without it, provider 5.x replaces the service when the capacity provider strategy changes.
      forceNewDeployment: true,
      waitForSteadyState: wait,
      ...(props.imageTag !== undefined ? { triggers: { redeploy: Fn.conditional(Op.eq(props.imageTag, 'latest'), Fn.plantimestamp(), '') as string } } : {}),
      dependsOn: props.dependsOn,
      lifecycle: {
        // A renamed service starts before the old one is deleted (same name: AWS refuses, nothing is lost).
        createBeforeDestroy: true,
        ...(props.desiredCountManagedByAutoscaling ? { ignoreChanges: ['desired_count'] } : {}),
        postcondition: [
          {
            condition: typeof wait === 'boolean' ? (wait ? deployed : true) : Op.or(Op.not(wait), deployed),
            errorMessage: 'The service does not run the new task definition: its deployment failed and the circuit breaker rolled it back (see the service events in the ECS console).',
          },
        ],
      },
    });
  }
}


/** The Service Connect block: server side (port mapping `http`, client alias `<name>:<port>`) for a called service, client side only otherwise. */
function serviceConnectConfiguration(config: { readonly namespaceArn: string; readonly serverName?: string }, containerPort: number | undefined): EcsServiceServiceConnectConfiguration {
  if (config.serverName === undefined) return { enabled: true, namespace: config.namespaceArn };
  if (containerPort === undefined) throw new Error(`Service Connect name ${config.serverName} needs a container port`);
  return {
    enabled: true,
    namespace: config.namespaceArn,
    service: [{ portName: 'http', discoveryName: config.serverName, clientAlias: { port: containerPort, dnsName: config.serverName } }],
  };
}
