/**
 * Changes planned against the world they land in, with real terraform (hashicorp/aws from the mirror,
 * offline): each example environment is planned from nothing, turned into the state an apply would have
 * left (state-fabricator), and a changed copy of it is planned against that state. Every scenario of a
 * routine change must plan without replacing anything in use; a name AWS cannot change in place (the
 * service's) replaces only what depends on it, created before the old one goes.
 *
 * Cost: one init, one plan and one show per environment's baseline, then one plan and one show per
 * scenario (the invocation count is printed). Skipped, with the reason, without terraform or the mirror.
 */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { buildApp } from '../../main';
import { runRules } from '../../policies/engine';
import { planGraph } from '../../policies/plan';
import { noDestructiveChange } from '../../policies/rules/no-destructive-change';
import { checkCache, checkStackCached } from '../../terraform-runner/check-cache';
import { checkStackChanges, type ChangeResult } from '../../terraform-runner/change-plans';
import type { ResourceChangeLine } from '../../terraform-runner/change-summary';
import { openSession, type TerraformSession } from '../../terraform-runner/session';
import { makeChain } from '../helpers/certificates';
import { FIXTURE_ENVIRONMENTS } from '../helpers/synth';
import { tempDir } from '../helpers/temp';
import { terraformForTests } from '../helpers/terraform';

const { withTerraform, skipNote, missing } = terraformForTests('change scenarios', { needsMirror: true });

type Env = 'dev' | 'staging' | 'prod';

interface Scenario {
  readonly name: string;
  readonly env: Env;
  /** Edits the environment file (a YAML document as plain data); `dir` is the copy's environments/. */
  readonly change?: (file: Record<string, unknown>, dir: string) => void;
}

const SCENARIOS: readonly Scenario[] = [
  { name: 'dev unchanged', env: 'dev' },
  { name: 'staging unchanged', env: 'staging' },
  { name: 'prod unchanged', env: 'prod' },
  { name: 'Spot weight', env: 'dev', change: (f) => (section(f, 'service').fargateSpotWeight = 1) },
  { name: 'desired count with autoscaling', env: 'prod', change: (f) => (section(f, 'service').desiredCount = 4) },
  {
    name: 'security group names',
    env: 'prod',
    change: (f) => {
      section(f, 'loadBalancer').securityGroupName = 'web-prod-public';
      section(f, 'service').securityGroupName = 'web-prod-tasks';
    },
  },
  {
    name: 'cpu and memory',
    env: 'prod',
    change: (f) => Object.assign(section(f, 'task'), { cpu: 2048, memory: 4096 }),
  },
  {
    name: 'a new secret',
    env: 'staging',
    change: (f) => (section(section(f, 'task'), 'secrets').API_TOKEN = 'arn:aws:ssm:us-east-1:123456789012:parameter/web/staging/api-token'),
  },
  { name: 'a new SAN', env: 'prod', change: (f) => (section(f, 'certificate').subjectAlternativeNames = ['*.example.com', 'www.example.com']) },
  { name: 'a new image tag', env: 'prod', change: (f) => (section(f, 'task').imageTag = '1.1.0') },
  { name: 'NAT mode', env: 'prod', change: (f) => (section(section(f, 'network'), 'create').natGateways = 'single') },
  {
    name: 'autoscaling on',
    env: 'dev',
    change: (f) => (section(f, 'service').autoscaling = { minCapacity: 1, maxCapacity: 3, cpuTargetPercent: 70 }),
  },
  {
    name: 'new PEM files for the imported certificate',
    env: 'staging',
    change: (_f, dir) => {
      const chain = makeChain('staging.example.com');
      writeFileSync(join(dir, 'certs', 'staging', 'cert.pem'), chain.cert);
      writeFileSync(join(dir, 'certs', 'staging', 'chain.pem'), chain.intermediate);
    },
  },
  { name: 'service name', env: 'prod', change: (f) => (section(f, 'service').name = 'web-prod-v2') },
];

function section(object: Record<string, unknown>, key: string): Record<string, unknown> {
  object[key] ??= {};
  return object[key] as Record<string, unknown>;
}

