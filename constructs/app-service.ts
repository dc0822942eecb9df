import { LbListenerRule } from '@cdktf/provider-aws/lib/lb-listener-rule';
import type { LbTargetGroup } from '@cdktf/provider-aws/lib/lb-target-group';
import type { IResolvable, ITerraformDependable } from 'cdktf';
import type { Construct } from 'constructs';
import type { ServiceNames } from '../config/names';
import { isRouted, type ServiceSpec } from '../config/services';
import { ContainerRegistry, type ContainerRegistryProps } from './container-registry';
import { FargateService } from './fargate-service';
import { FargateTaskDefinition } from './fargate-task-definition';
import { ImageTag, imageTagVariableName } from './image-tag';
import { ipTargetGroup } from './load-balancer';
import { ServiceAutoscaling } from './service-autoscaling';

/** What one service of a stack is made of. */
export interface AppServiceParts {
  readonly spec: ServiceSpec;
  readonly imageTag: ImageTag;
  readonly registry: ContainerRegistry;
  readonly task: FargateTaskDefinition;
  /** The target group, for a routed service. */
  readonly targetGroup?: LbTargetGroup;
  /** The HTTPS listener rule, for a service with `routing`. */
  readonly listenerRule?: LbListenerRule;
  readonly service: FargateService;
  readonly autoscaling?: ServiceAutoscaling;
}

/** What every service of an environment shares. */
export interface SharedServiceSettings {
  readonly envName: string;
  readonly production: boolean;
  readonly region: string;
  readonly accountId: string;
  readonly clusterArn: string;
  readonly clusterName: string;
  readonly vpcId: string;
  readonly vpcCidrBlock: string;
  readonly publicSubnetIds: string[];
  readonly privateSubnetIds: string[];
  readonly loadBalancerSecurityGroupId: string;
  readonly httpsListenerArn: string;
  /** Registry settings every repository of the environment takes (mutability, scanning, lifecycle, key). */
  readonly registry: Omit<ContainerRegistryProps, 'name' | 'deployedTag'>;
  readonly logRetentionDays: number;
  readonly logKmsKeyArn?: string;
  /** Keys an execution role may decrypt secrets with, given the service's own list. */
  readonly secretsKeyArns: (serviceKeyArns: readonly string[]) => string[];
  /** Wait for each deployment (the `wait_for_steady_state` variable). */
  readonly waitForSteadyState: boolean | IResolvable;
  /** What every service waits for (listeners, the cluster's capacity providers). */
  readonly dependsOn: ITerraformDependable[];
  /** The Service Connect namespace, when any service calls another. */
  readonly serviceConnectNamespaceArn?: string;
}

export interface AppServiceProps {
  readonly spec: ServiceSpec;
  readonly names: ServiceNames;
  readonly shared: SharedServiceSettings;
  /** The target group a single-service stack keeps inside its load balancer construct (its Terraform address predates many services). */
  readonly existingTargetGroup?: LbTargetGroup;
  /** Security groups of this service's callers (made before it). */
  readonly callerSecurityGroupIds: readonly string[];
  /** Ports of the services this one calls. */
  readonly calleePorts: readonly number[];
  /** Whether this service is called by others (then it answers in Service Connect under its name). */
  readonly called: boolean;
}

/**
 * One service of an environment: its image tag variable, ECR repository, task definition (with log
 * group, execution and task roles), target group and listener rule when routed, ECS service with its
 * security group, and autoscaling. The construct IDs are those a single-service stack always used
 * (`registry`, `task`, `service`, …), so under the stack itself they keep that stack's Terraform
 * addresses, and under a per-service scope they nest.
 */
