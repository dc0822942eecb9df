import type { AttrValue } from '../../../policies/model';
import { jsonLine, oneOf, ref, sourceGraph, src, synth, tf, unresolved, type Json, type RuleCases } from '../helpers';

/** Source layout: line 1 ALB group, line 2 load balancer, line 3 service group, line 4 service. */
const albGroup = src('aws_security_group', {}, { line: 1 });
const lb = src('aws_lb', { security_groups: [ref(1)] }, { line: 2 });
const service = src('aws_ecs_service', { network_configuration: { security_groups: [ref(3)], subnets: ['subnet-1'] } }, { line: 4 });
const serviceGroup = (ingress?: AttrValue) => src('aws_security_group', ingress === undefined ? {} : { ingress }, { line: 3 });

const stack = (extra: { [type: string]: { [name: string]: Json } }, serviceGroupBody: { [key: string]: Json } = {}) =>
  tf({
    aws_security_group: { alb: { name: 'alb' }, service: serviceGroupBody, other: { name: 'other' } },
    aws_lb: { alb: { security_groups: ['${aws_security_group.alb.id}'] } },
    aws_ecs_service: { app: { network_configuration: [{ security_groups: ['${aws_security_group.service.id}'], subnets: ['subnet-1'] }] } },
    ...extra,
  });

const fromAlb = stack({ aws_vpc_security_group_ingress_rule: { app: { security_group_id: '${aws_security_group.service.id}', referenced_security_group_id: '${aws_security_group.alb.id}', from_port: 3000, to_port: 3000, ip_protocol: 'tcp' } } });
const cidr = stack({ aws_vpc_security_group_ingress_rule: { app: { security_group_id: '${aws_security_group.service.id}', cidr_ipv4: '10.0.0.0/16', ip_protocol: 'tcp' } } });
const prefixList = stack({ aws_vpc_security_group_ingress_rule: { app: { security_group_id: '${aws_security_group.service.id}', prefix_list_id: 'pl-123', ip_protocol: 'tcp' } } });
const ipv6 = stack({ aws_vpc_security_group_ingress_rule: { app: { security_group_id: '${aws_security_group.service.id}', cidr_ipv6: '::/0', ip_protocol: 'tcp' } } });
const otherGroup = stack({ aws_security_group_rule: { app: { type: 'ingress', security_group_id: '${aws_security_group.service.id}', source_security_group_id: '${aws_security_group.other.id}', from_port: 3000, to_port: 3000, protocol: 'tcp' } } });
const ruleCidr = stack({ aws_security_group_rule: { app: { type: 'ingress', security_group_id: '${aws_security_group.service.id}', cidr_blocks: ['0.0.0.0/0'], from_port: 3000, to_port: 3000, protocol: 'tcp' } } });
const egressRule = stack({ aws_security_group_rule: { out: { type: 'egress', security_group_id: '${aws_security_group.service.id}', cidr_blocks: ['0.0.0.0/0'], from_port: 0, to_port: 0, protocol: '-1' } } });
const inline = stack({}, { ingress: [{ from_port: 3000, to_port: 3000, protocol: 'tcp', cidr_blocks: ['0.0.0.0/0'], security_groups: null, ipv6_cidr_blocks: null, prefix_list_ids: null, self: null }] });
const inlineFromAlb = stack({}, { ingress: [{ from_port: 3000, to_port: 3000, protocol: 'tcp', security_groups: ['${aws_security_group.alb.id}'], cidr_blocks: null }] });

const svc = 'aws_ecs_service.app';
const group = 'aws_security_group.service';