/** Synthesizes one environment file (without image stacks) and returns its stack directory. */
function synthesizeEnvironment(environmentsDir: string, env: Env): string {
  const outdir = join(tempDir('scenario-out'), 'cdktf.out');
  buildApp({ files: [join(environmentsDir, `${env}.yaml`)], outdir, imageStacks: false }).app.synth();
  return join(outdir, 'stacks', env);
}

let session: TerraformSession | undefined;
const results = new Map<string, ChangeResult>();
let invocations = 0;

beforeAll(async () => {
  if (missing) return;
  const opened = await openSession({ warn: () => undefined });
  session = { ...opened, run: (cwd, args, onStart) => (invocations++, opened.run(cwd, args, onStart)), close: () => opened.close() };
  const baselineOut = join(tempDir('scenario-baseline'), 'cdktf.out');
  buildApp({ environmentsDir: FIXTURE_ENVIRONMENTS, outdir: baselineOut, imageStacks: false }).app.synth();
  const baseline = { outdir: baselineOut, description: 'the example environments' };
  const cache = checkCache(tempDir('scenario-cache'));
  const current = session;
  // Each baseline is planned once; every scenario of that environment takes it from the cache.
  await Promise.all((['dev', 'staging', 'prod'] as const).map((env) => checkStackCached({ name: env, dir: join(baselineOut, 'stacks', env) }, { session: current, plan: true, keep: false }, cache)));
  await Promise.all(
    SCENARIOS.map(async (scenario) => {
      const dir = tempDir('scenario-env');
      cpSync(FIXTURE_ENVIRONMENTS, dir, { recursive: true });
      if (scenario.change) {
        const path = join(dir, `${scenario.env}.yaml`);
        const document = parseDocument(readFileSync(path, 'utf8'));
        const data = document.toJS() as Record<string, unknown>;
        scenario.change(data, dir);
        document.contents = document.createNode(data) as typeof document.contents;
        writeFileSync(path, document.toString());
      }
      const stackDir = synthesizeEnvironment(dir, scenario.env);
      results.set(scenario.name, await checkStackChanges({ name: scenario.env, dir: stackDir }, { session: current, baseline, cache, keep: false }));
    }),
  );
  const report = SCENARIOS.map((scenario) => {
    const summary = results.get(scenario.name)?.changes;
    if (!summary) return `  ${scenario.name}: ${results.get(scenario.name)?.plan.reason ?? 'no plan'}`;
    const replaced = summary.lines.filter((l) => l.kind === 'replace').map((l) => `${l.address.split('.')[0]} (${l.attributes.join(', ')}${l.createBeforeDestroy ? ', new first' : ''})`);
    return `  ${scenario.name}: ${summary.creates} create, ${summary.updates} update, ${summary.deletes} delete, ${summary.replacements} replace${replaced.length ? `: ${replaced.join('; ')}` : ''}`;
  });
  console.log(`change scenarios: ${SCENARIOS.length} scenarios, ${invocations} terraform invocations\n${report.join('\n')}`);
}, 900_000);

afterAll(() => session?.close());

/** The scenario's change lines (the test fails when the plan did not run). */
function changes(name: string): ResourceChangeLine[] {
  const result = results.get(name);
  expect({ name, plan: result?.plan.status, reason: result?.plan.reason, diagnostics: result?.diagnostics }).toEqual({ name, plan: 'ok', reason: undefined, diagnostics: [] });
  expect(result?.comparedWith).toBe('baseline');
  return [...(result?.changes?.lines ?? [])];
}

/** The messages of no-destructive-change on the scenario's saved plan (what the gate would say). */
function destructive(name: string): string[] {
  const file = results.get(name)?.plan.file;
  if (!file) throw new Error(`${name}: no saved plan`);
  const graph = planGraph(JSON.parse(readFileSync(file, 'utf8')), { root: '/', file, stack: results.get(name)?.stack ?? '' });
  return runRules([graph], [noDestructiveChange]).findings.map((finding) => `${finding.severity}: ${finding.message}`);
}

