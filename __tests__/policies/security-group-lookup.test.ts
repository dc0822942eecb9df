/**
 * Whether a data.aws_security_group lookup finds a managed group (policies/security-group-lookup.ts), and
 * which VPC a value names (policies/vpcs.ts): every filter must agree, one that differs settles it, and a
 * value the configuration does not fix leaves it open.
 */
import { lookupFinds } from '../../policies/security-group-lookup';
import { ResourceRef, type PolicyResource } from '../../policies/model';
import { sameVpc, subnetsVpc, vpcOf } from '../../policies/vpcs';
import { contextOf, synth, tf, type Json } from './helpers';

/** Groups: web (literal name, tags), generated (name_prefix), anonymous (no name), the default group of vpc main. */
function verdicts(lookup: { [key: string]: Json }, provider?: Json): { [group: string]: string } {
  const json = {
    ...tf(
      {
        aws_vpc: { main: { cidr_block: '10.0.0.0/16' } },
        aws_security_group: {
          web: { name: 'web', description: 'web tasks', vpc_id: '${aws_vpc.main.id}', tags: { Name: 'web-tasks', Team: 'shop' } },
          generated: { name_prefix: 'svc-', vpc_id: 'vpc-1' },
          anonymous: { vpc_id: 'vpc-1' },
        },
        aws_default_security_group: { main: { vpc_id: '${aws_vpc.main.id}' } },
      },
      provider !== undefined ? { provider } : {},
    ),
    data: { aws_security_group: { found: lookup } },
  };
  const context = contextOf(synth(json));
  const found = context.byKey('data.aws_security_group.found') as PolicyResource;
  const out: { [group: string]: string } = {};
  for (const group of context.ofType('aws_security_group', 'aws_default_security_group')) out[group.key.split('.')[1]] = lookupFinds(context, found, group);
  return out;
}

test.each([
  ['by name', { name: 'web' }, { web: 'match', generated: 'differs', anonymous: 'differs', main: 'differs' }],
  ['by a name the prefix may generate', { name: 'svc-0123' }, { web: 'differs', generated: 'unknown', anonymous: 'differs', main: 'differs' }],
  ['by a name the provider may generate', { name: 'terraform-2024' }, { web: 'differs', generated: 'differs', anonymous: 'unknown', main: 'differs' }],
  ['by name and another VPC', { name: 'web', vpc_id: 'vpc-1' }, { web: 'unknown', generated: 'differs', anonymous: 'differs', main: 'differs' }],
  ['by name and the managed VPC', { name: 'web', vpc_id: '${aws_vpc.main.id}' }, { web: 'match', generated: 'differs', anonymous: 'differs', main: 'differs' }],
  ['the default group by name', { name: 'default', vpc_id: '${aws_vpc.main.id}' }, { web: 'differs', generated: 'differs', anonymous: 'differs', main: 'match' }],
  ['by tags', { tags: { Team: 'shop' } }, { web: 'match', generated: 'differs', anonymous: 'differs', main: 'differs' }],
  ['by a tag value that differs', { tags: { Team: 'ops' } }, { web: 'differs', generated: 'differs', anonymous: 'differs', main: 'differs' }],
  ['by a tag filter with a wildcard', { filter: [{ name: 'tag:Name', values: ['web-*'] }] }, { web: 'match', generated: 'differs', anonymous: 'differs', main: 'differs' }],
  ['by tag key', { filter: [{ name: 'tag-key', values: ['Team'] }] }, { web: 'match', generated: 'differs', anonymous: 'differs', main: 'differs' }],
  ['by group-name filter', { filter: [{ name: 'group-name', values: ['we?', 'other'] }] }, { web: 'match', generated: 'unknown', anonymous: 'unknown', main: 'differs' }],
  ['by description (the provider default for groups without one)', { filter: [{ name: 'description', values: ['Managed by Terraform'] }] }, { web: 'differs', generated: 'match', anonymous: 'match', main: 'unknown' }],
  ['by group-id (not known before apply)', { filter: [{ name: 'group-id', values: ['sg-1'] }] }, { web: 'unknown', generated: 'unknown', anonymous: 'unknown', main: 'unknown' }],
  ['by a filter the gate does not model', { filter: [{ name: 'ip-permission.cidr', values: ['0.0.0.0/0'] }] }, { web: 'unknown', generated: 'unknown', anonymous: 'unknown', main: 'unknown' }],
  ['with no filter at all', {}, { web: 'unknown', generated: 'unknown', anonymous: 'unknown', main: 'unknown' }],
  ['by a name from a variable without default', { name: '${var.group}' }, { web: 'unknown', generated: 'unknown', anonymous: 'unknown', main: 'unknown' }],
])('a lookup %s', (_name, lookup, expected) => {
  expect(verdicts(lookup as { [key: string]: Json })).toEqual(expected);
});

