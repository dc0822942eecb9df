import { pointingAt } from '../references';
import type { Rule } from '../types';
import { isUnresolved } from '../values';

/** Production VPCs record flow logs. */
export const vpcFlowLogs: Rule = {
  id: 'vpc-flow-logs',
  severity: 'error',
  pack: 'hardening',
  description: 'Every VPC a production stack creates has a flow log (Checkov CKV2_AWS_11; Trivy AVD-AWS-0178).',
  why: 'Flow logs are the only record of which addresses talked to which, on which ports; without them a compromised task\'s connections, or traffic the security groups rejected, cannot be investigated.',
  help: 'Set `hardening.flowLogs.enabled: true` (the default), or add an FlowLog with `vpcId: vpc.id`.',
  equivalents: { checkov: ['CKV2_AWS_11'], trivy: ['AVD-AWS-0178'] },
  layers: ['synth', 'plan'],
  messages: {
    missing: '{resource} has no flow log.',
    unresolved: 'Cannot verify the flow logs of {resource}: a flow log\'s vpc_id is `{expression}`.',
  },
  check(context) {
    const flowLogs = context.ofType('aws_flow_log');
    for (const resource of context.ofType('aws_vpc')) {
      if (!resource.production) continue;
      if (pointingAt(flowLogs, 'vpc_id', resource).length > 0) continue;
      const unknown = flowLogs.map((flowLog) => flowLog.attributes.vpc_id).find(isUnresolved);
      if (unknown) context.report({ resource, messageId: 'unresolved', data: { resource: resource.displayName, expression: unknown.expression } });
      else context.report({ resource, messageId: 'missing', data: { resource: resource.displayName } });
    }
  },
};