const addresses = (lines: ResourceChangeLine[], kind: ResourceChangeLine['kind'], type?: string): string[] =>
  lines.filter((line) => line.kind === kind && (!type || line.address.startsWith(`${type}.`))).map((line) => line.address.replace(/\.[^.[]+(\[.*\])?$/, '$1'));
const types = (lines: ResourceChangeLine[], kind: ResourceChangeLine['kind']): string[] => addresses(lines, kind).sort();
/** [kind, type] of every line, sorted. */
const kinds = (lines: ResourceChangeLine[]): string[][] => lines.map((l) => [l.kind, l.address.split('.')[0]]).sort();
/** The one line about a resource of this type. */
const line = (lines: ResourceChangeLine[], type: string): ResourceChangeLine => {
  const found = lines.filter((l) => l.address.startsWith(`${type}.`));
  expect(found).toHaveLength(1);
  return found[0];
};

/** Types AWS must keep: replacing or deleting one of them is an outage or loses data. */
const IN_USE = ['aws_ecs_service', 'aws_ecs_cluster', 'aws_lb', 'aws_lb_listener', 'aws_ecr_repository', 'aws_cloudwatch_log_group', 'aws_route53_record', 'aws_vpc', 'aws_subnet'];

/**
 * Settings a parent holds exactly once: a replacement is a delete and a put on the parent, and must be
 * destroy-first (created first, the old one's delete would remove the new setting).
 */
const SINGLETON_SETTINGS = ['aws_ecr_lifecycle_policy'];

function expectNothingInUseReplaced(lines: ResourceChangeLine[]): void {
  const replaced = lines.filter((line) => line.kind === 'replace');
  expect(replaced.filter((line) => IN_USE.some((type) => line.address.startsWith(`${type}.`))).map((line) => line.address)).toEqual([]);
  // What is replaced is created before the old one is destroyed (a singleton setting the other way round).
  const singleton = (line: ResourceChangeLine): boolean => SINGLETON_SETTINGS.some((type) => line.address.startsWith(`${type}.`));
  expect(replaced.filter((line) => !singleton(line) && !line.createBeforeDestroy).map((line) => line.address)).toEqual([]);
  expect(replaced.filter((line) => singleton(line) && line.createBeforeDestroy).map((line) => line.address)).toEqual([]);
}

describe('change scenarios', () => {
  withTerraform.each(['dev unchanged', 'staging unchanged', 'prod unchanged'])(`%s: planned against the state of its own synth, no changes${skipNote}`, (name) => {
    expect(changes(name)).toEqual([]);
    expect(results.get(name)?.changes?.outputs).toEqual([]);
  });

  withTerraform(`Spot weight: the service's capacity provider strategy changes in place${skipNote}`, () => {
    const lines = changes('Spot weight');
    expect(kinds(lines)).toEqual([['update', 'aws_ecs_service']]);
    expect(line(lines, 'aws_ecs_service').attributes).toEqual(['capacity_provider_strategy']);
  });

  withTerraform(`desired count with autoscaling on: autoscaling owns it, nothing changes${skipNote}`, () => {
    expect(changes('desired count with autoscaling')).toEqual([]);
  });

  withTerraform(`security group names: new groups and rules before the old ones go; the ALB and the service switch in place${skipNote}`, () => {
    const lines = changes('security group names');
    expectNothingInUseReplaced(lines);
    expect(types(lines, 'replace').filter((t) => t === 'aws_security_group')).toHaveLength(2);
    expect(types(lines, 'update')).toEqual(['aws_ecs_service', 'aws_lb']);
    expect(lines.find((l) => l.kind === 'update' && l.address.startsWith('aws_lb.'))?.attributes).toEqual(['security_groups']);
    expect(lines.find((l) => l.kind === 'update' && l.address.startsWith('aws_ecs_service.'))?.attributes).toEqual(['network_configuration']);
    expect(types(lines, 'delete')).toEqual([]);
    expect(types(lines, 'create')).toEqual([]);
  });

  withTerraform(`cpu and memory: a new task definition revision, the service updated in place${skipNote}`, () => {
    const lines = changes('cpu and memory');
    expectNothingInUseReplaced(lines);
    expect(kinds(lines)).toEqual([
      ['replace', 'aws_ecs_task_definition'],
      ['update', 'aws_ecs_service'],
    ]);
    expect(line(lines, 'aws_ecs_task_definition').attributes).toEqual(expect.arrayContaining(['cpu', 'memory']));
    expect(line(lines, 'aws_ecs_service').attributes).toEqual(['task_definition']);
  });

  withTerraform(`a new secret: the execution policy first, then a new revision, the service in place${skipNote}`, () => {
    const lines = changes('a new secret');
    expectNothingInUseReplaced(lines);
    expect(kinds(lines)).toEqual([
      ['replace', 'aws_ecs_task_definition'],
      ['update', 'aws_ecs_service'],
      ['update', 'aws_iam_role_policy'],
    ]);
  });

  withTerraform(`a new SAN: the certificate replaced before destroyed, one new validation record, the listener in place${skipNote}`, () => {
    const lines = changes('a new SAN');
    expectNothingInUseReplaced(lines);
    expect(types(lines, 'replace')).toEqual(['aws_acm_certificate', 'aws_acm_certificate_validation']);
    expect(addresses(lines, 'create')).toEqual(['aws_route53_record["www.example.com"]']);
    expect(types(lines, 'update')).toEqual(['aws_lb_listener']);
    expect(types(lines, 'delete')).toEqual([]);
    expect(results.get('a new SAN')?.changes?.outputs).toEqual(['certificate_arn']);
  });

  withTerraform(`a new image tag: a new revision and an in-place service update${skipNote}`, () => {
    const lines = changes('a new image tag');
    expectNothingInUseReplaced(lines);
    // The lifecycle policy protects the tag the service runs, so it follows the tag (the provider replaces it).
    expect(kinds(lines)).toEqual([
      ['replace', 'aws_ecr_lifecycle_policy'],
      ['replace', 'aws_ecs_task_definition'],
      ['update', 'aws_ecs_service'],
    ]);
    expect(line(lines, 'aws_ecr_lifecycle_policy').attributes).toEqual(['policy']);
    expect(line(lines, 'aws_ecs_task_definition').attributes).toEqual(['container_definitions']);
    expect(line(lines, 'aws_ecs_service').attributes).toEqual(['task_definition']);
  });

  withTerraform(`NAT mode one-per-az → single: two gateways and their addresses go, the private routes move in place${skipNote}`, () => {
    const lines = changes('NAT mode');
    expectNothingInUseReplaced(lines);
    expect(types(lines, 'replace')).toEqual([]);
    expect(types(lines, 'delete')).toEqual(['aws_eip', 'aws_eip', 'aws_nat_gateway', 'aws_nat_gateway']);
    expect(types(lines, 'update')).toEqual(['aws_route', 'aws_route']);
    for (const route of lines.filter((l) => l.kind === 'update')) expect(route.attributes).toEqual(['nat_gateway_id']);
  });

  withTerraform(`autoscaling on: a scaling target and policy, nothing else${skipNote}`, () => {
    const lines = changes('autoscaling on');
    expect(types(lines, 'create')).toEqual(['aws_appautoscaling_policy', 'aws_appautoscaling_target']);
    expect(lines.filter((l) => l.kind !== 'create')).toEqual([]);
  });

  withTerraform(`new PEM files: the imported certificate is re-imported in place (same ARN)${skipNote}`, () => {
    const lines = changes('new PEM files for the imported certificate');
    expect(kinds(lines)).toEqual([['update', 'aws_acm_certificate']]);
    expect(line(lines, 'aws_acm_certificate').attributes).toEqual(expect.arrayContaining(['certificate_body', 'certificate_chain']));
  });

  withTerraform.each(SCENARIOS.filter((s) => s.name !== 'service name').map((s) => s.name))(`%s: the gate's no-destructive-change finds nothing${skipNote}`, (name) => {
    changes(name);
    expect(destructive(name)).toEqual([]);
  });

  withTerraform(`service name: AWS cannot rename a service; it is replaced (new one first), with only its autoscaling${skipNote}`, () => {
    const lines = changes('service name');
    expect(destructive('service name')).toEqual([expect.stringMatching(/^error: aws_ecs_service\.service_[0-9A-F]+ would be replaced \(name forces it\): its tasks are stopped/)]);
    const replaced = lines.filter((l) => l.kind === 'replace');
    expect(types(lines, 'replace')).toEqual(['aws_appautoscaling_policy', 'aws_appautoscaling_policy', 'aws_appautoscaling_target', 'aws_ecs_service']);
    expect(replaced.find((l) => l.address.startsWith('aws_ecs_service.'))).toMatchObject({ attributes: ['name'], createBeforeDestroy: true });
    expect(lines.filter((l) => l.kind !== 'replace')).toEqual([]);
  });
});
