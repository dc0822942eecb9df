import { foreignOfTypes, shortExpression } from '../foreign-resources';
import { ResourceRef, type AttrValue, type PolicyResource } from '../model';
import { ECS_TASK_RUNNERS, SecurityGroups, isVpcDefault, type GroupIdentity } from '../security-groups';
import type { Rule, RuleContext } from '../types';
import { attr, blocksOf, describe, isUnresolved, listOf, optionsOf } from '../values';

/** CloudFormation types this rule governs: ingress rules are read (see SecurityGroups.ingressRules); services it cannot check. */
const FOREIGN_INGRESS = 'AWS::EC2::SecurityGroupIngress';
const FOREIGN_SERVICES = ['AWS::ECS::Service', 'AWS::ECS::TaskSet'];

/** ECS services accept traffic only from the security groups of the load balancers in front of them. */
export const sgIngressFromAlbOnly: Rule = {
  id: 'sg-ingress-from-alb-only',
  severity: 'error',
  description:
    'Every security group of an ECS service or task set (the default group of its subnets\' VPC when it names none) accepts ingress only from the security groups of the load balancers that forward to the service, and from the groups of the other ECS services its environment file declares as callers (`services.<name>.callers`): no CIDR, prefix list, self rule or other group, nothing at all for a worker (a service without a target group and without declared callers, in a stack whose environment file declares its services), and nothing the gate cannot work out. Where no file declares the services, a service without target groups may take ingress from an application load balancer\'s group. A service whose tasks do not run in awsvpc mode (bridge or host networking on EC2), an ECS service that CloudFormation or Cloud Control creates, and an ingress rule they create on a group the gate cannot read, cannot be verified and are errors.',
  why: 'Tasks that accept traffic from a CIDR or another group can be reached around the load balancer: no TLS, no header filtering, no access logs, and a wider blast radius when anything in the VPC is compromised.',
  help: 'Give the service its own security group that allows the app port only from the load balancer security group: `referencedSecurityGroupId: albSg.id` (VpcSecurityGroupIngressRule) or `securityGroups: [albSg.id]` in the ingress block; drop CIDR and prefix-list sources. For a service another service calls, declare the caller in the environment file (`callers: [web]`); a worker takes no ingress at all.',
  equivalents: { checkov: ['CKV_AWS_260 (partial: 0.0.0.0/0 to port 80)'], trivy: ['AVD-AWS-0107 (partial: ingress from /0)'] },
  messages: {
    forbidden: '{group} (attached to {service}) accepts ingress from {source}; only the security group of a load balancer in front of the service may reach it.',
    unresolved: 'Cannot verify the ingress of {group}{attached}: `{expression}` could not be worked out.',
    unknownGroup: 'Cannot verify which security group {resource} opens (security_group_id is `{expression}`); it may be the group of an ECS service.',
    notAwsvpc: 'Cannot verify the ingress of {service}: it has no network_configuration and its tasks use {mode} network mode, so they take traffic through the security groups of the container instances, which the gate cannot tie to the service; run the tasks in awsvpc mode with the service\'s own security group.',
    foreign: 'Cannot verify the ingress of {resource}: {reason}, and the gate cannot check what {via} creates; declare its security groups, rules and ECS services as Terraform resources.',
  },
  check(context) {
    const groups = new SecurityGroups(context);
    const services = context.ofType(...ECS_TASK_RUNNERS);
    const rules = groups.ingressRules();
    const reported = new Set<string>();
    const report = (resource: PolicyResource, messageId: string, data: Record<string, string>, severity: 'error' | 'warning' = 'error'): void => {
      const key = `${resource.key}\u0000${messageId}\u0000${JSON.stringify(data)}`;
      if (reported.has(key)) return;
      reported.add(key);
      const attached = data.service !== undefined && data.attached === undefined ? ` (attached to ${data.service})` : (data.attached ?? '');
      context.report({ resource, messageId, data: { ...data, attached }, ...(messageId !== 'forbidden' ? { severity } : {}) });
    };

    for (const service of services) {
      const attached = groups.serviceGroups(service);
      const serviceName = service.displayName;
      if (!attached) {
        // No awsvpc groups: unless ECS would refuse the service, its tasks are reached through other groups.
        const tasks = groups.nonAwsvpcTasks(service);
        if (tasks && 'mode' in tasks) report(service, 'notAwsvpc', { service: serviceName, mode: tasks.mode });
        else if (tasks) report(service, 'unresolved', { group: `the tasks of ${serviceName}`, attached: '', expression: tasks.unknown });
        continue;
      }
      if (attached.unknown !== undefined) report(service, 'unresolved', { group: 'its security groups', service: serviceName, expression: attached.unknown });
      // Where the environment file declares the stack's services, one without a target group is a worker
      // (no load balancer is in front of it) or a service only its declared callers reach. Elsewhere the
      // gate cannot tell, and any application load balancer's groups count (see loadBalancerGroups).
      const worker = context.declaredCallers !== undefined && !hasLoadBalancerBlocks(service);
      const front = worker ? { ids: new Set<string>(), unknown: [] } : groups.loadBalancerGroups(service);
      const callers = declaredCallerGroups(context, groups, service);
      const allowed = { ids: new Set([...front.ids, ...callers]), unknown: front.unknown, worker, callers: callers.size > 0 };
      for (const identity of attached.identities) {
        if (identity.kind === 'unknown') {
          report(service, 'unresolved', { group: 'a security group', service: serviceName, expression: identity.expression });
          continue;
        }
        if (identity.kind === 'external') {
          // Managed elsewhere: its rules are not in this configuration.
          report(service, 'unresolved', { group: identity.label, service: serviceName, expression: `${identity.label} (managed outside this configuration)` });
          continue;
        }
        new GroupCheck(context, groups, service, identity, allowed, rules, report).run();
      }
    }

    // A rule whose group the gate cannot tell may open a service's group: reported once, at the rule.
    if (services.length > 0) {
      for (const { rule, group } of rules) {
        for (const identity of group) {
          if (identity.kind === 'unknown') report(rule, 'unknownGroup', { resource: rule.displayName, expression: identity.expression });
        }
      }
    }
    checkForeign(context, report);
  },
};

