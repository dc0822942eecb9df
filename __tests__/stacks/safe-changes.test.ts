/**
 * What makes a change safe to apply, in the synthesized JSON: security groups and their rules created
 * before destroyed under generated names, a service whose capacity providers change in place and whose
 * failed deployments fail the apply, task definition revisions kept for rollback and registered after
 * their permissions, one ACM validation record per CNAME, ECS Exec beside a read-only root filesystem.
 * The plans themselves are checked with real terraform in __tests__/terraform/change-scenarios.test.ts.
 */
import { validationRecordOwners } from '../../constructs/dns-validated-certificate';
import { ECS_EXEC_WRITABLE_PATHS } from '../../constructs/fargate-task-definition';
import { baseEnvironment, merge, writeEnvironment } from '../helpers/environments';
import { all, only, ref, synthesize, type StackJson } from '../helpers/synth';

function stackFor(patch: Record<string, unknown>, name = 'qa'): StackJson {
  const { file } = writeEnvironment(name, merge(baseEnvironment(), patch));
  return synthesize({ files: [file] }).stacks[name];
}

const containerOf = (stack: StackJson) => JSON.parse(only(stack, 'aws_ecs_task_definition').container_definitions as string)[0];
const groups = (stack: StackJson) => all(stack, 'aws_security_group');

describe('security groups', () => {
  const stack = stackFor({});

  test('generated names from a prefix, a description that names nothing a user renames, created before destroyed', () => {
    expect(groups(stack).map((group) => ({ name: group.name, name_prefix: group.name_prefix, description: group.description, lifecycle: group.lifecycle }))).toEqual([
      { name: undefined, name_prefix: 'web-qa-alb-', description: 'Load balancer: HTTP and HTTPS from the internet', lifecycle: { create_before_destroy: true } },
      { name: undefined, name_prefix: 'web-qa-service-', description: 'App port from the load balancer only', lifecycle: { create_before_destroy: true } },
    ]);
    expect(groups(stack).map((group) => (group.tags as { Name: string }).Name)).toEqual(['web-qa-alb', 'web-qa-service']);
  });

  test('rules live inside their group (replaced with it, created before the old one goes) and name no service', () => {
    expect([...all(stack, 'aws_vpc_security_group_ingress_rule'), ...all(stack, 'aws_vpc_security_group_egress_rule')]).toEqual([]);
    for (const group of groups(stack)) {
      expect(group.lifecycle).toEqual({ create_before_destroy: true });
      expect((group.ingress as unknown[]).length).toBeGreaterThan(0);
    }
    expect(JSON.stringify(groups(stack).map((group) => [group.description, group.ingress, group.egress]))).not.toContain('web-qa');
  });

  test('names set in the file are fixed names (adopting a group that exists)', () => {
    const fixed = stackFor({ loadBalancer: { securityGroupName: 'my-alb-sg' }, service: { securityGroupName: 'my-service-sg' } });
    expect(groups(fixed).map((group) => [group.name, group.name_prefix])).toEqual([
      ['my-alb-sg', undefined],
      ['my-service-sg', undefined],
    ]);
  });
});

describe('service', () => {
  const stack = stackFor({});
  const service = only(stack, 'aws_ecs_service');

  test('the capacity provider strategy changes in place; the cluster\'s capacity providers come first', () => {
    expect(service.force_new_deployment).toBe(true);
    expect(service.cluster).toBe(ref(stack, 'aws_ecs_cluster', 'arn'));
    expect(service.depends_on).toContain(`aws_ecs_cluster_capacity_providers.${Object.keys(stack.resource.aws_ecs_cluster_capacity_providers)[0]}`);
  });

  test('the apply waits for the deployment and fails when the circuit breaker rolled it back', () => {
    expect(service.wait_for_steady_state).toBe('${var.wait_for_steady_state}');
    expect(stack.variable?.wait_for_steady_state).toMatchObject({ type: 'bool', default: true, nullable: false });
    const lifecycle = service.lifecycle as { create_before_destroy: boolean; postcondition: { condition: string; error_message: string }[] };
    expect(lifecycle.create_before_destroy).toBe(true);
    expect(lifecycle.postcondition[0].condition).toBe(
      `\${(!var.wait_for_steady_state || (self.task_definition == ${ref(stack, 'aws_ecs_task_definition', 'arn').slice(2, -1)}))}`,
    );
    expect(lifecycle.postcondition[0].error_message).toMatch(/rolled it back/);
  });

  test('outside production, `latest` redeploys on every apply; production has no such trigger', () => {
    expect(service.triggers).toEqual({ redeploy: '${(var.image_tag == "latest") ? plantimestamp() : ""}' });
    // The example production environment (its image_tag variable refuses `latest` anyway).
    const production = synthesize().stacks.prod;
    expect(only(production, 'aws_ecs_service').triggers).toBeUndefined();
  });
});

