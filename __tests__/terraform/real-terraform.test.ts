/**
 * Real Terraform over the example environments: the offline plan (which validates) for every web stack,
 * plus stacks that must fail (an ALB without subnets, an unknown attribute) and a stack with a
 * Terraform Cloud block that reads from AWS (the override must keep init away from Terraform Cloud; the
 * stack gets `terraform validate` instead of a plan). Skips, loudly, when terraform is not installed.
 * One synth, one shared init and one round of terraform processes for the whole file: a plan and a show
 * per web stack, one failing plan, one validate.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../../main';
import { checkStack, type StackResult, type StackTarget } from '../../terraform-runner/check-stack';
import { formatDiagnostic } from '../../terraform-runner/diagnostics';
import { synthesizedStacks } from '../../terraform-runner/manifest';
import { openSession, type TerraformSession } from '../../terraform-runner/session';
import { printNote } from '../helpers/notes';
import { FIXTURE_ENVIRONMENTS } from '../helpers/synth';
import { terraformForTests } from '../helpers/terraform';

const { missing, withTerraform, skipNote } = terraformForTests('real terraform checks');

let tmp: string;
let outdir: string;
let session: TerraformSession | undefined;
let environments: string[] = [];
/** Stacks besides the web stacks (the image stacks, which need kreuzwerker/docker and read from AWS). */
let others: StackTarget[] = [];
const results = new Map<string, StackResult>();
/** Set when terraform runs but cannot install providers here (no mirror, no registry). */
let unavailable: string | undefined;

beforeAll(async () => {
  if (missing) return;
  tmp = mkdtempSync(join(tmpdir(), 'validate-test-'));
  outdir = join(tmp, 'cdktf.out');
  const built = buildApp({ environmentsDir: FIXTURE_ENVIRONMENTS, outdir });
  built.app.synth();
  environments = built.environments.map((env) => env.name);
  others = synthesizedStacks(outdir).filter((stack) => !environments.includes(stack.name));

  session = await openSession({ warn: () => undefined });
  if (!session.mirror) {
    const reach = await session.probe('registry.terraform.io');
    if (!reach.reachable) {
      unavailable = `no provider mirror and ${reach.reason}`;
      printNote(`real terraform checks SKIPPED: ${unavailable}`);
      return;
    }
  }
  const common = { session, keep: false };

  // A stack real Terraform must reject: prod without the ALB's subnets, plus an attribute that does not exist.
  const bad = join(tmp, 'bad');
  mkdirSync(bad);
  const prod = JSON.parse(readFileSync(join(outdir, 'stacks', 'prod', 'cdk.tf.json'), 'utf8'));
  for (const alb of Object.values<Record<string, unknown>>(prod.resource.aws_lb)) delete alb.subnets;
  for (const group of Object.values<Record<string, unknown>>(prod.resource.aws_lb_target_group)) group.bogus_attribute = 'x';
  writeFileSync(join(bad, 'cdk.tf.json'), JSON.stringify(prod, null, 2));

  // One stack for two cases (keeps the terraform work small): it names Terraform Cloud (as cdktf writes it
  // when TF_CLOUD_ORGANIZATION is set), so init must not contact it, and it reads from AWS (a data
  // source), so it is validated and its plan skipped with the reason.
  const cloud = join(tmp, 'cloud-reads');
  cpSync(join(outdir, 'stacks', 'dev'), cloud, { recursive: true });
  const dev = JSON.parse(readFileSync(join(cloud, 'cdk.tf.json'), 'utf8'));
  delete dev.terraform.backend;
  dev.terraform.cloud = { organization: 'example-org', workspaces: { name: 'web-dev' } };
  dev.data = { aws_caller_identity: { current: {} } };
  writeFileSync(join(cloud, 'cdk.tf.json'), JSON.stringify(dev, null, 2));

  const runs: [StackTarget, boolean][] = [
    ...environments.map((name): [StackTarget, boolean] => [{ name, dir: join(outdir, 'stacks', name) }, true]),
    ...others.map((target): [StackTarget, boolean] => [target, true]),
    [{ name: 'bad', dir: bad }, true],
    [{ name: 'cloud-reads', dir: cloud }, true],
  ];
  await Promise.all(runs.map(async ([target, plan]) => results.set(target.name, await checkStack(target, { ...common, plan }))));
}, 300_000);