/**
 * In production: ECS services that CloudFormation or Cloud Control create, and templates the gate cannot
 * read (which may create services, groups or rules). Their ingress rules it can read are checked with the
 * configuration's own (SecurityGroups.ingressRules).
 */
function checkForeign(context: RuleContext, report: Report): void {
  const foreign = foreignOfTypes(context, [FOREIGN_INGRESS, ...FOREIGN_SERVICES]);
  for (const resource of foreign.resources) {
    if (!resource.host.production || !FOREIGN_SERVICES.includes(resource.type)) continue;
    report(resource.host, 'foreign', { resource: resource.label, via: resource.via, reason: `it is an ECS ${resource.type === 'AWS::ECS::Service' ? 'service' : 'task set'} created through ${resource.via}` });
  }
  for (const { host, via, reason, unresolved } of foreign.unreadable) {
    if (!host.production) continue;
    if (unresolved) report(host, 'unresolved', { group: `what ${host.displayName} creates through ${via} from its ${unresolved.attribute}`, attached: '', expression: shortExpression(unresolved.expression) });
    else report(host, 'foreign', { resource: `what ${host.displayName} creates`, via, reason });
  }
}

type Report = (resource: PolicyResource, messageId: string, data: Record<string, string>, severity?: 'error' | 'warning') => void;

/** The ingress of one managed group (inline blocks and standalone rules) against the service's load balancer groups. */
class GroupCheck {
  private readonly groupName: string;

  constructor(
    private readonly context: RuleContext,
    private readonly groups: SecurityGroups,
    private readonly service: PolicyResource,
    private readonly identity: Extract<GroupIdentity, { kind: 'managed' }>,
    private readonly front: { ids: Set<string>; unknown: string[]; worker: boolean; callers: boolean },
    private readonly rules: ReturnType<SecurityGroups['ingressRules']>,
    private readonly report: Report,
  ) {
    const target = identity.key ? context.byKey(identity.key) : undefined;
    this.groupName = target ? target.displayName : 'the VPC default security group';
  }

