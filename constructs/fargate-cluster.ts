import { EcsCluster } from '@cdktf/provider-aws/lib/ecs-cluster';
import { EcsClusterCapacityProviders } from '@cdktf/provider-aws/lib/ecs-cluster-capacity-providers';
import { Construct } from 'constructs';

export interface FargateClusterProps {
  /** Cluster name. */
  readonly name: string;
  /**
   * CloudWatch Container Insights: `enabled`, `enhanced` (per-task metrics) or `disabled`.
   * @default 'enabled'
   */
  readonly containerInsights?: 'enabled' | 'enhanced' | 'disabled';
}

/** An ECS cluster with Container Insights and the FARGATE and FARGATE_SPOT capacity providers. */
export class FargateCluster extends Construct {
  public readonly cluster: EcsCluster;
  public readonly capacityProviders: EcsClusterCapacityProviders;

  constructor(scope: Construct, id: string, props: FargateClusterProps) {
    super(scope, id);
    this.cluster = new EcsCluster(this, 'cluster', {
      name: props.name,
      setting: [{ name: 'containerInsights', value: props.containerInsights ?? 'enabled' }],
    });
    this.capacityProviders = new EcsClusterCapacityProviders(this, 'capacity-providers', {
      clusterName: this.cluster.name,
      capacityProviders: ['FARGATE', 'FARGATE_SPOT'],
      // Services set their own strategy; this default covers tasks run by hand (e.g. migrations).
      defaultCapacityProviderStrategy: [{ capacityProvider: 'FARGATE', weight: 1, base: 1 }],
    });
  }
}