describe('task definition', () => {
  test('new revisions are registered before the old one is released, old revisions stay for rollback, after the policies', () => {
    const stack = stackFor({ service: { enableExecuteCommand: true } });
    const task = only(stack, 'aws_ecs_task_definition');
    expect(task).toMatchObject({ skip_destroy: true, lifecycle: { create_before_destroy: true } });
    const policies = Object.entries(stack.resource.aws_iam_role_policy)
      .filter(([, policy]) => String((policy['//'] as { metadata: { path: string } }).metadata.path).startsWith('qa/task/'))
      .map(([id]) => `aws_iam_role_policy.${id}`);
    expect(policies).toHaveLength(2); // execution (secrets) and ECS Exec
    expect((task.depends_on as string[]).sort()).toEqual(policies.sort());
  });

  test('ECS Exec with a read-only root filesystem: writable task volumes where the SSM agent writes', () => {
    const stack = stackFor({ service: { enableExecuteCommand: true } });
    const container = containerOf(stack);
    expect(container.readonlyRootFilesystem).toBe(true);
    expect(container.linuxParameters).toEqual({ initProcessEnabled: true });
    expect(container.mountPoints).toEqual(
      ECS_EXEC_WRITABLE_PATHS.map((containerPath) => ({ sourceVolume: `ecs-exec${containerPath.replace(/\//g, '-')}`, containerPath, readOnly: false })),
    );
    expect(only(stack, 'aws_ecs_task_definition').volume).toEqual([{ name: 'ecs-exec-var-lib-amazon' }, { name: 'ecs-exec-var-log-amazon' }]);
  });

  test('no volumes without ECS Exec, or with a writable root', () => {
    expect(only(stackFor({}), 'aws_ecs_task_definition').volume).toBeUndefined();
    const writable = stackFor({ service: { enableExecuteCommand: true }, task: { readonlyRootFilesystem: false } });
    expect(only(writable, 'aws_ecs_task_definition').volume).toBeUndefined();
    expect(containerOf(writable).mountPoints).toBeUndefined();
  });
});

describe('ACM validation records', () => {
  test('one record per CNAME: a wildcard shares its plain name\'s record', () => {
    expect(validationRecordOwners(['example.com', '*.example.com'])).toEqual(['example.com']);
    expect(validationRecordOwners(['example.com', '*.api.example.com', 'www.example.com'])).toEqual(['example.com', '*.api.example.com', 'www.example.com']);
    expect(validationRecordOwners(['example.com', '*.example.com', 'example.com'])).toEqual(['example.com']);
  });

  test('records keep their values once made; a stack that had the wildcard twice forgets it without deleting it', () => {
    const stack = stackFor({ domain: 'qa.example.com', certificate: { source: 'acm', subjectAlternativeNames: ['*.qa.example.com', 'www.qa.example.com'] } });
    const [id, record] = Object.entries(stack.resource.aws_route53_record).find(([, r]) => r.for_each)!;
    expect(record.for_each).toContain('if contains(["qa.example.com","www.qa.example.com"], option.domain_name)');
    expect(record.lifecycle).toEqual({ ignore_changes: ['name', 'type', 'records'] });
    expect(only(stack, 'aws_acm_certificate').lifecycle).toEqual({ create_before_destroy: true });
    expect(stack.moved).toEqual([{ from: `aws_route53_record.${id}["*.qa.example.com"]`, to: `aws_route53_record.${id}_shared_0` }]);
    expect(stack.removed).toEqual([{ from: `aws_route53_record.${id}_shared_0`, lifecycle: { destroy: false } }]);
  });

  test('no moved or removed blocks when no name shares a record', () => {
    const stack = stackFor({ domain: 'qa.example.com', certificate: { source: 'acm', subjectAlternativeNames: ['www.qa.example.com'] } });
    expect(stack.moved).toBeUndefined();
    expect(stack.removed).toBeUndefined();
  });
});
