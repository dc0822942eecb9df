/**
 * What adopting a security group does to its rules. The stack's groups are authoritative (their rules
 * are inline), so the first apply revokes every existing rule the stack does not declare and adds the
 * declared ones that are missing. Rules are compared one source at a time (protocol, ports, direction,
 * one CIDR or group), as EC2 stores them; descriptions do not count.
 */
import type { SecurityGroupRule } from '@aws-sdk/client-ec2';
import type { GroupRules } from '../constructs/security-group-rules';

export interface RuleAtom {
  readonly egress: boolean;
  /** `-1` for all protocols. */
  readonly protocol: string;
  readonly fromPort: number;
  readonly toPort: number;
  /** `0.0.0.0/0`, `::/0`, `sg-…` or `pl-…`. */
  readonly source: string;
}

export interface ExistingRule extends RuleAtom {
  readonly id: string;
  readonly description?: string;
}

export interface GroupChanges {
  readonly groupId: string;
  /** Existing rules the stack keeps as they are. */
  readonly kept: readonly ExistingRule[];
  /** Existing rules the first apply revokes. */
  readonly revoked: readonly ExistingRule[];
  /** Declared rules the first apply adds. */
  readonly added: readonly RuleAtom[];
}

export function groupChanges(groupId: string, existing: readonly SecurityGroupRule[], declared: GroupRules): GroupChanges {
  const rules = existing.filter((rule) => rule.GroupId === groupId).map(fromAws);
  const wanted = [...declared.ingress.flatMap((rule) => atoms(rule, false)), ...declared.egress.flatMap((rule) => atoms(rule, true))];
  const key = (atom: RuleAtom) => `${atom.egress}|${atom.protocol}|${atom.fromPort}|${atom.toPort}|${atom.source}`;
  const wantedKeys = new Set(wanted.map(key));
  const existingKeys = new Set(rules.map(key));
  return {
    groupId,
    kept: rules.filter((rule) => wantedKeys.has(key(rule))),
    revoked: rules.filter((rule) => !wantedKeys.has(key(rule))),
    added: wanted.filter((atom) => !existingKeys.has(key(atom))),
  };
}

/** `ingress tcp 3000 from 0.0.0.0/0`, `egress all traffic to 0.0.0.0/0`. */
export function describeRule(rule: RuleAtom): string {
  const what = rule.protocol === '-1' ? 'all traffic' : `${rule.protocol} ${rule.fromPort === rule.toPort ? rule.fromPort : `${rule.fromPort}-${rule.toPort}`}`;
  return rule.egress ? `egress ${what} to ${rule.source}` : `ingress ${what} from ${rule.source}`;
}

/** The AWS CLI command that revokes one rule by its ID. */
export function revokeCommand(groupId: string, rule: ExistingRule, region: string): string {
  return `aws ec2 revoke-security-group-${rule.egress ? 'egress' : 'ingress'} --region ${region} --group-id ${groupId} --security-group-rule-ids ${rule.id}`;
}

function fromAws(rule: SecurityGroupRule): ExistingRule {
  const protocol = rule.IpProtocol ?? '-1';
  return {
    id: rule.SecurityGroupRuleId ?? '',
    description: rule.Description || undefined,
    egress: rule.IsEgress === true,
    protocol,
    fromPort: protocol === '-1' ? -1 : (rule.FromPort ?? -1),
    toPort: protocol === '-1' ? -1 : (rule.ToPort ?? -1),
    source: rule.CidrIpv4 ?? rule.CidrIpv6 ?? rule.ReferencedGroupInfo?.GroupId ?? rule.PrefixListId ?? '?',
  };
}

function atoms(rule: GroupRules['ingress'][number], egress: boolean): RuleAtom[] {
  const protocol = rule.protocol === 'all' || rule.protocol === undefined ? '-1' : rule.protocol;
  const ports = protocol === '-1' ? { fromPort: -1, toPort: -1 } : { fromPort: rule.fromPort ?? -1, toPort: rule.toPort ?? -1 };
  const sources = [...(rule.cidrBlocks ?? []), ...(rule.ipv6CidrBlocks ?? []), ...(rule.securityGroups ?? []), ...(rule.prefixListIds ?? [])];
  return sources.map((source) => ({ egress, protocol, ...ports, source }));
}
