import { Lb } from '@cdktf/provider-aws/lib/lb';
import { LbTargetGroup } from '@cdktf/provider-aws/lib/lb-target-group';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { Construct } from 'constructs';
import { loadBalancerRules } from './security-group-rules';

export interface TargetGroupOptions {
  /** Fixed name, for adopting an existing group. @default - generated from `namePrefix` */
  readonly name?: string;
  /** Prefix of generated names (6 characters at most). */
  readonly namePrefix: string;
  /** @default '/health' */
  readonly healthCheckPath?: string;
  /** @default '200' */
  readonly healthCheckMatcher?: string;
  /** @default 3 */
  readonly healthyThreshold?: number;
  /** @default 3 */
  readonly unhealthyThreshold?: number;
  /** @default 15 */
  readonly intervalSeconds?: number;
  /** Seconds a draining target keeps serving in-flight requests. @default 30 */
  readonly deregistrationDelaySeconds?: number;
}

/** The load balancer group's description. */
export const LOAD_BALANCER_SECURITY_GROUP_DESCRIPTION = 'Load balancer: HTTP and HTTPS from the internet';

export interface LoadBalancerProps {
  /** Load balancer name (32 characters at most). */
  readonly name: string;
  /**
   * Fixed name of the load balancer's security group, for adopting a group that exists. A fixed name
   * cannot be replaced in place (AWS refuses a second group of the same name), only renamed.
   * @default - a name generated from `securityGroupNamePrefix`
   */
  readonly securityGroupName?: string;
  /** Prefix of the generated group name (and its Name tag without the trailing `-`). */
  readonly securityGroupNamePrefix: string;
  /**
   * Description of the security group (changing it replaces the group); AWS cannot change it, so an adopted group keeps its own.
   * @default 'Load balancer: HTTP and HTTPS from the internet'
   */
  readonly securityGroupDescription?: string;
  readonly vpcId: string;
  /** IPv4 CIDR of the VPC: the load balancer's only way out is the target port inside it. */
  readonly vpcCidrBlock: string;
  /** Public subnets in two or more Availability Zones. */
  readonly subnetIds: string[];
  /**
   * Port the targets (tasks) listen on; the group may reach it inside the VPC.
   * @default - none: no target to reach (every service is a worker; the listener answers 404)
   */
  readonly targetPort?: number;
  /**
   * Further ports the load balancer may reach inside the VPC (the ports of the other routed services).
   * @default - none
   */
  readonly additionalTargetPorts?: readonly number[];
  /**
   * The target group of a single-service stack, made here (`load-balancer/targets`). A stack of many
   * services makes one per service with `ipTargetGroup` instead.
   * @default - no target group
   */
  readonly targetGroup?: TargetGroupOptions;
  /** @default 'dualstack' */
  readonly ipAddressType?: 'ipv4' | 'dualstack';
  /** @default 60 */
  readonly idleTimeoutSeconds?: number;
  /** @default false */
  readonly deletionProtection?: boolean;
  /** Access logs (one line per request) to S3. @default - no access logs */
  readonly accessLogs?: { readonly bucket: string; readonly prefix?: string };
  /** Connection logs (one line per TLS connection, with handshake failures) to S3. @default - no connection logs */
  readonly connectionLogs?: { readonly bucket: string; readonly prefix?: string };
}

/**
 * An internet-facing Application Load Balancer with its own security group (80 and 443 from anywhere,
 * IPv4 and IPv6; out only to the target port inside the VPC) and an IP target group for Fargate tasks.
 * Listeners live in `HttpsListeners`. The group and the target group are created before the ones they
 * replace are destroyed: the load balancer switches groups in place, and the old group is deleted once
 * nothing uses it.
 */
export class LoadBalancer extends Construct {
  public readonly loadBalancer: Lb;
  public readonly securityGroup: SecurityGroup;
  /** The target group, when `targetGroup` was given. */
  public readonly targetGroup?: LbTargetGroup;
  public readonly dualstack: boolean;

  constructor(scope: Construct, id: string, props: LoadBalancerProps) {
    super(scope, id);
    this.dualstack = (props.ipAddressType ?? 'dualstack') === 'dualstack';

    // Rules live inside the group, so the group is authoritative: adopting a group made by hand revokes
    // every rule the stack does not declare. Created before destroyed: the load balancer moves to the new
    // group in place, and the old one goes last.
    this.securityGroup = new SecurityGroup(this, 'security-group', {
      name: props.securityGroupName,
      namePrefix: props.securityGroupName === undefined ? props.securityGroupNamePrefix : undefined,
      description: props.securityGroupDescription ?? LOAD_BALANCER_SECURITY_GROUP_DESCRIPTION,
      vpcId: props.vpcId,
      ...loadBalancerRules({ targetPorts: [...(props.targetPort !== undefined ? [props.targetPort] : []), ...(props.additionalTargetPorts ?? [])], vpcCidrBlock: props.vpcCidrBlock }),
      tags: { Name: props.securityGroupName ?? props.securityGroupNamePrefix.replace(/-$/, '') },
      lifecycle: { createBeforeDestroy: true },
    });

    this.loadBalancer = new Lb(this, 'alb', {
      name: props.name,
      loadBalancerType: 'application',
      internal: false,
      ipAddressType: props.ipAddressType ?? 'dualstack',
      securityGroups: [this.securityGroup.id],
      subnets: props.subnetIds,
      dropInvalidHeaderFields: true,
      enableDeletionProtection: props.deletionProtection ?? false,
      idleTimeout: props.idleTimeoutSeconds ?? 60,
      accessLogs: props.accessLogs ? { bucket: props.accessLogs.bucket, prefix: props.accessLogs.prefix, enabled: true } : undefined,
      connectionLogs: props.connectionLogs ? { bucket: props.connectionLogs.bucket, prefix: props.connectionLogs.prefix, enabled: true } : undefined,
    });

    if (props.targetGroup) {
      if (props.targetPort === undefined) throw new Error(`LoadBalancer ${props.name}: a target group needs targetPort`);
      this.targetGroup = ipTargetGroup(this, 'targets', { ...props.targetGroup, port: props.targetPort, vpcId: props.vpcId });
    }
  }
}

/**
 * An IP target group for Fargate tasks, with an HTTP health check on the traffic port. Created before
 * the one it replaces is destroyed: a listener must let go of the old group before it can be deleted.
 */
export function ipTargetGroup(scope: Construct, id: string, tg: TargetGroupOptions & { readonly port: number; readonly vpcId: string }): LbTargetGroup {
  return new LbTargetGroup(scope, id, {
    name: tg.name,
    namePrefix: tg.name === undefined ? tg.namePrefix : undefined,
    targetType: 'ip',
    port: tg.port,
    protocol: 'HTTP',
    vpcId: tg.vpcId,
    deregistrationDelay: String(tg.deregistrationDelaySeconds ?? 30),
    healthCheck: {
      enabled: true,
      path: tg.healthCheckPath ?? '/health',
      matcher: tg.healthCheckMatcher ?? '200',
      protocol: 'HTTP',
      port: 'traffic-port',
      healthyThreshold: tg.healthyThreshold ?? 3,
      unhealthyThreshold: tg.unhealthyThreshold ?? 3,
      interval: tg.intervalSeconds ?? 15,
      timeout: 5,
    },
    // A replaced target group must exist before the listener lets go of the old one, or the
    // delete fails with "target group is currently in use by a listener".
    lifecycle: { createBeforeDestroy: true },
  });
}
