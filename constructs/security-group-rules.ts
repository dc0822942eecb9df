/**
 * The rules of the stack's two security groups, in one place: the constructs write them inline into the
 * groups (so a group is authoritative: an adopted group loses every rule not listed here), and discovery
 * compares a hand-made group's rules with them to tell the user what the first apply revokes and adds.
 *
 * Each entry has the shape the AWS provider reads a group back in (one entry per protocol, port range
 * and description, holding all of its sources), so a group that matches plans no change.
 */
import type { SecurityGroupEgress, SecurityGroupIngress } from '@cdktf/provider-aws/lib/security-group';

export interface GroupRules {
  readonly ingress: SecurityGroupIngress[];
  readonly egress: SecurityGroupEgress[];
}

/** Load balancer: HTTP and HTTPS from anywhere (IPv4 and IPv6); out only to the target port inside the VPC. */
export function loadBalancerRules(props: { readonly targetPorts: readonly number[]; readonly vpcCidrBlock: string }): GroupRules {
  return {
    ingress: [80, 443].map((port) => ({
      description: port === 80 ? 'HTTP (redirected to HTTPS)' : 'HTTPS',
      protocol: 'tcp',
      fromPort: port,
      toPort: port,
      cidrBlocks: ['0.0.0.0/0'],
      ipv6CidrBlocks: ['::/0'],
    })),
    // To the VPC's CIDR rather than to the service's group: the service's group already names this one,
    // and two groups naming each other inline would be a dependency cycle.
    egress: [...new Set(props.targetPorts)].sort((a, b) => a - b).map((port) => ({
      description: 'To the tasks on the app port',
      protocol: 'tcp',
      fromPort: port,
      toPort: port,
      cidrBlocks: [props.vpcCidrBlock],
    })),
  };
}

export interface ServiceRulesProps {
  /** The port the container listens on; none for a worker (no ingress at all). */
  readonly containerPort?: number;
  /** The load balancer's group, for a service the load balancer forwards to. @default - no rule from the load balancer */
  readonly loadBalancerSecurityGroupId?: string;
  /** The groups of the services that may call this one (Service Connect). @default - none */
  readonly callerSecurityGroupIds?: readonly string[];
  /** Ports of the services this one calls, reached inside the VPC. @default - none */
  readonly calleePorts?: readonly number[];
  /** The VPC's IPv4 CIDR (needed with `calleePorts`). */
  readonly vpcCidrBlock?: string;
}

/**
 * Service: the app port from the load balancer's group and from its declared callers' groups only;
 * out over HTTPS (ECR, CloudWatch Logs, Secrets Manager) and to the ports of the services it calls.
 * Calls go out to the VPC's CIDR rather than to the callees' groups: a callee's group already names the
 * caller's, and two groups naming each other inline would be a dependency cycle.
 */
export function serviceRules(props: ServiceRulesProps): GroupRules {
  // One return statement, so the policy gate's source layer can read the rules through the call.
  return {
    ingress: [
      ...(props.containerPort !== undefined && props.loadBalancerSecurityGroupId !== undefined
        ? [{ description: 'App port from the load balancer', protocol: 'tcp', fromPort: props.containerPort, toPort: props.containerPort, securityGroups: [props.loadBalancerSecurityGroupId] }]
        : []),
      ...(props.containerPort !== undefined && props.callerSecurityGroupIds !== undefined && props.callerSecurityGroupIds.length > 0
        ? [{ description: 'App port from the services that call it', protocol: 'tcp', fromPort: props.containerPort, toPort: props.containerPort, securityGroups: [...props.callerSecurityGroupIds] }]
        : []),
    ],
    egress: [
      {
        description: 'HTTPS to AWS APIs and the internet',
        protocol: 'tcp',
        fromPort: 443,
        toPort: 443,
        cidrBlocks: ['0.0.0.0/0'],
        ipv6CidrBlocks: ['::/0'],
      },
      ...calleeEgress(props.calleePorts ?? [], props.vpcCidrBlock),
    ],
  };
}

/** Egress to the ports of the services a service calls, inside the VPC (443 is already open). */
function calleeEgress(ports: readonly number[], vpcCidrBlock: string | undefined): SecurityGroupEgress[] {
  const distinct = [...new Set(ports)].filter((port) => port !== 443).sort((a, b) => a - b);
  if (distinct.length > 0 && vpcCidrBlock === undefined) throw new Error('serviceRules: calleePorts need vpcCidrBlock');
  return distinct.map((port) => ({ description: 'To the services it calls', protocol: 'tcp', fromPort: port, toPort: port, cidrBlocks: [vpcCidrBlock!] }));
}
