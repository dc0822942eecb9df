import type { PolicyResource } from '../model';
import { pointingAt } from '../references';
import type { Rule } from '../types';
import { attr, blocksOf, isObject, isUnresolved, optionsOf } from '../values';

/** Rule groups a web ACL in front of a production load balancer must run. */
export const REQUIRED_RULE_GROUPS = ['AWSManagedRulesCommonRuleSet', 'AWSManagedRulesKnownBadInputsRuleSet', 'AWSManagedRulesAmazonIpReputationList'];

/** Internet-facing production load balancers sit behind AWS WAF with managed rules, a rate limit and logs. */
export const albWafProtected: Rule = {
  id: 'alb-waf-protected',
  severity: 'error',
  pack: 'hardening',
  description:
    'Every internet-facing application load balancer in production has an AWS WAFv2 web ACL with the AWS managed common, known bad inputs and IP reputation rule groups, a rate-based rule and a logging configuration (Checkov CKV2_AWS_28, CKV_AWS_192, CKV2_AWS_31; no Trivy check).',
  why: 'Without a web application firewall every request reaches the service: known exploit payloads (Log4Shell and the like), traffic from known-bad addresses and floods from one client are only stopped, if at all, by the application itself; without WAF logs a blocked attack leaves no trace.',
  help: 'Set `hardening.webAcl.enabled: true` (the default in production); use `mode: count` for a first rollout.',
  equivalents: { checkov: ['CKV2_AWS_28', 'CKV_AWS_192', 'CKV2_AWS_31'] },
  layers: ['synth', 'plan'],
  messages: {
    missing: '{resource} is internet-facing but no web ACL is associated with it.',
    ruleGroup: '{acl} (on {resource}) does not run the managed rule group {group}.',
    rateLimit: '{acl} (on {resource}) has no rate-based rule.',
    logging: '{acl} (on {resource}) has no logging configuration.',
    counting: '{acl} (on {resource}) only counts matches ({rule} is in count mode); switch to block once its logs look right.',
    unresolved: 'Cannot verify the web ACL of {resource}: `{expression}` could not be resolved.',
  },
  check(context) {
    const associations = context.ofType('aws_wafv2_web_acl_association');
    const acls = context.ofType('aws_wafv2_web_acl');
    const logging = context.ofType('aws_wafv2_web_acl_logging_configuration');
    for (const resource of context.ofType('aws_lb', 'aws_alb')) {
      if (!resource.production) continue;
      const types = optionsOf(resource.attributes.load_balancer_type);
      if (!types.some((t) => t === undefined || t === null || t === 'application' || isUnresolved(t))) continue;
      if (optionsOf(resource.attributes.internal).every((internal) => internal === true || internal === 'true')) continue;
      const mine = pointingAt(associations, 'resource_arn', resource);
      if (mine.length === 0) {
        const unknown = associations.map((a) => a.attributes.resource_arn).find(isUnresolved);
        if (unknown) context.report({ resource, messageId: 'unresolved', data: { resource: resource.displayName, expression: unknown.expression } });
        else context.report({ resource, messageId: 'missing', data: { resource: resource.displayName } });
        continue;
      }
      for (const association of mine) {
        const acl = acls.find((candidate) => pointingAt([association], 'web_acl_arn', candidate).length > 0);
        if (!acl) {
          context.report({ resource: association, messageId: 'unresolved', data: { resource: resource.displayName, expression: String(association.attributes.web_acl_arn) } });
          continue;
        }
        checkAcl(acl, logging, (messageId, data, severity) =>
          context.report({ resource: acl, messageId, severity, data: { resource: resource.displayName, acl: acl.displayName, ...data } }),
        );
      }
    }
  },
};

/** Checks one web ACL; counting mode is a warning (a first rollout may count before it blocks). */
function checkAcl(
  acl: PolicyResource,
  logging: readonly PolicyResource[],
  report: (messageId: string, data?: { [key: string]: string }, severity?: 'warning') => void,
): void {
  const rules = blocksOf(acl.attributes.rule);
  const unresolvedRule = rules.find(isUnresolved);
  if (unresolvedRule || isUnresolved(acl.attributes.rule)) {
    report('unresolved', { expression: `${acl.displayName}.rule` });
    return;
  }
  const groups = new Map<string, boolean>();
  let rate = false;
  for (const rule of rules) {
    const statement = blocksOf(attr(rule, 'statement'))[0];
    const managed = blocksOf(attr(statement, 'managed_rule_group_statement'))[0];
    const name = attr(rule, 'name');
    if (managed && isObject(managed)) {
      const group = attr(managed, 'name');
      if (typeof group === 'string') groups.set(group, blocksOf(attr(blocksOf(attr(rule, 'override_action'))[0], 'count')).length > 0);
    }
    if (blocksOf(attr(statement, 'rate_based_statement')).length > 0) {
      rate = true;
      if (blocksOf(attr(blocksOf(attr(rule, 'action'))[0], 'count')).length > 0) report('counting', { rule: String(name) }, 'warning');
    }
  }
  for (const group of REQUIRED_RULE_GROUPS) {
    if (!groups.has(group)) report('ruleGroup', { group });
    else if (groups.get(group)) report('counting', { rule: group }, 'warning');
  }
  if (!rate) report('rateLimit');
  if (pointingAt(logging, 'resource_arn', acl).length === 0) report('logging');
}
