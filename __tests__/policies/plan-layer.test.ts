/**
 * The plan layer over a real `terraform show -json` (fixture from a tiny cdktf stack, planned offline)
 * and small hand-written plans for actions.
 */
import * as path from 'node:path';
import { ResourceRef, Unresolved } from '../../policies/model';
import { planGraph, readPlanFile, stackNameOf } from '../../policies/plan';

const root = path.resolve(__dirname, '../..');
const fixture = '__tests__/fixtures/policies/plan-prod/stacks/prod/plan.json';

test('after-values, with references unknown at plan time taken from the configuration', () => {
  const graph = readPlanFile(fixture, { root });
  expect(graph.layer).toBe('plan');
  expect(graph.stack).toBe('prod');
  expect(graph.variables.image_tag).toBe('latest');
  const byKey = new Map(graph.resources.map((resource) => [resource.key, resource]));
  expect(byKey.get('aws_lb.alb')?.attributes.security_groups).toEqual([new ResourceRef('aws_security_group.alb-group', 'id')]);
  expect(byKey.get('aws_vpc_security_group_ingress_rule.from-office')?.attributes).toMatchObject({
    cidr_ipv4: '10.1.0.0/16',
    security_group_id: new ResourceRef('aws_security_group.service-group', 'id'),
  });
  // Known after-values are used as planned (the AWS default MUTABLE is visible in the plan).
  expect(byKey.get('aws_ecr_repository.repository')?.attributes.image_tag_mutability).toBe('MUTABLE');
  // Computed attributes nobody configured count as omitted, not as unresolved.
  expect(byKey.get('aws_security_group.service-group')?.attributes.ingress).toBeUndefined();
  expect(graph.resources.every((resource) => resource.production && resource.location.file === fixture)).toBe(true);
  expect(graph.resources.some((resource) => resource.type.startsWith('provider.'))).toBe(false);
  expect(graph.changes.map((change) => `${change.address} ${change.actions.join('+')}`)).toContain('aws_lb.alb create');
});

test('resource_changes keep actions, replace_paths, importing, the prior state and production; deleted resources are not resources', () => {
  const graph = planGraph(
    {
      format_version: '1.2',
      resource_changes: [
        {
          address: 'aws_ecr_repository.repo',
          mode: 'managed',
          type: 'aws_ecr_repository',
          name: 'repo',
          action_reason: 'replace_because_cannot_update',
          change: { actions: ['delete', 'create'], before: { name: 'a' }, after: { name: 'b' }, after_unknown: { arn: true }, replace_paths: [['name']], importing: { id: 'b' } },
        },
        { address: 'aws_s3_bucket.old', mode: 'managed', type: 'aws_s3_bucket', name: 'old', change: { actions: ['delete'], before: { bucket: 'x' }, after: null } },
        {
          address: 'aws_lb.main',
          mode: 'managed',
          type: 'aws_lb',
          name: 'main',
          change: { actions: ['create'], after: { name: 'web' }, after_unknown: { security_groups: true } },
        },
      ],
      configuration: { root_module: { resources: [{ address: 'aws_lb.main', expressions: { security_groups: { references: ['local.groups'] } } }] } },
      variables: { production: { value: false } },
    },
    { root: '/repo', file: 'plans/dev.json', stack: 'dev' },
  );
  expect(graph.changes).toEqual([
    { address: 'aws_ecr_repository.repo', type: 'aws_ecr_repository', name: 'repo', actions: ['delete', 'create'], replacePaths: [['name']], importing: true, actionReason: 'replace_because_cannot_update', before: { name: 'a' }, production: false },
    { address: 'aws_s3_bucket.old', type: 'aws_s3_bucket', name: 'old', actions: ['delete'], replacePaths: [], importing: false, before: { bucket: 'x' }, production: false },
    { address: 'aws_lb.main', type: 'aws_lb', name: 'main', actions: ['create'], replacePaths: [], importing: false, production: false },
  ]);
  expect(graph.resources.map((resource) => resource.key)).toEqual(['aws_ecr_repository.repo', 'aws_lb.main']);
  expect(graph.resources.every((resource) => resource.production === false)).toBe(true);
  const groups = graph.resources[1].attributes.security_groups;
  expect(groups).toBeInstanceOf(Unresolved);
  expect((groups as Unresolved).expression).toBe('local.groups');
});

test('stack names come from stacks/<stack>/plan.json, else the file name', () => {
  expect(stackNameOf('cdktf.out/stacks/prod/plan.json')).toBe('prod');
  expect(stackNameOf('/tmp/staging.plan.json')).toBe('staging');
});

test('a file that is not plan JSON is an error', () => {
  expect(() => readPlanFile('package.json', { root })).toThrow('is not `terraform show -json` plan output');
  expect(() => readPlanFile('nope.json', { root })).toThrow('Cannot read plan nope.json');
});
