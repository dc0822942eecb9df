import { jsonLine, synth, tf, type RuleCases } from '../helpers';

const unmanaged = tf({ aws_vpc: { main: {} } });
const open = tf({ aws_vpc: { main: {} }, aws_default_security_group: { d: { vpc_id: '${aws_vpc.main.id}', egress: [{ from_port: 0, to_port: 0, protocol: '-1', cidr_blocks: ['0.0.0.0/0'] }] } } });
const standalone = tf({
  aws_vpc: { main: {} },
  aws_default_security_group: { d: { vpc_id: '${aws_vpc.main.id}' } },
  aws_vpc_security_group_ingress_rule: { r: { security_group_id: '${aws_default_security_group.d.id}', cidr_ipv4: '10.0.0.0/8', ip_protocol: '-1' } },
});

export const cases: RuleCases = {
  valid: [
    { name: 'synth: managed default group without rules', graph: synth(tf({ aws_vpc: { main: {} }, aws_default_security_group: { d: { vpc_id: '${aws_vpc.main.id}' } } })) },
    { name: 'synth: outside production', graph: synth(tf({ aws_vpc: { main: {} } }, { production: false }), 'dev') },
  ],
  invalid: [
    {
      name: 'synth: default group left as AWS made it',
      graph: synth(unmanaged),
      expected: [{ line: jsonLine(unmanaged, 'resource/aws_vpc/main'), message: 'aws_vpc.main leaves its default security group as AWS made it (all traffic between members, all egress). [synth prod]' }],
    },
    {
      name: 'synth: default group with egress',
      graph: synth(open),
      expected: [{ line: jsonLine(open, 'resource/aws_default_security_group/d'), message: 'aws_default_security_group.d (the default group of aws_vpc.main) has egress rules; it must have none. [synth prod]' }],
    },
    {
      name: 'synth: a standalone rule on the default group',
      graph: synth(standalone),
      expected: [
        {
          line: jsonLine(standalone, 'resource/aws_vpc_security_group_ingress_rule/r'),
          message: 'aws_default_security_group.d (the default group of aws_vpc.main) has standalone (aws_vpc_security_group_ingress_rule.r) rules; it must have none. [synth prod]',
        },
      ],
    },
  ],
};
