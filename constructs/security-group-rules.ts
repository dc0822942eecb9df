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
export function loadBalancerRules(props: { readonly targetPort: number; readonly vpcCidrBlock: string }): GroupRules {
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
    egress: [
      {
        description: 'To the tasks on the app port',
        protocol: 'tcp',
        fromPort: props.targetPort,
        toPort: props.targetPort,
        cidrBlocks: [props.vpcCidrBlock],
      },
    ],
  };
}

/** Service: the app port from the load balancer's group only; out over HTTPS (ECR, CloudWatch Logs, Secrets Manager). */
export function serviceRules(props: { readonly containerPort: number; readonly loadBalancerSecurityGroupId: string }): GroupRules {
  return {
    ingress: [
      {
        description: 'App port from the load balancer',
        protocol: 'tcp',
        fromPort: props.containerPort,
        toPort: props.containerPort,
        securityGroups: [props.loadBalancerSecurityGroupId],
      },
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
    ],
  };
}