export const cases: RuleCases = {
  valid: [
    { name: 'source: inline ingress from the ALB group', graph: sourceGraph([albGroup, lb, serviceGroup([{ from_port: 3000, to_port: 3000, protocol: 'tcp', security_groups: [ref(1)] }]), service]) },
    {
      name: 'source: VPC ingress rule referencing the ALB group',
      graph: sourceGraph([albGroup, lb, serviceGroup(), service, src('aws_vpc_security_group_ingress_rule', { security_group_id: ref(3), referenced_security_group_id: ref(1) }, { line: 5 })]),
    },
    { name: 'source: CIDR on the ALB group itself is fine', graph: sourceGraph([src('aws_security_group', { ingress: [{ cidr_blocks: ['0.0.0.0/0'] }] }, { line: 1 }), lb, serviceGroup(), service]) },
    { name: 'synth: VPC ingress rule from the ALB group', graph: synth(fromAlb) },
    { name: 'synth: inline ingress from the ALB group', graph: synth(inlineFromAlb) },
    { name: 'synth: egress rules are not ingress', graph: synth(egressRule) },
  ],
  invalid: [
    {
      name: 'source: inline CIDR',
      graph: sourceGraph([albGroup, lb, serviceGroup([{ from_port: 3000, to_port: 3000, cidr_blocks: ['0.0.0.0/0'] }]), service]),
      expected: [{ line: 3, message: 'new SecurityGroup(this, "r3") (attached to new EcsService(this, "r4")) accepts ingress from CIDR 0.0.0.0/0; only a load balancer security group may reach the service.' }],
    },
    {
      name: 'source: one branch of a conditional opens a private CIDR',
      graph: sourceGraph([albGroup, lb, serviceGroup(), service, src('aws_vpc_security_group_ingress_rule', { security_group_id: ref(3), referenced_security_group_id: oneOf(ref(1)), cidr_ipv4: oneOf('10.0.0.0/8') }, { line: 5 })]),
      expected: [{ line: 5, message: 'new SecurityGroup(this, "r3") (attached to new EcsService(this, "r4")) accepts ingress from CIDR 10.0.0.0/8; only a load balancer security group may reach the service.' }],
    },
    {
      name: 'source: unresolved ingress is a warning',
      graph: sourceGraph([albGroup, lb, serviceGroup(unresolved('props.ingress', 3)), service]),
      expected: [{ severity: 'warning', line: 3, message: 'Cannot verify the ingress of new SecurityGroup(this, "r3") (attached to new EcsService(this, "r4")): `props.ingress` could not be resolved.' }],
    },
    {
      name: 'source: a group that may be the load balancer\'s (its groups are unresolved) is a warning',
      graph: sourceGraph([albGroup, src('aws_lb', { security_groups: unresolved('props.lbGroups') }, { line: 2 }), serviceGroup(), service, src('aws_vpc_security_group_ingress_rule', { security_group_id: ref(3), referenced_security_group_id: ref(1) }, { line: 5 })]),
      expected: [{ severity: 'warning', line: 5, message: 'Cannot verify the ingress of new SecurityGroup(this, "r3") (attached to new EcsService(this, "r4")): `props.lbGroups` could not be resolved.' }],
    },
    {
      name: 'source: unresolved service group is a warning',
      graph: sourceGraph([albGroup, lb, src('aws_ecs_service', { network_configuration: { security_groups: [unresolved('props.groups')] } }, { line: 4 })]),
      expected: [{ severity: 'warning', line: 4, message: 'Cannot verify the ingress of a security group (attached to new EcsService(this, "r4")): `props.groups` could not be resolved.' }],
    },
    {
      name: 'synth: VPC ingress rule with cidr_ipv4',
      graph: synth(cidr),
      expected: [{ line: jsonLine(cidr, 'resource/aws_vpc_security_group_ingress_rule/app'), message: `${group} (attached to ${svc}) accepts ingress from CIDR 10.0.0.0/16; only a load balancer security group may reach the service. [synth prod]` }],
    },
    {
      name: 'synth: VPC ingress rule with cidr_ipv6',
      graph: synth(ipv6),
      expected: [{ line: jsonLine(ipv6, 'resource/aws_vpc_security_group_ingress_rule/app'), message: `${group} (attached to ${svc}) accepts ingress from IPv6 CIDR ::/0; only a load balancer security group may reach the service. [synth prod]` }],
    },
    {
      name: 'synth: VPC ingress rule with a prefix list',
      graph: synth(prefixList),
      expected: [{ line: jsonLine(prefixList, 'resource/aws_vpc_security_group_ingress_rule/app'), message: `${group} (attached to ${svc}) accepts ingress from prefix list pl-123; only a load balancer security group may reach the service. [synth prod]` }],
    },
    {
      name: 'synth: aws_security_group_rule from a group that is not the ALB group',
      graph: synth(otherGroup),
      expected: [
        {
          line: jsonLine(otherGroup, 'resource/aws_security_group_rule/app'),
          message: `${group} (attached to ${svc}) accepts ingress from security group aws_security_group.other, which is not attached to a load balancer; only a load balancer security group may reach the service. [synth prod]`,
        },
      ],
    },
    {
      name: 'synth: aws_security_group_rule with a CIDR',
      graph: synth(ruleCidr),
      expected: [{ line: jsonLine(ruleCidr, 'resource/aws_security_group_rule/app'), message: `${group} (attached to ${svc}) accepts ingress from CIDR 0.0.0.0/0; only a load balancer security group may reach the service. [synth prod]` }],
    },
    {
      name: 'synth: inline ingress block with a CIDR',
      graph: synth(inline),
      expected: [{ line: jsonLine(inline, 'resource/aws_security_group/service'), message: `${group} (attached to ${svc}) accepts ingress from CIDR 0.0.0.0/0; only a load balancer security group may reach the service. [synth prod]` }],
    },
  ],
};
