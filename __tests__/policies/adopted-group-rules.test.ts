/**
 * Adoption on the plan layer: a rule in an adopted security group's prior state that the plan keeps,
 * and that lets traffic around the load balancer, is an error of sg-ingress-from-alb-only. A group whose
 * configuration does not list its rules keeps what it had (the plan's after-value is the prior state);
 * the stack's groups list theirs, so the plan revokes them.
 */
import { runRules } from '../../policies/engine';
import { planGraph } from '../../policies/plan';
import { sgIngressFromAlbOnly } from '../../policies/rules/sg-ingress-from-alb-only';

const openRule = { cidr_blocks: ['0.0.0.0/0'], description: '', from_port: 3000, ipv6_cidr_blocks: [], prefix_list_ids: [], protocol: 'tcp', security_groups: [], self: false, to_port: 3000 };
const fromAlb = { ...openRule, cidr_blocks: [], description: 'App port from the load balancer', security_groups: ['sg-0a1b2c3d4e5f60001'] };

function adoptionPlan(serviceIngressAfter: unknown[], configured: boolean) {
  const group = (id: string, name: string, before: unknown[], after: unknown[]) => ({
    address: `aws_security_group.${name}`,
    mode: 'managed',
    type: 'aws_security_group',
    name,
    change: { actions: ['update'], before: { id, name, ingress: before }, after: { id, name, ingress: after }, after_unknown: {}, importing: { id } },
  });
  return planGraph(
    {
      format_version: '1.2',
      resource_changes: [
        group('sg-0a1b2c3d4e5f60001', 'alb', [], []),
        group('sg-0a1b2c3d4e5f60002', 'service', [openRule], serviceIngressAfter),
        {
          address: 'aws_lb.alb',
          mode: 'managed',
          type: 'aws_lb',
          name: 'alb',
          change: { actions: ['update'], before: { security_groups: ['sg-0a1b2c3d4e5f60001'] }, after: { security_groups: ['sg-0a1b2c3d4e5f60001'] }, after_unknown: {} },
        },
        {
          address: 'aws_ecs_service.service',
          mode: 'managed',
          type: 'aws_ecs_service',
          name: 'service',
          change: {
            actions: ['update'],
            before: { network_configuration: [{ security_groups: ['sg-0a1b2c3d4e5f60002'] }] },
            after: { network_configuration: [{ security_groups: ['sg-0a1b2c3d4e5f60002'] }] },
            after_unknown: {},
          },
        },
      ],
      configuration: {
        root_module: {
          resources: [{ address: 'aws_security_group.service', expressions: configured ? { ingress: { constant_value: serviceIngressAfter } } : { name: { constant_value: 'my-service-sg' } } }],
        },
      },
      variables: { production: { value: true } },
    } as never,
    { root: '/repo', file: 'console-world/plan.json', stack: 'console-tutorial' },
  );
}

test('an adopted group that keeps the console rule "3000 from 0.0.0.0/0" fails the gate', () => {
  const { findings } = runRules([adoptionPlan([openRule], false)], [sgIngressFromAlbOnly]);
  expect(findings.map((finding) => `${finding.severity} ${finding.message}`)).toEqual([
    'error aws_security_group.service (attached to aws_ecs_service.service) accepts ingress from CIDR 0.0.0.0/0; only the security group of a load balancer in front of the service may reach it. [plan console-tutorial]',
  ]);
});

test('an adopted group whose rules the stack lists (the open rule revoked) passes', () => {
  const { findings } = runRules([adoptionPlan([fromAlb], true)], [sgIngressFromAlbOnly]);
  expect(findings).toEqual([]);
});
