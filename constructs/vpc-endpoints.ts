import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcEndpoint } from '@cdktf/provider-aws/lib/vpc-endpoint';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { Construct } from 'constructs';

/** Interface endpoints private Fargate tasks need without NAT: image pulls and logs. */
export const REQUIRED_INTERFACE_ENDPOINTS = ['ecr.api', 'ecr.dkr', 'logs'] as const;

export interface VpcEndpointsProps {
  /** Name tag prefix of the endpoints and their security group. */
  readonly name: string;
  readonly vpcId: string;
  /** IPv4 CIDR of the VPC: what may reach the interface endpoints on 443. */
  readonly vpcCidrBlock: string;
  readonly region: string;
  /** Subnets for the interface endpoints' network interfaces (the tasks' private subnets, one per zone). */
  readonly subnetIds: string[];
  /** Route tables of those subnets, for the S3 gateway endpoint (ECR keeps image layers in S3). */
  readonly routeTableIds: string[];
  /**
   * Interface endpoint services besides `ecr.api`, `ecr.dkr` and `logs`, e.g. `secretsmanager`, `ssm`,
   * `ssmmessages` (ECS Exec).
   * @default - none
   */
  readonly extraInterfaceServices?: readonly string[];
}

/**
 * VPC endpoints that let tasks in private subnets pull images, write logs and read secrets without a NAT
 * gateway: an S3 gateway endpoint (free) and interface endpoints with private DNS, behind one security
 * group that admits HTTPS from the VPC only.
 */
export class VpcEndpoints extends Construct {
  public readonly securityGroup: SecurityGroup;
  public readonly s3Gateway: VpcEndpoint;
  /** Interface endpoints by service (`ecr.api`, …). */
  public readonly interfaces: { readonly [service: string]: VpcEndpoint };

  constructor(scope: Construct, id: string, props: VpcEndpointsProps) {
    super(scope, id);
    this.securityGroup = new SecurityGroup(this, 'security-group', {
      name: `${props.name}-endpoints`,
      description: 'VPC endpoints: HTTPS from the VPC',
      vpcId: props.vpcId,
      tags: { Name: `${props.name}-endpoints` },
      lifecycle: { createBeforeDestroy: true },
    });
    new VpcSecurityGroupIngressRule(this, 'ingress-https', {
      securityGroupId: this.securityGroup.id,
      description: 'HTTPS from the VPC',
      ipProtocol: 'tcp',
      fromPort: 443,
      toPort: 443,
      cidrIpv4: props.vpcCidrBlock,
    });

    this.s3Gateway = new VpcEndpoint(this, 's3', {
      vpcId: props.vpcId,
      serviceName: `com.amazonaws.${props.region}.s3`,
      vpcEndpointType: 'Gateway',
      routeTableIds: props.routeTableIds,
      tags: { Name: `${props.name}-s3` },
    });

    const services = [...new Set([...REQUIRED_INTERFACE_ENDPOINTS, ...(props.extraInterfaceServices ?? [])])];
    const interfaces: { [service: string]: VpcEndpoint } = {};
    for (const service of services) {
      interfaces[service] = new VpcEndpoint(this, service.replace(/\./g, '-'), {
        vpcId: props.vpcId,
        serviceName: `com.amazonaws.${props.region}.${service}`,
        vpcEndpointType: 'Interface',
        privateDnsEnabled: true,
        subnetIds: props.subnetIds,
        securityGroupIds: [this.securityGroup.id],
        tags: { Name: `${props.name}-${service}` },
      });
    }
    this.interfaces = interfaces;
  }
}
