import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { Wafv2WebAcl, type Wafv2WebAclRule } from '@cdktf/provider-aws/lib/wafv2-web-acl';
import { Wafv2WebAclAssociation } from '@cdktf/provider-aws/lib/wafv2-web-acl-association';
import { Wafv2WebAclLoggingConfiguration } from '@cdktf/provider-aws/lib/wafv2-web-acl-logging-configuration';
import { Construct } from 'constructs';

/** The AWS managed rule groups every web ACL of this project runs, in priority order. */
export const MANAGED_RULE_GROUPS = [
  'AWSManagedRulesCommonRuleSet',
  'AWSManagedRulesKnownBadInputsRuleSet',
  'AWSManagedRulesAmazonIpReputationList',
] as const;

export interface WebAclProps {
  /** Web ACL name; its log group is `aws-waf-logs-<name>` (WAF requires that prefix). */
  readonly name: string;
  /** ARN of the Application Load Balancer to protect. */
  readonly loadBalancerArn: string;
  /**
   * `block` enforces the rules; `count` only counts and logs matches (for a first rollout: read the
   * logs, then switch to block).
   * @default 'block'
   */
  readonly mode?: 'block' | 'count';
  /**
   * Requests one client IP may send in 5 minutes before the rate-based rule blocks (or counts) it.
   * @default 2000
   */
  readonly rateLimit?: number;
  /** @default 90 */
  readonly logRetentionDays?: number;
  /** KMS key for the WAF log group. @default - CloudWatch Logs encryption */
  readonly logKmsKeyArn?: string;
}

/**
 * An AWS WAFv2 web ACL on the load balancer: the AWS managed rule groups (common, known bad inputs,
 * IP reputation), a rate-based rule per client IP, and its logs in CloudWatch Logs with the
 * `Authorization` and `Cookie` headers redacted.
 */
export class WebAcl extends Construct {
  public readonly webAcl: Wafv2WebAcl;
  public readonly logGroup: CloudwatchLogGroup;

  constructor(scope: Construct, id: string, props: WebAclProps) {
    super(scope, id);
    const counting = (props.mode ?? 'block') === 'count';
    const visibility = (metricName: string) => ({ cloudwatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName });

    const managed: Wafv2WebAclRule[] = MANAGED_RULE_GROUPS.map((group, index) => ({
      name: group,
      priority: (index + 1) * 10,
      // `none` keeps each managed rule's own action; `count` turns the whole group into counting.
      overrideAction: counting ? { count: {} } : { none: {} },
      // The provider types `statement` loosely, so it is written in Terraform's own (snake_case) form.
      statement: { managed_rule_group_statement: { name: group, vendor_name: 'AWS' } },
      visibilityConfig: visibility(group),
    }));
    const rateLimit: Wafv2WebAclRule = {
      name: 'rate-limit-per-ip',
      priority: (MANAGED_RULE_GROUPS.length + 1) * 10,
      action: counting ? { count: {} } : { block: {} },
      statement: { rate_based_statement: { limit: props.rateLimit ?? 2000, aggregate_key_type: 'IP', evaluation_window_sec: 300 } },
      visibilityConfig: visibility('rate-limit-per-ip'),
    };

    this.webAcl = new Wafv2WebAcl(this, 'web-acl', {
      name: props.name,
      description: `Managed rules and a rate limit in front of ${props.name}${counting ? ' (counting only)' : ''}`,
      scope: 'REGIONAL',
      defaultAction: { allow: {} },
      rule: [...managed, rateLimit],
      visibilityConfig: visibility(props.name),
    });
    new Wafv2WebAclAssociation(this, 'association', { resourceArn: props.loadBalancerArn, webAclArn: this.webAcl.arn });

    this.logGroup = new CloudwatchLogGroup(this, 'logs', {
      name: `aws-waf-logs-${props.name}`,
      retentionInDays: props.logRetentionDays ?? 90,
      kmsKeyId: props.logKmsKeyArn,
    });
    new Wafv2WebAclLoggingConfiguration(this, 'logging', {
      resourceArn: this.webAcl.arn,
      logDestinationConfigs: [this.logGroup.arn],
      redactedFields: [{ singleHeader: { name: 'authorization' } }, { singleHeader: { name: 'cookie' } }],
    });
  }
}
