/**
 * The console world, planned for real: the adoption environment (the console-tutorial example, which is
 * exactly what `npm run discover` writes for that world) planned offline with hashicorp/aws 5.100.0
 * against a Terraform state holding the tutorial's resources as `terraform import` stores them
 * (__tests__/fixtures/console-world/terraform-state.json, the same IDs and rules as the recorded AWS
 * responses beside it). Each resource of the state is placed at the address the stack's import block
 * names for its ID, as the first apply's import would place it.
 *
 * Done when: no delete, no replacement, no rule created twice, the service's group admits only the app
 * port from the load balancer's group, and the summary lists what changes in place.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatAdoptionPlan, summarizeAdoptionPlan } from '../../discovery/adoption-plan';
import { runRules } from '../../policies/engine';
import { planGraph } from '../../policies/plan';
import { sgIngressFromAlbOnly } from '../../policies/rules/sg-ingress-from-alb-only';
import { planAgainstState, type PlanJson } from '../../terraform-runner/plan-against-state';
import { openSession } from '../../terraform-runner/session';
import { FIXTURE_ENVIRONMENTS, REPO_ROOT, synthesize, type StackJson } from '../helpers/synth';
import { terraformForTests } from '../helpers/terraform';
import { CONSOLE_WORLD } from '../discovery/console-world';

const { withTerraform, skipNote, missing } = terraformForTests('the console-world adoption plan', { needsMirror: true });

type StateResource = { type: string; name: string; instances: Array<{ attributes: Record<string, unknown> }> };
type State = { resources: StateResource[] } & Record<string, unknown>;

/** The fixture state with every resource at the address of the import block that adopts its ID. */
function stateForImports(stack: StackJson, state: State): State {
  const imports = (stack.import ?? []) as Array<{ to: string; id: string }>;
  const resources = imports.map(({ to, id }) => {
    const [type, name] = to.split('.');
    // Most resources keep their import ID as their ID; a cluster is imported by name and an ECS service
    // as cluster/service, both stored by ARN.
    const match = state.resources.filter((r) => {
      const attributes = r.instances[0].attributes;
      return r.type === type && (attributes.id === id || attributes.name === id || String(attributes.id).endsWith(`/${id}`));
    });
    if (match.length !== 1) throw new Error(`the console-world state has ${match.length} ${type} for import ID ${id}`);
    return { ...match[0], name };
  });
  return { ...state, resources };
}

let plan: PlanJson | undefined;
let stack: StackJson;
let failure: string | undefined;

beforeAll(async () => {
  if (missing) return;
  const out = synthesize({ files: [join(FIXTURE_ENVIRONMENTS, 'examples', 'console-tutorial.yaml')] });
  stack = out.stacks['console-tutorial'];
  const state = stateForImports(stack, JSON.parse(readFileSync(join(CONSOLE_WORLD, 'terraform-state.json'), 'utf8')) as State);
  const session = await openSession({ warn: () => undefined });
  try {
    const result = await planAgainstState(join(out.outdir, 'stacks', 'console-tutorial'), state, { session });
    if (result.ok) plan = result.plan;
    else failure = `${result.reason ?? ''}\n${result.output ?? ''}\n${result.diagnostics.map((d) => d.message).join('\n')}`;
  } finally {
    session.close();
  }
}, 240_000);

const changes = () => {
  if (!plan) throw new Error(`the plan failed: ${failure}`);
  return plan.resource_changes ?? [];
};
const byType = (type: string) => changes().filter((change) => change.type === type);

withTerraform(`every console resource is in the state and planned, none deleted or replaced${skipNote}`, () => {
  const adopted = changes().filter((change) => change.change.before !== null && change.change.before !== undefined);
  expect(adopted).toHaveLength(12);
  for (const change of changes()) {
    expect({ address: change.address, actions: change.change.actions }).toEqual({ address: change.address, actions: expect.not.arrayContaining(['delete']) });
  }
  // The task definition is a new revision (created, not imported), with the stack's own execution role.
  expect(byType('aws_ecs_task_definition').map((change) => change.change.actions)).toEqual([['create']]);
  const roles = byType('aws_iam_role').map((change) => (change.change.after as { name: string }).name);
  expect(roles).not.toContain('ecsTaskExecutionRole');
});

