/**
 * One stack through Terraform, in a throwaway working copy that links the run's shared `terraform init`:
 * stacks that read nothing from AWS get an offline `terraform plan` (it validates the configuration
 * first, so there is no separate `terraform validate`) and `terraform show -json` →
 * `<stack dir>/plan.json`; stacks that read from AWS (or `--no-plan`) get `terraform validate`.
 * Decides what to skip and why; never throws for a Terraform failure, it reports it in the result.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StackDiagnostic } from './diagnostics';
import { prepareCopy, validateInCopy, type RunStep } from './offline-plan';
import { planAgainstState } from './plan-against-state';
import { redactStandIns, summarizePlan, type PlanSummary } from './plan-summary';
import type { Phase } from './progress';
import type { TerraformSession } from './session';
import { singleProviderConfigurations, stackInfo, type Json, type JsonObject, type ProviderRequirement } from './stack-info';
import { makeThrowawayKey, requiredVariables, standIns, type KeyMaker } from './stand-ins';

export interface StackTarget {
  readonly name: string;
  /** The synthesized stack directory (holds cdk.tf.json; plan.json is written here). */
  readonly dir: string;
}

export interface CheckOptions {
  readonly session: TerraformSession;
  readonly plan: boolean;
  readonly keep: boolean;
  readonly onPhase?: (phase: Phase) => void;
  readonly makeKey?: KeyMaker;
}

export type StepStatus = 'ok' | 'failed' | 'skipped';

export interface Step {
  readonly status: StepStatus;
  /** Why it failed or was skipped. */
  readonly reason?: string;
}

export interface StackResult {
  readonly stack: string;
  /** The configuration check: by the plan itself, or by `terraform validate` where there is no plan. */
  readonly validate: Step;
  readonly plan: Step & { readonly summary?: PlanSummary; readonly file?: string };
  readonly diagnostics: readonly StackDiagnostic[];
  /** Terraform's own words when a step failed without JSON diagnostics (init, show). */
  readonly output?: string;
  readonly seconds: number;
  /** Where the working copy is (only with keep). */
  readonly copyDir?: string;
  /** The result came from the cache (nothing ran). */
  readonly cached?: boolean;
}

