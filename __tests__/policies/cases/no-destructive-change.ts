import { plan, type Json, type RuleCases } from '../helpers';

interface Change {
  readonly address: string;
  readonly actions: string[];
  readonly before?: { [key: string]: Json } | null;
  readonly after?: { [key: string]: Json } | null;
  readonly afterUnknown?: { [key: string]: Json };
  readonly replacePaths?: string[][];
  readonly importing?: boolean;
  /** Configuration expressions of the resource (`configuration.root_module.resources[].expressions`). */
  readonly expressions?: { [key: string]: Json };
}

/** A `terraform show -json` plan (as `terraform show -json` or Terraform Cloud exports it) with these changes. */
function planOf(changes: Change[], production = true): { [key: string]: Json } {
  return {
    format_version: '1.2',
    variables: { production: { value: production } },
    configuration: {
      root_module: { resources: changes.filter((c) => c.expressions).map((c) => ({ address: c.address, expressions: c.expressions ?? {} })) },
    },
    resource_changes: changes.map((change) => {
      const [type, name] = change.address.split('.');
      return {
        address: change.address,
        mode: 'managed',
        type,
        name: name.replace(/\[.*$/, ''),
        change: {
          actions: change.actions,
          before: change.before === undefined ? {} : change.before,
          after: change.after === undefined ? (change.actions.includes('delete') && !change.actions.includes('create') ? null : {}) : change.after,
          after_unknown: change.afterUnknown ?? {},
          ...(change.replacePaths ? { replace_paths: change.replacePaths } : {}),
          ...(change.importing ? { importing: { id: 'x' } } : {}),
        },
      };
    }),
  };
}

const SERVICE = 'aws_ecs_service.service_E7C408F2';
const GROUP = 'aws_security_group.service_security-group_3A537956';
const TARGETS = 'aws_lb_target_group.load-balancer_targets_76E21F94';
const ZONE = 'Z0123456789EXAMPLEPRD';
const validation = (key: string, name: string) => ({
  address: `aws_route53_record.certificate_validation-record_33B98EBC["${key}"]`,
  before: { zone_id: ZONE, name, type: 'CNAME', records: ['_b1.abcdefghij.acm-validations.aws.'] },
});

export const cases: RuleCases = {
  valid: [
    { name: 'plan: updates in place, creates and no-ops', graph: plan(planOf([{ address: SERVICE, actions: ['update'] }, { address: 'aws_ecr_repository.registry_repository_BAFE171E', actions: ['no-op'] }, { address: 'aws_appautoscaling_target.t', actions: ['create'] }])) },
    {
      name: 'plan: a security group replaced create-before-destroy under a new generated name',
      graph: plan(planOf([{ address: GROUP, actions: ['create', 'delete'], before: { name: 'web-prod-service-20250101000000123456789012' }, after: { name_prefix: 'web-prod-service-' }, afterUnknown: { name: true, id: true }, replacePaths: [['name_prefix']] }])),
    },
    {
      name: 'plan: a security group renamed (fixed name to another fixed name), created first',
      graph: plan(planOf([{ address: GROUP, actions: ['create', 'delete'], before: { name: 'web-prod-service' }, after: { name: 'web-prod-tasks' }, replacePaths: [['name']] }])),
    },
    {
      name: 'plan: a certificate replaced create-before-destroy (a new SAN)',
      graph: plan(planOf([{ address: 'aws_acm_certificate.certificate_3C59EBE5', actions: ['create', 'delete'], replacePaths: [['subject_alternative_names']] }])),
    },
    { name: 'plan: a task definition replaced (a new revision)', graph: plan(planOf([{ address: 'aws_ecs_task_definition.task', actions: ['create', 'delete'], replacePaths: [['cpu']] }])) },
    { name: 'plan: NAT gateways and their addresses deleted (a NAT mode change)', graph: plan(planOf([{ address: 'aws_nat_gateway.nat-b', actions: ['delete'] }, { address: 'aws_eip.nat-ip-b', actions: ['delete'] }])) },
    { name: 'plan: a validation record no name needs any more', graph: plan(planOf([{ ...validation('www.example.com', '_a1.www.example.com'), actions: ['delete'] }])) },
    { name: 'plan: an imported resource (no-replace-imported decides)', graph: plan(planOf([{ address: 'aws_ecr_repository.r', actions: ['delete', 'create'], importing: true, replacePaths: [['name']] }])) },
  ],
  invalid: [
    {
      name: 'plan: a renamed service is replaced, with the attribute that forces it (error in production)',
      graph: plan(planOf([{ address: SERVICE, actions: ['create', 'delete'], before: { name: 'web-prod' }, after: { name: 'web-prod-v2' }, replacePaths: [['name']] }])),
      expected: [{ line: 1, message: `${SERVICE} would be replaced (name forces it): its tasks are stopped and traffic to them fails until a new service runs. [plan prod]` }],
    },
    {
      name: 'plan: the same outside production is a warning',
      graph: plan(planOf([{ address: SERVICE, actions: ['delete', 'create'], replacePaths: [['capacity_provider_strategy']] }], false), 'dev'),
      expected: [{ severity: 'warning', line: 1, message: `${SERVICE} would be replaced (capacity_provider_strategy forces it): its tasks are stopped and traffic to them fails until a new service runs. [plan dev]` }],
    },
    {
      name: 'plan: a repository, a log group and a DNS record deleted',
      graph: plan(
        planOf([
          { address: 'aws_ecr_repository.registry_repository_BAFE171E', actions: ['delete'] },
          { address: 'aws_cloudwatch_log_group.task_logs_896A528C', actions: ['delete'] },
          { address: 'aws_route53_record.dns_a_13DA7B1B', actions: ['delete'], before: { zone_id: ZONE, name: 'example.com', type: 'A' } },
        ]),
      ),
      expected: [
        { line: 1, message: 'aws_ecr_repository.registry_repository_BAFE171E would be deleted: its images go with it. [plan prod]' },
        { line: 1, message: 'aws_cloudwatch_log_group.task_logs_896A528C would be deleted: its logs go with it. [plan prod]' },
        { line: 1, message: 'aws_route53_record.dns_a_13DA7B1B would be deleted: the name stops resolving (or a certificate stops renewing). [plan prod]' },
      ],
    },
    {
      name: 'plan: a security group destroyed before its replacement exists',
      graph: plan(planOf([{ address: GROUP, actions: ['delete', 'create'], before: { name: 'web-prod-service' }, after: { name: 'web-prod-tasks' }, replacePaths: [['name']] }])),
      expected: [{ line: 1, message: `${GROUP} would be destroyed before its replacement exists (name forces it): DependencyViolation while the load balancer or task network interfaces use it. [plan prod]` }],
    },
    {
      name: 'plan: a target group with a fixed name replaced create-before-destroy under that same name',
      graph: plan(planOf([{ address: TARGETS, actions: ['create', 'delete'], before: { name: 'my-app-tg', port: 80 }, after: { name: 'my-app-tg', port: 3000 }, replacePaths: [['port']] }])),
      expected: [{ line: 1, message: `${TARGETS} would be replaced under the same name "my-app-tg" (port forces it); AWS refuses a second one while the old one exists (DuplicateTargetGroupName). [plan prod]` }],
    },
    {
      name: 'plan: a wildcard\'s validation record deleted while the plain name\'s record (the same CNAME) stays',
      graph: plan(
        planOf([
          { ...validation('*.example.com', '_c9.example.com'), actions: ['delete'] },
          { ...validation('example.com', '_c9.example.com'), actions: ['no-op'], after: { zone_id: ZONE, name: '_c9.example.com', type: 'CNAME', records: ['_b1.abcdefghij.acm-validations.aws.'] } },
        ]),
      ),
      expected: [
        {
          line: 1,
          message:
            'aws_route53_record.certificate_validation-record_33B98EBC["*.example.com"] would be deleted, but aws_route53_record.certificate_validation-record_33B98EBC["example.com"] is the same DNS record (_c9.example.com CNAME): deleting one deletes both. [plan prod]',
        },
      ],
    },
    {
      name: 'plan: a security group replaced create-before-destroy whose new name is known only after apply (not from a prefix)',
      graph: plan(
        planOf([
          {
            address: GROUP,
            actions: ['create', 'delete'],
            before: { name: 'web-prod-service' },
            after: {},
            afterUnknown: { name: true },
            replacePaths: [['name']],
            expressions: { name: { references: ['var.group_name'] } },
          },
        ]),
      ),
      expected: [{ severity: 'warning', line: 1, message: `Cannot tell whether ${GROUP} keeps its unique name: its new name is known only after apply. [plan prod]` }],
    },
  ],
};