test("a tag the provider's default_tags give every group", () => {
  const provider = { aws: [{ region: 'eu-west-1', default_tags: [{ tags: { Env: 'prod' } }] }] };
  expect(verdicts({ tags: { Env: 'prod' }, name: 'web' }, provider)).toEqual({ web: 'match', generated: 'differs', anonymous: 'differs', main: 'differs' });
  expect(verdicts({ tags: { Env: 'prod' } }, provider)).toEqual({ web: 'match', generated: 'match', anonymous: 'match', main: 'match' });
  expect(verdicts({ tags: { Env: 'prod' } }, { aws: [{ default_tags: [{ tags: '${var.tags}' }] }] })).toEqual({ web: 'unknown', generated: 'unknown', anonymous: 'unknown', main: 'unknown' });
});

describe('VPCs', () => {
  const graph = synth({
    ...tf({
      aws_vpc: { main: { cidr_block: '10.0.0.0/16' }, other: { cidr_block: '10.1.0.0/16' } },
      aws_subnet: { a: { vpc_id: '${aws_vpc.main.id}' }, b: { vpc_id: '${aws_vpc.main.id}' }, c: { vpc_id: '${aws_vpc.other.id}' } },
      aws_default_subnet: { d: { availability_zone: 'eu-west-1a' } },
    }),
    data: { aws_vpc: { shared: { id: 'vpc-0shared' }, fallback: { default: true } }, aws_subnet: { looked: { vpc_id: '${aws_vpc.other.id}' } } },
  });
  const context = contextOf(graph);

  const subnet = (key: string) => new ResourceRef(key, 'id');

  test('the VPC of a vpc_id', () => {
    expect(vpcOf(context, new ResourceRef('aws_vpc.main', 'id'))).toEqual({ kind: 'managed', key: 'aws_vpc.main' });
    expect(vpcOf(context, new ResourceRef('data.aws_vpc.shared', 'id'))).toEqual({ kind: 'literal', id: 'vpc-0shared' });
    expect(vpcOf(context, new ResourceRef('data.aws_vpc.fallback', 'id'))).toEqual({ kind: 'default' });
    expect(vpcOf(context, 'vpc-1')).toEqual({ kind: 'literal', id: 'vpc-1' });
    expect(vpcOf(context, '${var.vpc}')).toEqual({ kind: 'unknown' });
  });

  test('the one VPC of a list of subnets, or unknown', () => {
    expect(subnetsVpc(context, [subnet('aws_subnet.a'), subnet('aws_subnet.b')])).toEqual({ kind: 'managed', key: 'aws_vpc.main' });
    expect(subnetsVpc(context, [subnet('aws_subnet.a'), subnet('aws_subnet.c')])).toEqual({ kind: 'unknown' });
    expect(subnetsVpc(context, [subnet('data.aws_subnet.looked')])).toEqual({ kind: 'managed', key: 'aws_vpc.other' });
    expect(subnetsVpc(context, [subnet('aws_default_subnet.d')])).toEqual({ kind: 'default' });
    expect(subnetsVpc(context, ['subnet-0123'])).toEqual({ kind: 'unknown' });
    expect(subnetsVpc(context, [])).toEqual({ kind: 'unknown' });
  });

  test('same, different or unknown', () => {
    expect(sameVpc({ kind: 'managed', key: 'a' }, { kind: 'managed', key: 'a' })).toBe('same');
    expect(sameVpc({ kind: 'managed', key: 'a' }, { kind: 'managed', key: 'b' })).toBe('different');
    expect(sameVpc({ kind: 'literal', id: 'vpc-1' }, { kind: 'literal', id: 'vpc-2' })).toBe('different');
    expect(sameVpc({ kind: 'managed', key: 'a' }, { kind: 'default' })).toBe('different');
    expect(sameVpc({ kind: 'managed', key: 'a' }, { kind: 'literal', id: 'vpc-1' })).toBe('unknown');
    expect(sameVpc({ kind: 'literal', id: 'vpc-1' }, { kind: 'default' })).toBe('unknown');
    expect(sameVpc({ kind: 'unknown' }, { kind: 'unknown' })).toBe('unknown');
  });
});