withTerraform(`no rule is created twice: the groups' rules change inside the adopted groups${skipNote}`, () => {
  expect(byType('aws_vpc_security_group_ingress_rule')).toEqual([]);
  expect(byType('aws_vpc_security_group_egress_rule')).toEqual([]);
  expect(byType('aws_security_group_rule')).toEqual([]);
  const groups = byType('aws_security_group');
  expect(groups.map((change) => change.change.actions)).toEqual([['update'], ['update']]);
  for (const group of groups) {
    const after = group.change.after as { ingress: Array<Record<string, unknown>>; egress: Array<Record<string, unknown>> };
    const atoms = [...after.ingress.map((rule) => ({ ...rule, way: 'in' })), ...after.egress.map((rule) => ({ ...rule, way: 'out' }))].flatMap((rule: Record<string, unknown>) =>
      [...(rule.cidr_blocks as string[]), ...(rule.ipv6_cidr_blocks as string[]), ...(rule.security_groups as string[])].map((source) => `${rule.way} ${rule.protocol} ${rule.from_port} ${source}`),
    );
    expect(new Set(atoms).size).toBe(atoms.length);
  }
});

withTerraform(`the service's group admits only the app port from the load balancer's group; the open rules are gone${skipNote}`, () => {
  const service = byType('aws_security_group').find((change) => (change.change.before as { name: string }).name === 'my-service-sg')!;
  const before = service.change.before as { ingress: Array<Record<string, unknown>> };
  expect(before.ingress).toEqual([expect.objectContaining({ from_port: 3000, cidr_blocks: ['0.0.0.0/0'] })]);
  const after = service.change.after as { ingress: Array<Record<string, unknown>>; egress: Array<Record<string, unknown>> };
  expect(after.ingress).toEqual([
    expect.objectContaining({ protocol: 'tcp', from_port: 3000, to_port: 3000, security_groups: ['sg-0a1b2c3d4e5f60001'], cidr_blocks: [], ipv6_cidr_blocks: [], prefix_list_ids: [], self: false }),
  ]);
  expect(after.egress).toEqual([expect.objectContaining({ protocol: 'tcp', from_port: 443, cidr_blocks: ['0.0.0.0/0'], ipv6_cidr_blocks: ['::/0'] })]);
  const lb = byType('aws_security_group').find((change) => change !== service)!;
  expect((lb.change.after as { egress: unknown[] }).egress).toEqual([expect.objectContaining({ protocol: 'tcp', from_port: 3000, cidr_blocks: ['172.31.0.0/16'] })]);
});

withTerraform(`the policy gate's plan layer: the adopted service group admits only the load balancer's group${skipNote}`, () => {
  const graph = planGraph(plan as never, { root: REPO_ROOT, file: 'console-world/plan.json', stack: 'console-tutorial' });
  const group = graph.resources.find((resource) => resource.type === 'aws_security_group' && resource.attributes.name === 'my-service-sg')!;
  expect(JSON.stringify(group.attributes.ingress)).not.toContain('0.0.0.0/0');
  // Ids are known in a plan against existing resources: the rule finds the groups by id and checks them.
  expect(runRules([graph], [sgIngressFromAlbOnly]).findings).toEqual([]);
});

withTerraform(`the summary tells, per adopted resource, what the apply changes${skipNote}`, () => {
  const summary = summarizeAdoptionPlan(plan!);
  expect(summary.adopted.filter((change) => change.action === 'replace' || change.action === 'delete')).toEqual([]);
  const attributesOf = (type: string) => summary.adopted.filter((change) => change.type === type).flatMap((change) => change.attributes);
  expect(attributesOf('aws_ecr_repository')).toEqual(['image_scanning_configuration', 'image_tag_mutability', 'tags_all']);
  expect(attributesOf('aws_ecs_service')).toEqual(expect.arrayContaining(['task_definition', 'health_check_grace_period_seconds', 'propagate_tags']));
  expect(attributesOf('aws_ecs_service')).not.toContain('launch_type');
  // The tutorial already redirects 80 and serves TLS 1.3 on 443: the listeners only gain the stack's tags.
  expect(attributesOf('aws_lb_listener')).toEqual(['tags_all', 'tags_all']);
  expect(attributesOf('aws_lb')).toContain('drop_invalid_header_fields');
  expect(attributesOf('aws_cloudwatch_log_group')).toContain('retention_in_days');
  const text = formatAdoptionPlan(summary);
  expect(text).toMatch(/^12 existing resource\(s\): \d+ changed in place, 0 replaced or deleted; \d+ new\./);
  expect(text).toMatch(/^~ aws_security_group\.service_security-group_\w+: changes egress, ingress, tags, tags_all$/m);
});
