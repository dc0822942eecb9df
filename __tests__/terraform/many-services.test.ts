/**
 * Many services, planned with real terraform (hashicorp/aws from the mirror, offline):
 * - the three-service example plans from nothing with 3 ECS services, 2 target groups, 2 listener rules
 *   (the listener's default action is a fixed 404), 3 repositories and no ingress on the worker's group; the gate passes
 *   over its synth and plan;
 * - applied once (state fabricated from that plan), the same synth plans no change (idempotent);
 * - the upgrade: the single-service environment files of the commit before many services existed,
 *   synthesized by that commit's code and by this one, plan no change (same Terraform addresses).
 *
 * Cost: one shared init; 3 plans + shows for the example, 3 for the old commit's baselines and 3 for the
 * current synth against them (the invocation count is printed). Skipped, with the reason, without
 * terraform or the mirror, and the upgrade check without the old commit in the repository's history.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildApp } from '../../main';
import { runGate } from '../../policies/gate';
import { baselineFromCommit } from '../../terraform-runner/baseline';
import { checkCache, checkStackCached } from '../../terraform-runner/check-cache';
import { checkStackChanges, type ChangeResult } from '../../terraform-runner/change-plans';
import type { StackResult } from '../../terraform-runner/check-stack';
import { openSession, type TerraformSession } from '../../terraform-runner/session';
import { printNote } from '../helpers/notes';
import { FIXTURE_ENVIRONMENTS, REPO_ROOT } from '../helpers/synth';
import { tempDir } from '../helpers/temp';
import { terraformForTests } from '../helpers/terraform';

const { withTerraform, skipNote, missing } = terraformForTests('many services plans', { needsMirror: true });

/** The last commit of main before `services:`: its environment files are single-service files. */
const BEFORE_SERVICES = 'c455d36ed0d5baee2e3662a95ac9ed77c602d80b';
const EXAMPLE = join(FIXTURE_ENVIRONMENTS, 'examples', 'three-services.yaml');
const STACK = 'three-services';

interface PlanJson {
  readonly resource_changes?: Array<{ type: string; address: string; change: { actions: string[]; after?: Record<string, unknown> } }>;
}

let session: TerraformSession | undefined;
let invocations = 0;
let example: StackResult | undefined;
let exampleOut = '';
let again: ChangeResult | undefined;
const upgrades = new Map<string, ChangeResult>();
let beforeServices: string | undefined;

function commitOf(ref: string): string | undefined {
  const found = spawnSync('git', ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], { cwd: REPO_ROOT, encoding: 'utf8' });
  return found.status === 0 ? found.stdout.trim() : undefined;
}

function synthesize(files: string[] | undefined, environmentsDir?: string): string {
  const outdir = join(tempDir('services-out'), 'cdktf.out');
  buildApp({ ...(files ? { files } : { environmentsDir }), outdir, imageStacks: false }).app.synth();
  return outdir;
}

beforeAll(async () => {
  if (missing) return;
  const opened = await openSession({ warn: () => undefined });
  session = { ...opened, run: (cwd, args, onStart) => (invocations++, opened.run(cwd, args, onStart)), close: () => opened.close() };
  const current = session;
  const cache = checkCache(tempDir('services-cache'));

  exampleOut = synthesize([EXAMPLE]);
  example = await checkStackCached({ name: STACK, dir: join(exampleOut, 'stacks', STACK) }, { session: current, plan: true, keep: false }, cache);
  // The same synth again, planned against the state an apply of the first would leave.
  const secondOut = synthesize([EXAMPLE]);
  again = await checkStackChanges({ name: STACK, dir: join(secondOut, 'stacks', STACK) }, { session: current, baseline: { outdir: exampleOut, description: 'the example' }, cache, keep: false });

  beforeServices = commitOf(BEFORE_SERVICES);
  if (!beforeServices) {
    printNote(`many services: the upgrade check SKIPPED: commit ${BEFORE_SERVICES.slice(0, 7)} is not in this repository's history (a shallow clone)`);
    return;
  }
  const baseline = await baselineFromCommit(REPO_ROOT, beforeServices, `before services (${beforeServices.slice(0, 7)})`, tempDir('services-baselines'));
  // The old commit's own environment files, synthesized by this code.
  const oldEnvironments = tempDir('services-old-environments');
  spawnSync('sh', ['-c', `git archive ${beforeServices} environments | tar -x -C "${oldEnvironments}"`], { cwd: REPO_ROOT });
  const upgradedOut = synthesize(undefined, join(oldEnvironments, 'environments'));
  await Promise.all(
    ['dev', 'staging', 'prod'].map(async (env) => {
      if (!existsSync(join(baseline.outdir, 'stacks', env))) return;
      upgrades.set(env, await checkStackChanges({ name: env, dir: join(upgradedOut, 'stacks', env) }, { session: current, baseline, cache, keep: false }));
    }),
  );
  console.log(`many services: ${invocations} terraform invocations`);
}, 900_000);