export async function checkStack(target: StackTarget, options: CheckOptions): Promise<StackResult> {
  const started = Date.now();
  const seconds = (): number => (Date.now() - started) / 1000;
  const planFile = join(target.dir, 'plan.json');
  rmSync(planFile, { force: true }); // a stale plan must never reach the policy gate
  const skippedPlan = (reason: string): Step => ({ status: 'skipped', reason });
  const noPlan: Step = options.plan ? skippedPlan('validate failed') : skippedPlan('--no-plan');

  let json: JsonObject;
  try {
    json = JSON.parse(readFileSync(join(target.dir, 'cdk.tf.json'), 'utf8')) as JsonObject;
  } catch (error) {
    return { stack: target.name, validate: { status: 'failed', reason: `cannot read cdk.tf.json: ${(error as Error).message}` }, plan: noPlan, diagnostics: [], seconds: seconds() };
  }
  const info = stackInfo(json);
  const session = options.session;

  const unavailable = await unavailableProviders(info.providers, session);
  if (unavailable) {
    return { stack: target.name, validate: { status: 'skipped', reason: unavailable }, plan: skippedPlan(unavailable), diagnostics: [], seconds: seconds() };
  }

  options.onPhase?.('copy');
  if (options.plan && info.reads.length === 0) {
    let values: Record<string, Json>;
    try {
      values = standIns(requiredVariables(json), options.makeKey ?? makeThrowawayKey);
    } catch (error) {
      return { stack: target.name, validate: { status: 'skipped', reason: 'no plan' }, plan: { status: 'failed', reason: `no stand-in value: ${(error as Error).message}` }, diagnostics: [], seconds: seconds() };
    }
    options.onPhase?.('queued');
    const planned = await planAgainstState(target.dir, null, { session, variables: values, name: target.name, keep: options.keep, onPhase: options.onPhase });
    const kept = planned.copyDir ? { copyDir: planned.copyDir } : {};
    if (!planned.ok || planned.planText === undefined) {
      const errors = planned.diagnostics.filter((d) => d.severity === 'error').length;
      return {
        stack: target.name,
        // The plan validates the configuration first: errors it reports are configuration errors.
        validate: errors > 0 ? { status: 'failed', reason: `${errors} error(s)` } : { status: 'ok' },
        plan: { status: 'failed', reason: planned.reason ?? 'terraform plan failed' },
        diagnostics: planned.diagnostics,
        ...(planned.output ? { output: planned.output } : {}),
        seconds: seconds(),
        ...kept,
      };
    }
    const summary = summarizePlan(planned.plan as Parameters<typeof summarizePlan>[0]);
    writeFileSync(planFile, redactStandIns(planned.planText, values));
    return { stack: target.name, validate: { status: 'ok' }, plan: { status: 'ok', summary, file: planFile }, diagnostics: planned.diagnostics, seconds: seconds(), ...kept };
  }

  // No plan: `terraform validate` in a copy (no stub credentials needed).
  const copiesRoot = join(session.workRoot, 'copies');
  mkdirSync(copiesRoot, { recursive: true });
  const copyDir = mkdtempSync(join(copiesRoot, `${target.name}-`));
  const finish = (result: Omit<StackResult, 'stack' | 'seconds'>): StackResult => {
    if (!options.keep) rmSync(copyDir, { recursive: true, force: true });
    return { stack: target.name, ...result, seconds: seconds(), ...(options.keep ? { copyDir } : {}) };
  };
  options.onPhase?.('queued');
  const prepared = await prepareCopy(session, {
    stackDir: target.dir,
    copyDir,
    providers: info.providers,
    awsAliases: info.awsProviderAliases,
    offlineAws: false,
    singleConfigurations: singleProviderConfigurations(json),
  });
  if (!prepared.ok) return finish({ validate: { status: 'failed', reason: prepared.reason }, plan: noPlan, diagnostics: [], output: prepared.output });
  const attach = prepared.attach;
  const run: RunStep = (phase, args) => session.run(copyDir, args, () => options.onPhase?.(phase), { binaries: attach, use: phase === 'plan' ? 'configure' : 'schema' });
  const checked = await validateInCopy(target.name, copyDir, run);
  const validate: Step = checked.ok ? { status: 'ok' } : { status: 'failed', ...(checked.reason ? { reason: checked.reason } : {}) };
  if (!checked.ok) return finish({ validate, plan: noPlan, diagnostics: checked.diagnostics, ...(checked.output ? { output: checked.output } : {}) });
  if (!options.plan) return finish({ validate, plan: skippedPlan('--no-plan'), diagnostics: checked.diagnostics });
  const shown = info.reads.slice(0, 3).join(', ') + (info.reads.length > 3 ? `, … (${info.reads.length})` : '');
  return finish({ validate, plan: skippedPlan(`reads from AWS: ${shown}`), diagnostics: checked.diagnostics });
}

/**
 * Undefined when every provider can be installed; else why not: a provider outside the mirror whose
 * registry does not answer. Without a mirror, everything comes from the registry and init decides.
 */
export async function unavailableProviders(
  required: readonly ProviderRequirement[],
  session: Pick<TerraformSession, 'mirror' | 'probe'>,
): Promise<string | undefined> {
  const mirror = session.mirror;
  if (!mirror) return undefined;
  const missing = required.filter((provider) => {
    const held = mirror.providers.find((p) => p.address === provider.address);
    if (!held) return true;
    const exact = /^\s*=?\s*v?(\d+\.\d+\.\d+\S*)\s*$/.exec(provider.version ?? '');
    return exact ? !held.versions.includes(exact[1]) : false;
  });
  for (const provider of missing) {
    const host = provider.address.split('/')[0];
    const reach = await session.probe(host);
    if (!reach.reachable) {
      const name = provider.address.replace(/^registry\.terraform\.io\//, '') + (provider.version ? ` ${provider.version}` : '');
      return `needs ${name}, not in the mirror ${mirror.path}, and ${reach.reason}`;
    }
  }
  return undefined;
}