afterAll(() => {
  session?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

/** The result for a stack, or undefined (with a warning) when providers cannot be installed here. */
function result(name: string): StackResult | undefined {
  if (unavailable) {
    printNote(`real terraform, ${name}: SKIPPED: ${unavailable}`);
    return undefined;
  }
  const found = results.get(name);
  if (!found) throw new Error(`no result for ${name}`);
  return found;
}

withTerraform(`every example environment validates with no diagnostics and plans offline${skipNote}`, () => {
  expect(environments.length).toBeGreaterThanOrEqual(3);
  for (const name of environments) {
    const r = result(name);
    if (!r) continue;
    expect({ name, diagnostics: r.diagnostics.map(formatDiagnostic), output: r.output }).toEqual({ name, diagnostics: [], output: undefined });
    expect({ name, validate: r.validate.status, plan: r.plan.status, reason: r.plan.reason }).toEqual({ name, validate: 'ok', plan: 'ok', reason: undefined });
    expect(r.plan.summary?.add).toBeGreaterThan(0);

    const planFile = join(outdir, 'stacks', name, 'plan.json');
    expect(r.plan.file).toBe(planFile);
    const text = readFileSync(planFile, 'utf8');
    const plan = JSON.parse(text);
    expect(plan.resource_changes.length).toBeGreaterThan(0);
    expect(text).not.toMatch(/PRIVATE KEY-----/); // the stand-in key is redacted from the saved plan
  }
});

withTerraform(`the staging stack's required private key gets a stand-in that passes its validation${skipNote}`, () => {
  const r = result('staging');
  if (!r) return;
  const plan = JSON.parse(readFileSync(join(outdir, 'stacks', 'staging', 'plan.json'), 'utf8'));
  expect(plan.variables.tls_private_key.value).toBe('(stand-in for var.tls_private_key, redacted)');
  expect(plan.resource_changes.some((c: { type: string }) => c.type === 'aws_acm_certificate')).toBe(true);
});

withTerraform(`a stack with an ALB without subnets fails with diagnostics that name the resources${skipNote}`, () => {
  const r = result('bad');
  if (!r) return;
  // The plan validates the configuration first: its errors fail both the configuration check and the plan.
  expect(r.validate.status).toBe('failed');
  expect(r.plan.status).toBe('failed');
  expect(r.plan.reason).toMatch(/^aws_l/);
  const alb = r.diagnostics.find((d) => d.address.startsWith('aws_lb.'));
  expect(alb).toMatchObject({ stack: 'bad', severity: 'error', address: expect.stringMatching(/^aws_lb\.load-balancer_alb_/), constructPath: 'prod/load-balancer/alb' });
  expect(alb?.message).toMatch(/subnets/);
  const unknown = r.diagnostics.find((d) => d.attribute === 'bogus_attribute');
  expect(unknown).toMatchObject({ severity: 'error', address: expect.stringMatching(/^aws_lb_target_group\./) });
  expect(unknown?.message).toMatch(/bogus_attribute/);
});

withTerraform(`a Terraform Cloud block is replaced by the local backend override (init needs no Terraform Cloud)${skipNote}`, () => {
  // `terraform init` is where a backend is set up: init passing (offline) proves the override replaced the cloud block.
  const r = result('cloud-reads');
  if (!r) return;
  expect({ validate: r.validate, diagnostics: r.diagnostics, output: r.output }).toEqual({ validate: { status: 'ok' }, diagnostics: [], output: undefined });
});

withTerraform(`a stack that reads from AWS is validated, and its plan skipped with the reason${skipNote}`, () => {
  const r = result('cloud-reads');
  if (!r) return;
  expect({ validate: r.validate, plan: r.plan, diagnostics: r.diagnostics }).toEqual({
    validate: { status: 'ok' },
    plan: { status: 'skipped', reason: 'reads from AWS: data.aws_caller_identity.current' },
    diagnostics: [],
  });
});

withTerraform(`the other stacks (image stacks) validate, or are skipped only for a provider that cannot be installed here${skipNote}`, () => {
  for (const target of others) {
    const r = result(target.name);
    if (!r) continue;
    if (r.validate.status === 'skipped') {
      printNote(`real terraform, ${target.name}: validate SKIPPED: ${r.validate.reason}`);
      expect(r.validate.reason).toMatch(/^needs .+, not in the mirror .+, and .+/);
      continue;
    }
    expect({ name: target.name, validate: r.validate, diagnostics: r.diagnostics.map(formatDiagnostic) }).toEqual({ name: target.name, validate: { status: 'ok' }, diagnostics: [] });
    expect(r.plan.status).not.toBe('failed');
  }
});
