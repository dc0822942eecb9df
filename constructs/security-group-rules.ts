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
  const ingress: SecurityGroupIngress[] = [];
  const port = props.containerPort;
  if (port !== undefined && props.loadBalancerSecurityGroupId !== undefined) {
    ingress.push({ description: 'App port from the load balancer', protocol: 'tcp', fromPort: port, toPort: port, securityGroups: [props.loadBalancerSecurityGroupId] });
  }
  const callers = props.callerSecurityGroupIds ?? [];
  if (port !== undefined && callers.length > 0) {
    ingress.push({ description: 'App port from the services that call it', protocol: 'tcp', fromPort: port, toPort: port, securityGroups: [...callers] });
  }
  const calleePorts = [...new Set(props.calleePorts ?? [])].sort((a, b) => a - b);
  if (calleePorts.length > 0 && props.vpcCidrBlock === undefined) throw new Error('serviceRules: calleePorts need vpcCidrBlock');
  return {
    ingress,
    egress: [
      {
        description: 'HTTPS to AWS APIs and the internet',
        protocol: 'tcp',
        fromPort: 443,
        toPort: 443,
        cidrBlocks: ['0.0.0.0/0'],
        ipv6CidrBlocks: ['::/0'],
      },
      ...calleePorts
        .filter((callee) => callee !== 443)
        .map((callee) => ({ description: 'To the services it calls', protocol: 'tcp', fromPort: callee, toPort: callee, cidrBlocks: [props.vpcCidrBlock!] })),
    ],
  };
}
