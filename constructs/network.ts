import { DefaultSecurityGroup } from '@cdktf/provider-aws/lib/default-security-group';
import { Eip } from '@cdktf/provider-aws/lib/eip';
import { InternetGateway } from '@cdktf/provider-aws/lib/internet-gateway';
import { NatGateway } from '@cdktf/provider-aws/lib/nat-gateway';
import { Route } from '@cdktf/provider-aws/lib/route';
import { RouteTable } from '@cdktf/provider-aws/lib/route-table';
import { RouteTableAssociation } from '@cdktf/provider-aws/lib/route-table-association';
import { Subnet } from '@cdktf/provider-aws/lib/subnet';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { Fn } from 'cdktf';
import { Construct } from 'constructs';
import { splitIpv4Cidr } from './cidr';

/** What the rest of the stack needs from a network, whether it was created here or passed in. */
export interface NetworkAttributes {
  readonly vpcId: string;
  /** The VPC's IPv4 CIDR (the load balancer reaches the tasks inside it). */
  readonly vpcCidrBlock: string;
  /** Subnets for the load balancer (and for tasks that get public IPs). */
  readonly publicSubnetIds: string[];
  /** Subnets for tasks without public IPs; empty when the network has none. */
  readonly privateSubnetIds: string[];
}

export interface NewNetworkProps {
  /** Name tag prefix of the VPC and its parts. */
  readonly name: string;
  /**
   * IPv4 CIDR of the VPC; each subnet gets 1/16 of it.
   * @default '10.0.0.0/16'
   */
  readonly cidrBlock?: string;
  /** Availability Zones, two or more: one public and one private subnet in each. */
  readonly availabilityZones: readonly string[];
  /**
   * NAT gateways that give private subnets outbound access (ECR, CloudWatch, Secrets Manager).
   * @default 'single'
   */
  readonly natGateways?: 'none' | 'single' | 'one-per-az';
  /**
   * Give the VPC and its public subnets IPv6 ranges (needed by a dualstack load balancer).
   * @default true
   */
  readonly ipv6?: boolean;
  /**
   * Take over the VPC's default security group and leave it without rules, so nothing put in it by
   * mistake can talk to anything.
   * @default true
   */
  readonly closeDefaultSecurityGroup?: boolean;
}

/** A VPC with public subnets (internet gateway) and private subnets (NAT, when asked for). */
export class NewNetwork extends Construct implements NetworkAttributes {
  public readonly vpc: Vpc;
  public readonly publicSubnets: Subnet[] = [];
  public readonly privateSubnets: Subnet[] = [];
  public readonly natGateways: NatGateway[] = [];
  public readonly vpcCidrBlock: string;
  /** One route table per private subnet (gateway endpoints attach here). */
  public readonly privateRouteTables: RouteTable[] = [];
  public readonly defaultSecurityGroup?: DefaultSecurityGroup;

  constructor(scope: Construct, id: string, props: NewNetworkProps) {
    super(scope, id);
    const ipv6 = props.ipv6 ?? true;
    const zones = props.availabilityZones;
    this.vpcCidrBlock = props.cidrBlock ?? '10.0.0.0/16';
    const cidrs = splitIpv4Cidr(this.vpcCidrBlock, 4);

    this.vpc = new Vpc(this, 'vpc', {
      cidrBlock: this.vpcCidrBlock,
      enableDnsHostnames: true,
      enableDnsSupport: true,
      assignGeneratedIpv6CidrBlock: ipv6,
      tags: { Name: props.name },
    });
    if (props.closeDefaultSecurityGroup ?? true) {
      // No ingress or egress blocks: Terraform removes every rule the default group has.
      this.defaultSecurityGroup = new DefaultSecurityGroup(this, 'default-security-group', {
        vpcId: this.vpc.id,
        tags: { Name: `${props.name}-default-closed` },
      });
    }
    const internetGateway = new InternetGateway(this, 'igw', { vpcId: this.vpc.id, tags: { Name: props.name } });

    const publicRoutes = new RouteTable(this, 'public-routes', { vpcId: this.vpc.id, tags: { Name: `${props.name}-public` } });
    new Route(this, 'public-default-ipv4', { routeTableId: publicRoutes.id, destinationCidrBlock: '0.0.0.0/0', gatewayId: internetGateway.id });
    if (ipv6) {
      new Route(this, 'public-default-ipv6', { routeTableId: publicRoutes.id, destinationIpv6CidrBlock: '::/0', gatewayId: internetGateway.id });
    }

    zones.forEach((zone, index) => {
      const subnet = new Subnet(this, `public-${zone}`, {
        vpcId: this.vpc.id,
        availabilityZone: zone,
        cidrBlock: cidrs[index],
        ipv6CidrBlock: ipv6 ? Fn.cidrsubnet(this.vpc.ipv6CidrBlock, 8, index) : undefined,
        assignIpv6AddressOnCreation: ipv6 ? true : undefined,
        // Only tasks that ask for a public IP get one; the load balancer does not need this.
        mapPublicIpOnLaunch: false,
        tags: { Name: `${props.name}-public-${zone}`, Tier: 'public' },
      });
      new RouteTableAssociation(this, `public-${zone}-routes`, { subnetId: subnet.id, routeTableId: publicRoutes.id });
      this.publicSubnets.push(subnet);
    });

    const natMode = props.natGateways ?? 'single';
    const natCount = natMode === 'none' ? 0 : natMode === 'single' ? 1 : zones.length;
    for (let index = 0; index < natCount; index++) {
      const address = new Eip(this, `nat-ip-${zones[index]}`, { domain: 'vpc', tags: { Name: `${props.name}-nat-${zones[index]}` } });
      this.natGateways.push(
        new NatGateway(this, `nat-${zones[index]}`, {
          allocationId: address.id,
          subnetId: this.publicSubnets[index].id,
          tags: { Name: `${props.name}-nat-${zones[index]}` },
          dependsOn: [internetGateway],
        }),
      );
    }

    zones.forEach((zone, index) => {
      const subnet = new Subnet(this, `private-${zone}`, {
        vpcId: this.vpc.id,
        availabilityZone: zone,
        // Private subnets take the upper half of the ranges, so adding zones never renumbers them.
        cidrBlock: cidrs[8 + index],
        mapPublicIpOnLaunch: false,
        tags: { Name: `${props.name}-private-${zone}`, Tier: 'private' },
      });
      const routes = new RouteTable(this, `private-${zone}-routes`, { vpcId: this.vpc.id, tags: { Name: `${props.name}-private-${zone}` } });
      if (this.natGateways.length > 0) {
        const nat = this.natGateways[Math.min(index, this.natGateways.length - 1)];
        new Route(this, `private-${zone}-default`, { routeTableId: routes.id, destinationCidrBlock: '0.0.0.0/0', natGatewayId: nat.id });
      }
      new RouteTableAssociation(this, `private-${zone}-association`, { subnetId: subnet.id, routeTableId: routes.id });
      this.privateSubnets.push(subnet);
      this.privateRouteTables.push(routes);
    });
  }

  get vpcId(): string {
    return this.vpc.id;
  }

  get publicSubnetIds(): string[] {
    return this.publicSubnets.map((subnet) => subnet.id);
  }

  get privateSubnetIds(): string[] {
    return this.privateSubnets.map((subnet) => subnet.id);
  }
}