export function addAppService(scope: Construct, props: AppServiceProps): AppServiceParts {
  const { spec, names, shared } = props;
  const { task, service } = spec;
  const imageTag = new ImageTag(scope, 'image-tag', {
    defaultTag: task.imageTag,
    refuseLatest: shared.production,
    ...(spec.single ? {} : { variableName: imageTagVariableName(spec.key), serviceName: spec.key }),
  });
  const registry = new ContainerRegistry(scope, 'registry', { ...shared.registry, name: names.repository, deployedTag: imageTag.value });

  const routed = isRouted(spec);
  const worker = spec.port === undefined;
  const taskDefinition = new FargateTaskDefinition(scope, 'task', {
    family: names.taskFamily,
    cpu: task.cpu,
    memory: task.memory,
    cpuArchitecture: task.cpuArchitecture,
    image: `${registry.repository.repositoryUrl}:${imageTag.value}`,
    repositoryArn: registry.repository.arn,
    containerName: task.containerName,
    containerPort: spec.port,
    worker,
    healthCheckPath: spec.targetGroup.healthCheckPath,
    healthCheck: task.healthCheck,
    // The app reports which image and environment it runs; the file's own values win.
    environment: { APP_VERSION: imageTag.value, APP_ENV: shared.envName, ...(spec.single ? {} : { APP_SERVICE: spec.key }), ...task.environment },
    secrets: task.secrets,
    stopTimeoutSeconds: task.stopTimeoutSeconds,
    readonlyRootFilesystem: task.readonlyRootFilesystem,
    enableExecuteCommand: service.enableExecuteCommand,
    executionRoleName: names.executionRole,
    taskRoleName: names.taskRole,
    logGroupName: names.logGroup,
    logRetentionDays: shared.logRetentionDays,
    logKmsKeyArn: shared.logKmsKeyArn,
    region: shared.region,
    accountId: shared.accountId,
    secretsKmsKeyArns: shared.secretsKeyArns(task.secretsKmsKeyArns),
  });

  const targetGroup =
    props.existingTargetGroup ??
    (routed
      ? ipTargetGroup(scope, 'targets', {
          ...spec.targetGroup,
          name: names.targetGroup,
          namePrefix: names.targetGroupPrefix,
          port: spec.port!,
          vpcId: shared.vpcId,
        })
      : undefined);
  const listenerRule =
    spec.routing && targetGroup
      ? new LbListenerRule(scope, 'listener-rule', {
          listenerArn: shared.httpsListenerArn,
          priority: spec.routing.priority,
          action: [{ type: 'forward', targetGroupArn: targetGroup.arn }],
          condition: [
            ...(spec.routing.hostHeaders.length > 0 ? [{ hostHeader: { values: spec.routing.hostHeaders } }] : []),
            ...(spec.routing.pathPatterns.length > 0 ? [{ pathPattern: { values: spec.routing.pathPatterns } }] : []),
          ],
        })
      : undefined;

  const scaling = service.autoscaling;
  const fargateService = new FargateService(scope, 'service', {
    name: names.service,
    clusterArn: shared.clusterArn,
    taskDefinitionArn: taskDefinition.taskDefinition.arn,
    containerName: taskDefinition.containerName,
    containerPort: spec.port,
    vpcId: shared.vpcId,
    vpcCidrBlock: shared.vpcCidrBlock,
    subnetIds: service.assignPublicIp ? shared.publicSubnetIds : shared.privateSubnetIds,
    securityGroupName: service.securityGroupName,
    securityGroupNamePrefix: `${names.serviceSecurityGroup}-`,
    securityGroupDescription: service.securityGroupDescription ?? (spec.single ? undefined : MANY_SERVICES_GROUP_DESCRIPTION),
    loadBalancerSecurityGroupId: targetGroup ? shared.loadBalancerSecurityGroupId : undefined,
    targetGroupArn: targetGroup?.arn,
    callerSecurityGroupIds: props.callerSecurityGroupIds,
    calleePorts: props.calleePorts,
    serviceConnect:
      shared.serviceConnectNamespaceArn !== undefined && (props.called || props.calleePorts.length > 0)
        ? { namespaceArn: shared.serviceConnectNamespaceArn, serverName: props.called ? spec.key : undefined }
        : undefined,
    // A routed service starts once its target group is attached to the load balancer (listener or rule).
    dependsOn: [...shared.dependsOn, ...(listenerRule ? [listenerRule] : [])],
    waitForSteadyState: shared.waitForSteadyState,
    // Production refuses `latest`; elsewhere an apply with `latest` redeploys to pull what it points to now.
    imageTag: shared.production ? undefined : imageTag.value,
    desiredCount: service.desiredCount,
    assignPublicIp: service.assignPublicIp,
    enableExecuteCommand: service.enableExecuteCommand,
    healthCheckGracePeriodSeconds: service.healthCheckGracePeriodSeconds,
    minimumHealthyPercent: service.minimumHealthyPercent,
    maximumPercent: service.maximumPercent,
    fargateSpotWeight: service.fargateSpotWeight,
    launchType: service.launchType,
    desiredCountManagedByAutoscaling: scaling !== undefined,
  });
  const autoscaling = scaling
    ? new ServiceAutoscaling(scope, 'autoscaling', { clusterName: shared.clusterName, serviceName: fargateService.service.name, ...scaling })
    : undefined;

  return { spec, imageTag, registry, task: taskDefinition, targetGroup, listenerRule, service: fargateService, autoscaling };
}

/**
 * The description of a service's group in a stack of many. One text for every service, whatever reaches
 * it: AWS cannot change a description, so one that followed the routing or the callers would replace the
 * group whenever they change.
 */
export const MANY_SERVICES_GROUP_DESCRIPTION = 'Service tasks: ingress only from the load balancer and declared callers';
