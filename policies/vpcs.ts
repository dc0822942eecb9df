/**
 * Which VPC a value names (a `vpc_id`, or the VPC of a subnet), as far as the configuration tells: a VPC
 * it manages, a literal VPC id, the account's default VPC, or unknown. Rules compare VPCs with
 * `sameVpc`, which says "unknown" whenever the configuration cannot tell.
 */
import { ResourceRef, type AttrValue, type PolicyResource } from './model';
import type { RuleContext } from './types';
import { isInterpolated, listOf, optionsOf } from './values';

export type VpcIdentity =
  /** An `aws_vpc` of this configuration, by resource key. */
  | { readonly kind: 'managed'; readonly key: string }
  /** A VPC id written as a literal (`vpc-…`) that no resource of this configuration has. */
  | { readonly kind: 'literal'; readonly id: string }
  /** The region's default VPC (`aws_default_vpc`, a default subnet, a default security group without vpc_id). */
  | { readonly kind: 'default' }
  | { readonly kind: 'unknown' };

const UNKNOWN: VpcIdentity = { kind: 'unknown' };
const DEPTH = 4;

/** The VPC a `vpc_id` value names; `undefined` (omitted) is unknown here, callers say what omitted means. */
export function vpcOf(context: RuleContext, value: AttrValue | undefined, depth = 0): VpcIdentity {
  const options = optionsOf(value);
  if (options.length !== 1 || depth > DEPTH) return UNKNOWN;
  const option = options[0];
  if (option instanceof ResourceRef) {
    const target = context.byKey(option.targetKey);
    if (!target) return UNKNOWN;
    if (target.type === 'aws_vpc') return { kind: 'managed', key: target.key };
    if (target.type === 'aws_default_vpc') return { kind: 'default' };
    if (target.type === 'data.aws_vpc') {
      const flag = optionsOf(target.attributes.default);
      if (flag.length === 1 && (flag[0] === true || flag[0] === 'true')) return { kind: 'default' };
      return target.attributes.id !== undefined ? vpcOf(context, target.attributes.id, depth + 1) : UNKNOWN;
    }
    return UNKNOWN;
  }
  if (typeof option !== 'string' || option === '' || isInterpolated(option)) return UNKNOWN;
  // In a plan of applied resources ids are known: a literal that is a managed VPC's id is that VPC.
  const managed = context.ofType('aws_vpc').filter((vpc) => vpc.attributes.id === option);
  if (managed.length === 1) return { kind: 'managed', key: managed[0].key };
  if (context.ofType('aws_default_vpc').some((vpc) => vpc.attributes.id === option)) return { kind: 'default' };
  return { kind: 'literal', id: option };
}

/** The VPC a subnet value (a reference or a literal subnet id) is in. */
export function subnetVpc(context: RuleContext, value: AttrValue, depth = 0): VpcIdentity {
  if (depth > DEPTH) return UNKNOWN;
  if (value instanceof ResourceRef) {
    const target = context.byKey(value.targetKey);
    if (!target) return UNKNOWN;
    if (target.type === 'aws_subnet') return vpcOf(context, target.attributes.vpc_id);
    if (target.type === 'aws_default_subnet') return { kind: 'default' };
    if (target.type === 'data.aws_subnet') {
      if (target.attributes.vpc_id !== undefined) return vpcOf(context, target.attributes.vpc_id);
      const id = optionsOf(target.attributes.id);
      return id.length === 1 && typeof id[0] === 'string' ? subnetVpc(context, id[0], depth + 1) : UNKNOWN;
    }
    return UNKNOWN;
  }
  if (typeof value !== 'string' || isInterpolated(value)) return UNKNOWN;
  const managed = context.ofType('aws_subnet').find((subnet) => subnet.attributes.id === value);
  if (managed) return vpcOf(context, managed.attributes.vpc_id);
  if (context.ofType('aws_default_subnet').some((subnet) => subnet.attributes.id === value)) return { kind: 'default' };
  return UNKNOWN;
}

/** The one VPC all subnets of a list are in; unknown when any subnet's VPC is unknown or they differ. */
export function subnetsVpc(context: RuleContext, subnets: AttrValue | undefined): VpcIdentity {
  if (optionsOf(subnets).some((option) => option !== undefined && option !== null && !Array.isArray(option))) return UNKNOWN;
  const vpcs = listOf(subnets).map((subnet) => subnetVpc(context, subnet));
  if (vpcs.length === 0) return UNKNOWN;
  return vpcs.every((vpc) => sameVpc(vpc, vpcs[0]) === 'same') ? vpcs[0] : UNKNOWN;
}

/** The VPC a security group is in: its `vpc_id`, or the default VPC when it names none. */
export function groupVpc(context: RuleContext, group: PolicyResource): VpcIdentity {
  if (group.attributes.vpc_id === undefined || group.attributes.vpc_id === null) return group.unknownAttributes ? UNKNOWN : { kind: 'default' };
  return vpcOf(context, group.attributes.vpc_id);
}

/** Whether two VPCs are the same one; unknown when the configuration cannot tell. */
export function sameVpc(a: VpcIdentity, b: VpcIdentity): 'same' | 'different' | 'unknown' {
  if (a.kind === 'unknown' || b.kind === 'unknown') return 'unknown';
  if (a.kind === 'managed' && b.kind === 'managed') return a.key === b.key ? 'same' : 'different';
  if (a.kind === 'literal' && b.kind === 'literal') return a.id === b.id ? 'same' : 'different';
  if (a.kind === 'default' && b.kind === 'default') return 'same';
  // A VPC this configuration creates is never the default VPC; a literal id may be either.
  if ((a.kind === 'managed' && b.kind === 'default') || (a.kind === 'default' && b.kind === 'managed')) return 'different';
  return 'unknown';
}
