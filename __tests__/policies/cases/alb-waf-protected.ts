import { jsonLine, synth, tf, type Json, type RuleCases } from '../helpers';

const group = (name: string, count = false): Json => ({
  name,
  priority: 10,
  override_action: count ? { count: {} } : { none: {} },
  statement: { managed_rule_group_statement: { name, vendor_name: 'AWS' } },
});
const rate: Json = { name: 'rate', priority: 40, action: { block: {} }, statement: { rate_based_statement: { limit: 2000, aggregate_key_type: 'IP' } } };
const groups = ['AWSManagedRulesCommonRuleSet', 'AWSManagedRulesKnownBadInputsRuleSet', 'AWSManagedRulesAmazonIpReputationList'];
const stack = (rules: Json[], options: { logging?: boolean; association?: boolean } = {}) =>
  tf({
    aws_lb: { main: { load_balancer_type: 'application' } },
    aws_wafv2_web_acl: { acl: { scope: 'REGIONAL', rule: rules } },
    ...(options.association === false ? {} : { aws_wafv2_web_acl_association: { a: { resource_arn: '${aws_lb.main.arn}', web_acl_arn: '${aws_wafv2_web_acl.acl.arn}' } } }),
    ...(options.logging === false ? {} : { aws_wafv2_web_acl_logging_configuration: { l: { resource_arn: '${aws_wafv2_web_acl.acl.arn}', log_destination_configs: ['x'] } } }),
  });
const complete = stack([...groups.map((g) => group(g)), rate]);
const unprotected = tf({ aws_lb: { main: { load_balancer_type: 'application', internal: false } } });
const partial = stack([group('AWSManagedRulesCommonRuleSet')], { logging: false });
const counting = stack([...groups.map((g) => group(g, g === 'AWSManagedRulesCommonRuleSet')), rate]);

export const cases: RuleCases = {
  valid: [
    { name: 'synth: web ACL with the managed groups, a rate rule and logs', graph: synth(complete) },
    { name: 'synth: an internal load balancer needs no WAF', graph: synth(tf({ aws_lb: { main: { load_balancer_type: 'application', internal: true } } })) },
    { name: 'synth: outside production', graph: synth(tf({ aws_lb: { main: { load_balancer_type: 'application' } } }, { production: false }), 'dev') },
  ],
  invalid: [
    {
      name: 'synth: no association',
      graph: synth(unprotected),
      expected: [{ line: jsonLine(unprotected, 'resource/aws_lb/main'), message: 'aws_lb.main is internet-facing but no web ACL is associated with it. [synth prod]' }],
    },
    {
      name: 'synth: missing groups, rate rule and logging',
      graph: synth(partial),
      expected: [
        'does not run the managed rule group AWSManagedRulesKnownBadInputsRuleSet.',
        'does not run the managed rule group AWSManagedRulesAmazonIpReputationList.',
        'has no rate-based rule.',
        'has no logging configuration.',
      ].map((tail) => ({ line: jsonLine(partial, 'resource/aws_wafv2_web_acl/acl'), message: `aws_wafv2_web_acl.acl (on aws_lb.main) ${tail} [synth prod]` })),
    },
    {
      name: 'synth: counting mode is a warning',
      graph: synth(counting),
      expected: [
        {
          severity: 'warning',
          line: jsonLine(counting, 'resource/aws_wafv2_web_acl/acl'),
          message: 'aws_wafv2_web_acl.acl (on aws_lb.main) only counts matches (AWSManagedRulesCommonRuleSet is in count mode); switch to block once its logs look right. [synth prod]',
        },
      ],
    },
  ],
};
