import { jsonLine, synth, tf, type RuleCases } from '../helpers';

const bare = tf({ aws_vpc: { main: { cidr_block: '10.0.0.0/16' } } });
const otherVpc = tf({ aws_vpc: { main: { cidr_block: '10.0.0.0/16' } }, aws_flow_log: { f: { vpc_id: 'vpc-0123456789abcdef0' } } });

export const cases: RuleCases = {
  valid: [
    { name: 'synth: a flow log on the VPC', graph: synth(tf({ aws_vpc: { main: { cidr_block: '10.0.0.0/16' } }, aws_flow_log: { f: { vpc_id: '${aws_vpc.main.id}', traffic_type: 'ALL' } } })) },
    { name: 'synth: outside production', graph: synth(tf({ aws_vpc: { main: {} } }, { production: false }), 'dev') },
  ],
  invalid: [
    { name: 'synth: no flow log', graph: synth(bare), expected: [{ line: jsonLine(bare, 'resource/aws_vpc/main'), message: 'aws_vpc.main has no flow log. [synth prod]' }] },
    { name: 'synth: the flow log is on another VPC', graph: synth(otherVpc), expected: [{ line: jsonLine(otherVpc, 'resource/aws_vpc/main'), message: 'aws_vpc.main has no flow log. [synth prod]' }] },
  ],
};
