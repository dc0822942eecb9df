/** The change report: what a plan against a baseline would do, resource by resource (pure, no terraform). */
import { formatChangeCounts, formatChangeLines, summarizeChanges } from '../../terraform-runner/change-summary';
import type { PlanJson } from '../../terraform-runner/plan-against-state';

const plan: PlanJson = {
  resource_changes: [
    { address: 'aws_ecs_service.service', type: 'aws_ecs_service', name: 'service', change: { actions: ['update'], before: { desired_count: 2, task_definition: 'a:1', tags: {}, tags_all: { x: '1' } }, after: { desired_count: 2, task_definition: 'a:2', tags: { team: 'web' }, tags_all: { x: '1', team: 'web' } } } },
    { address: 'aws_ecr_repository.repo', type: 'aws_ecr_repository', name: 'repo', change: { actions: ['update'], before: { tags: {}, tags_all: { environment: 'dev' } }, after: { tags: {}, tags_all: { environment: 'qa' } } } },
    { address: 'aws_ecs_task_definition.task', type: 'aws_ecs_task_definition', name: 'task', change: { actions: ['create', 'delete'], replace_paths: [['cpu'], ['memory']] } },
    { address: 'aws_route53_record.old', type: 'aws_route53_record', name: 'old', change: { actions: ['delete'] } },
    { address: 'aws_lb_listener.https', type: 'aws_lb_listener', name: 'https', change: { actions: ['delete', 'create'], replace_paths: [['port']] } },
    { address: 'aws_appautoscaling_target.t', type: 'aws_appautoscaling_target', name: 't', change: { actions: ['create'] } },
    { address: 'aws_iam_role.r', type: 'aws_iam_role', name: 'r', change: { actions: ['no-op'] } },
    { address: 'data.aws_region.current', mode: 'data', type: 'aws_region', name: 'current', change: { actions: ['read'] } },
    { address: 'aws_lb.main', type: 'aws_lb', name: 'main', change: { actions: ['update'], before: { dns_name: 'x' }, after: {}, after_unknown: { dns_name: true } } },
  ],
  output_changes: { service_name: { actions: ['update'] }, url: { actions: ['no-op'] } },
};

const paths: Record<string, string> = { 'aws_ecs_service.service': 'prod/service/service' };
const summary = summarizeChanges(plan, (address) => paths[address]);

test('counts by kind; reads and no-ops are not changes; tags_all only when the default tags changed', () => {
  expect({ creates: summary.creates, updates: summary.updates, deletes: summary.deletes, replacements: summary.replacements }).toEqual({ creates: 1, updates: 3, deletes: 1, replacements: 2 });
  expect(summary.lines.find((l) => l.address === 'aws_ecs_service.service')).toEqual({ address: 'aws_ecs_service.service', kind: 'update', attributes: ['tags', 'task_definition'], constructPath: 'prod/service/service' });
  expect(summary.lines.find((l) => l.address === 'aws_ecr_repository.repo')?.attributes).toEqual(['tags_all']);
  expect(summary.lines.find((l) => l.address === 'aws_lb.main')?.attributes).toEqual(['dns_name']); // known only after apply
  expect(summary.outputs).toEqual(['service_name']);
  expect(formatChangeCounts(summary)).toBe('+1 ~3 -1 ±2');
});

test('replacements say what forces them and in which order they happen', () => {
  expect(summary.lines.filter((l) => l.kind === 'replace')).toEqual([
    { address: 'aws_ecs_task_definition.task', kind: 'replace', attributes: ['cpu', 'memory'], createBeforeDestroy: true },
    { address: 'aws_lb_listener.https', kind: 'replace', attributes: ['port'], createBeforeDestroy: false },
  ]);
});

test('the report lists deletes and replacements first', () => {
  expect(formatChangeLines('prod', summary)).toEqual([
    'prod  - aws_route53_record.old: deleted',
    'prod  ± aws_ecs_task_definition.task: replaced, the new one created before the old one is destroyed; forced by cpu, memory',
    'prod  ± aws_lb_listener.https: replaced, destroyed before the new one is created; forced by port',
    'prod  ~ aws_ecr_repository.repo: tags_all',
    'prod  ~ aws_ecs_service.service (prod/service/service): tags, task_definition',
    'prod  ~ aws_lb.main: dns_name',
    'prod  + aws_appautoscaling_target.t',
  ]);
});

test('nothing to do: "no changes"; only outputs: said so', () => {
  expect(formatChangeCounts(summarizeChanges({ resource_changes: [] }))).toBe('no changes');
  expect(formatChangeCounts(summarizeChanges({ resource_changes: [], output_changes: { a: { actions: ['create'] } } }))).toBe('no resource changes, 1 output(s)');
});
