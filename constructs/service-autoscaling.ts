import { AppautoscalingPolicy } from '@cdktf/provider-aws/lib/appautoscaling-policy';
import { AppautoscalingTarget } from '@cdktf/provider-aws/lib/appautoscaling-target';
import { Construct } from 'constructs';

export interface ServiceAutoscalingProps {
  readonly clusterName: string;
  readonly serviceName: string;
  readonly minCapacity: number;
  readonly maxCapacity: number;
  /** Average CPU utilisation to hold. @default 60 */
  readonly cpuTargetPercent?: number;
  /** Average memory utilisation to hold. @default - no memory policy */
  readonly memoryTargetPercent?: number;
  /** @default 300 */
  readonly scaleInCooldownSeconds?: number;
  /** @default 60 */
  readonly scaleOutCooldownSeconds?: number;
}

/** Target-tracking autoscaling of an ECS service's desired count on CPU (and memory). */
export class ServiceAutoscaling extends Construct {
  public readonly target: AppautoscalingTarget;
  public readonly policies: AppautoscalingPolicy[] = [];

  constructor(scope: Construct, id: string, props: ServiceAutoscalingProps) {
    super(scope, id);
    this.target = new AppautoscalingTarget(this, 'target', {
      serviceNamespace: 'ecs',
      scalableDimension: 'ecs:service:DesiredCount',
      resourceId: `service/${props.clusterName}/${props.serviceName}`,
      minCapacity: props.minCapacity,
      maxCapacity: props.maxCapacity,
    });
    const metrics: Array<[string, string, number | undefined]> = [
      ['cpu', 'ECSServiceAverageCPUUtilization', props.cpuTargetPercent ?? 60],
      ['memory', 'ECSServiceAverageMemoryUtilization', props.memoryTargetPercent],
    ];
    for (const [name, metric, target] of metrics) {
      if (target === undefined) continue;
      this.policies.push(
        new AppautoscalingPolicy(this, name, {
          name: `${props.serviceName}-${name}`,
          policyType: 'TargetTrackingScaling',
          serviceNamespace: this.target.serviceNamespace,
          scalableDimension: this.target.scalableDimension,
          resourceId: this.target.resourceId,
          targetTrackingScalingPolicyConfiguration: {
            targetValue: target,
            predefinedMetricSpecification: { predefinedMetricType: metric },
            scaleInCooldown: props.scaleInCooldownSeconds ?? 300,
            scaleOutCooldown: props.scaleOutCooldownSeconds ?? 60,
          },
        }),
      );
    }
  }
}