  run(): void {
    const target = this.identity.key ? this.context.byKey(this.identity.key) : undefined;
    if (isVpcDefault(this.identity) && !target) {
      // Only an aws_default_security_group of the VPC the service's subnets are in closes its default group.
      const elsewhere = this.context.ofType('aws_default_security_group').length > 0 ? '; the aws_default_security_group of this configuration is of another VPC, or of one the gate cannot tie to the service\'s subnets' : '';
      this.forbid(this.service, `every member of the VPC default security group (its default rule allows all traffic from itself), because the service names no security group${elsewhere}`);
    }
    for (const group of target ? [target] : []) {
      if (group.unknownAttributes && group.attributes.ingress === undefined) this.unknown(group, group.unknownAttributes.expression);
      for (const option of optionsOf(group.attributes.ingress)) {
        if (isUnresolved(option)) {
          this.unknown(group, option.expression);
          continue;
        }
        for (const block of blocksOf(option)) {
          if (isUnresolved(block)) {
            this.unknown(group, block.expression);
            continue;
          }
          this.sources(group, attr(block, 'cidr_blocks'), attr(block, 'ipv6_cidr_blocks'), attr(block, 'prefix_list_ids'), attr(block, 'self'), attr(block, 'security_groups'));
        }
      }
    }
    for (const { rule, group, kind } of this.rules) {
      if (!group.some((identity) => identity.kind === 'managed' && identity.id === this.identity.id)) continue;
      if (kind === 'security_group_rule') {
        const unresolvedType = optionsOf(rule.attributes.type).find(isUnresolved);
        if (unresolvedType) this.unknown(rule, unresolvedType.expression);
        this.sources(rule, rule.attributes.cidr_blocks, rule.attributes.ipv6_cidr_blocks, rule.attributes.prefix_list_ids, rule.attributes.self, rule.attributes.source_security_group_id);
      } else {
        this.sources(rule, rule.attributes.cidr_ipv4, rule.attributes.cidr_ipv6, rule.attributes.prefix_list_id, undefined, rule.attributes.referenced_security_group_id);
      }
      if (rule.unknownAttributes) this.unknown(rule, rule.unknownAttributes.expression);
    }
  }

  /**
   * An ECS service that runs in this group (a possible caller), by display name. The service being checked
   * counts too: in the source layer one construct call site may stand for several services.
   */
  private siblingService(groupId: string): string | undefined {
    for (const other of this.context.ofType(...ECS_TASK_RUNNERS)) {
      if (this.groups.serviceGroups(other)?.identities.some((identity) => identity.kind === 'managed' && identity.id === groupId)) return other.displayName;
    }
    return undefined;
  }

  private forbid(resource: PolicyResource, source: string): void {
    this.report(resource, 'forbidden', { group: this.groupName, service: this.service.displayName, source });
  }

  private unknown(resource: PolicyResource, expression: string): void {
    this.report(resource, 'unresolved', { group: this.groupName, service: this.service.displayName, expression });
  }

  /** Checks the sources of one rule: any CIDR or prefix list (set at all), self, and the source groups. */
  private sources(resource: PolicyResource, ipv4: AttrValue | undefined, ipv6: AttrValue | undefined, prefixLists: AttrValue | undefined, self: AttrValue | undefined, groups: AttrValue | undefined): void {
    for (const [label, value] of [
      ['CIDR', ipv4],
      ['IPv6 CIDR', ipv6],
      ['prefix list', prefixLists],
    ] as const) {
      if (isUnresolved(value)) this.forbid(resource, `${label} \`${value.expression}\``);
      for (const item of listOf(value)) this.forbid(resource, isUnresolved(item) ? `${label} \`${item.expression}\`` : `${label} ${describe(item)}`);
    }
    for (const option of optionsOf(self)) {
      if (isUnresolved(option)) this.unknown(resource, option.expression);
      else if (option === true || option === 'true') this.forbid(resource, 'itself (self = true)');
    }
    if (isUnresolved(groups)) this.unknown(resource, groups.expression);
    for (const group of listOf(groups)) this.sourceGroup(resource, group);
  }

