/**
 * planAgainstState: a stack planned offline against a state it is given (real terraform, one plan and
 * one show). The state holds a log group as AWS would have left it, with 7 days of retention; the
 * configuration asks for 30 and a new tag: the plan must update that log group in place (not create it),
 * which only happens when the given state is the one planned against.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { planAgainstState } from '../../terraform-runner/plan-against-state';
import { openSession, type TerraformSession } from '../../terraform-runner/session';
import { terraformForTests } from '../helpers/terraform';

const { withTerraform, skipNote, missing } = terraformForTests('planAgainstState', { needsMirror: true });

let tmp: string;
let session: TerraformSession | undefined;
beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'ecs-web-stack-plan-against-state-'));
  if (!missing) session = await openSession({ warn: () => undefined });
});
afterAll(() => {
  session?.close();
  rmSync(tmp, { recursive: true, force: true });
});

const stack = {
  terraform: { required_providers: { aws: { source: 'aws', version: '5.100.0' } }, backend: { local: { path: 'terraform.logs.tfstate' } } },
  provider: { aws: [{ region: 'us-east-1' }] },
  variable: { retention: { type: 'number' } },
  resource: { aws_cloudwatch_log_group: { logs: { name: '/ecs/web-dev', retention_in_days: '${var.retention}', tags: { team: 'web' } } } },
};

const arn = 'arn:aws:logs:us-east-1:123456789012:log-group:/ecs/web-dev';
const state = {
  version: 4,
  terraform_version: '1.11.4',
  serial: 3,
  lineage: '6f1c2f8e-0d6e-4f7e-9a53-0c1d2e3f4a5b',
  outputs: {},
  resources: [
    {
      mode: 'managed',
      type: 'aws_cloudwatch_log_group',
      name: 'logs',
      provider: 'provider["registry.terraform.io/hashicorp/aws"]',
      instances: [
        {
          schema_version: 0,
          attributes: { arn, id: '/ecs/web-dev', kms_key_id: '', log_group_class: 'STANDARD', name: '/ecs/web-dev', name_prefix: '', retention_in_days: 7, skip_destroy: false, tags: {}, tags_all: {} },
          sensitive_attributes: [],
        },
      ],
    },
  ],
  check_results: null,
};

withTerraform(`plans against the given state: the existing log group is updated in place${skipNote}`, async () => {
  const dir = join(tmp, 'logs');
  mkdirSync(dir);
  writeFileSync(join(dir, 'cdk.tf.json'), JSON.stringify(stack));
  const result = await planAgainstState(dir, state, { session, variables: { retention: 30 } });
  expect({ ok: result.ok, reason: result.reason, diagnostics: result.diagnostics }).toEqual({ ok: true, reason: undefined, diagnostics: [] });
  const changes = result.plan?.resource_changes ?? [];
  expect(changes.map((c) => [c.address, c.change.actions])).toEqual([['aws_cloudwatch_log_group.logs', ['update']]]);
  const change = changes[0].change as { before: Record<string, unknown>; after: Record<string, unknown> };
  expect(change.before).toMatchObject({ arn, retention_in_days: 7, tags: {} });
  expect(change.after).toMatchObject({ arn, retention_in_days: 30, tags: { team: 'web' } });
  expect(result.variables).toEqual({ retention: 30 });
}, 120_000);

withTerraform(`a plan that terraform rejects reports the error, named by resource address${skipNote}`, async () => {
  const dir = join(tmp, 'no-value');
  mkdirSync(dir);
  // A retention AWS does not offer: the provider's own validation fails the plan.
  writeFileSync(join(dir, 'cdk.tf.json'), JSON.stringify(stack));
  const result = await planAgainstState(dir, state, { session, variables: { retention: 8 } });
  expect(result.ok).toBe(false);
  expect(result.reason).toMatch(/^aws_cloudwatch_log_group\.logs: .*retention_in_days/);
}, 120_000);
