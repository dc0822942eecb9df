import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';
import { Construct } from 'constructs';

export interface DnsAliasProps {
  readonly hostedZoneId: string;
  /** The record name, e.g. `example.com`. */
  readonly domainName: string;
  /** DNS name and zone of the load balancer the alias points at. */
  readonly targetDnsName: string;
  readonly targetZoneId: string;
  /** Also publish an AAAA alias (for a dualstack load balancer). @default false */
  readonly ipv6?: boolean;
}

/** Route 53 alias records (A, and AAAA when dualstack) from the domain to the load balancer. */
export class DnsAlias extends Construct {
  public readonly records: Route53Record[] = [];

  constructor(scope: Construct, id: string, props: DnsAliasProps) {
    super(scope, id);
    const types = props.ipv6 ? ['A', 'AAAA'] : ['A'];
    for (const type of types) {
      this.records.push(
        new Route53Record(this, type.toLowerCase(), {
          zoneId: props.hostedZoneId,
          name: props.domainName,
          type,
          alias: { name: props.targetDnsName, zoneId: props.targetZoneId, evaluateTargetHealth: true },
        }),
      );
    }
  }
}