  private sourceGroup(resource: PolicyResource, value: AttrValue): void {
    const source = this.groups.identity(value);
    if (source.kind === 'unknown') return this.unknown(resource, source.expression);
    // The service's own group as a source is a self rule, whoever else it is attached to.
    if (source.id === this.identity.id) return this.forbid(resource, 'its own security group (every task in the group may reach every other)');
    if (this.front.ids.has(source.id)) return;
    if (this.front.unknown.length > 0) return this.unknown(resource, this.front.unknown[0]);
    const name = value instanceof ResourceRef ? (this.context.byKey(value.targetKey)?.displayName ?? describe(value)) : describe(value);
    const sibling = this.context.layer === 'source' ? this.siblingService(source.id) : undefined;
    if (sibling) {
      // Callers are declared in the environment file, which only the synth and plan layers read: the
      // source layer names the question, and the synthesized stack answers it.
      return this.report(resource, 'unresolved', { group: this.groupName, service: this.service.displayName, expression: `security group ${name} of ${sibling}: whether it is a declared caller is in the environment file (the synth layer checks it)` }, 'warning');
    }
    if (this.front.worker && !this.front.callers) {
      return this.forbid(resource, `security group ${name}; the service has no target group and its environment file declares no callers (a worker), so nothing may reach it`);
    }
    this.forbid(resource, `security group ${name}, which is neither the group of a load balancer that forwards to the service nor the group of a declared caller`);
  }
}

/** Whether a service names any load balancer block (resolved or not): without one it has no target group. */
function hasLoadBalancerBlocks(service: PolicyResource): boolean {
  const value = service.attributes.load_balancer;
  if (isUnresolved(value)) return true;
  return optionsOf(value).some((option) => isUnresolved(option) || blocksOf(option).length > 0);
}

/**
 * The groups of the ECS services that the stack's environment file declares as callers of `service`
 * (matched by literal ECS service name). Only the declaration in the file counts; a service whose name
 * is not a literal has no declared callers.
 */
function declaredCallerGroups(context: RuleContext, groups: SecurityGroups, service: PolicyResource): Set<string> {
  const out = new Set<string>();
  const names = optionsOf(service.attributes.name);
  const declared = context.declaredCallers;
  if (!declared || names.length !== 1 || typeof names[0] !== 'string') return out;
  const callers = declared.get(names[0]);
  if (!callers) return out;
  const cluster = clusterOf(service);
  const services = context.ofType('aws_ecs_service');
  for (const other of services) {
    if (other === service) continue;
    const otherNames = optionsOf(other.attributes.name);
    if (otherNames.length !== 1 || typeof otherNames[0] !== 'string' || !callers.has(otherNames[0])) continue;
    // The caller is the one service of that name, in the callee's own cluster: a second service that
    // borrows the name (in another cluster) makes the name ambiguous, and nothing is accepted through it.
    const namesakes = services.filter((candidate) => candidate !== service && optionsOf(candidate.attributes.name).some((n) => n === otherNames[0]));
    if (namesakes.length !== 1 || cluster === undefined || clusterOf(other) !== cluster) continue;
    for (const identity of groups.serviceGroups(other)?.identities ?? []) {
      if (identity.kind === 'managed' && !isVpcDefault(identity)) out.add(identity.id);
    }
  }
  return out;
}

/** A service's cluster as written (a reference or a literal ARN); undefined when it is not one plain value. */
function clusterOf(service: PolicyResource): string | undefined {
  const options = optionsOf(service.attributes.cluster);
  if (options.length !== 1 || options[0] === undefined || options[0] === null || isUnresolved(options[0])) return undefined;
  return describe(options[0]);
}