afterAll(() => session?.close());

function planOf(result: StackResult | undefined): PlanJson {
  expect({ plan: result?.plan.status, reason: result?.plan.reason, diagnostics: result?.diagnostics }).toEqual({ plan: 'ok', reason: undefined, diagnostics: [] });
  return JSON.parse(readFileSync(result!.plan.file!, 'utf8')) as PlanJson;
}

withTerraform(`the three-service example plans 3 services, 2 target groups, 2 listener rules, 3 repositories, no ingress on the worker${skipNote}`, () => {
  const plan = planOf(example);
  const created = (type: string) => (plan.resource_changes ?? []).filter((change) => change.type === type && change.change.actions.includes('create'));
  expect(created('aws_ecs_service')).toHaveLength(3);
  expect(created('aws_lb_target_group')).toHaveLength(2);
  expect(created('aws_lb_listener_rule')).toHaveLength(2);
  expect(created('aws_ecr_repository')).toHaveLength(3);
  expect(created('aws_service_discovery_http_namespace')).toHaveLength(1);
  // What no rule matches gets the HTTPS listener's fixed 404 (no service is the default).
  const https = created('aws_lb_listener').find((change) => change.change.after?.port === 443)!;
  expect((https.change.after?.default_action as Array<{ type: string }>).map((action) => action.type)).toEqual(['fixed-response']);
  const groups = new Map(created('aws_security_group').map((change) => [change.address, change.change.after ?? {}]));
  const worker = [...groups.entries()].find(([address]) => address.includes('services_worker_service'));
  expect(worker?.[1].ingress).toEqual([]);
  const api = [...groups.entries()].find(([address]) => address.includes('services_api_service'))!;
  expect((api[1].ingress as Array<{ description: string }>).map((rule) => rule.description).sort()).toEqual(['App port from the load balancer', 'App port from the services that call it']);
});

withTerraform(`the gate passes the example's synth and plan (callers read from its environment file)${skipNote}`, async () => {
  planOf(example);
  const result = await runGate({ root: REPO_ROOT, synthDir: exampleOut, source: false, environments: FIXTURE_ENVIRONMENTS });
  expect(result.findings.filter((finding) => finding.severity === 'error').map((finding) => finding.message)).toEqual([]);
  expect(result.summary.plans).toHaveLength(1);
  expect(result.exitCode).toBe(0);
}, 60_000);

withTerraform(`applied once, the example plans no change${skipNote}`, () => {
  planOf(again);
  expect(again?.comparedWith).toBe('baseline');
  expect(again?.changes && { creates: again.changes.creates, updates: again.changes.updates, deletes: again.changes.deletes, replacements: again.changes.replacements }).toEqual({ creates: 0, updates: 0, deletes: 0, replacements: 0 });
});

withTerraform(`single-service files of the commit before services: plan no change after the upgrade${skipNote}`, () => {
  if (!beforeServices) return; // printed above: the commit is not in this clone's history
  expect([...upgrades.keys()].sort()).toEqual(['dev', 'prod', 'staging']);
  for (const [env, result] of upgrades) {
    planOf(result);
    expect({ env, comparedWith: result.comparedWith }).toEqual({ env, comparedWith: 'baseline' });
    expect({ env, lines: result.changes?.lines.map((line) => `${line.kind} ${line.address}`) }).toEqual({ env, lines: [] });
  }
});
