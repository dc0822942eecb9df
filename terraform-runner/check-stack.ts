/**
 * One stack through Terraform: working copy → init → validate -json → (offline plan → show -json →
 * `<stack dir>/plan.json`). Decides what to skip and why; never throws for a Terraform failure, it
 * reports it in the result.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, normalize, relative, isAbsolute } from 'node:path';
import type { MirroredProvider } from './cli-config';
import { describeDiagnostic, type StackDiagnostic, type TerraformDiagnostic } from './diagnostics';
import { redactStandIns, summarizePlan, type PlanSummary } from './plan-summary';
import type { Phase } from './progress';
import type { RegistryProbe } from './registry-probe';
import { runTerraform, type RunResult } from './run-terraform';
import { stackInfo, type Json, type JsonObject, type ProviderRequirement } from './stack-info';
import { makeThrowawayKey, requiredVariables, standIns, type KeyMaker } from './stand-ins';
import { copyStack, overrideFor, writeOverride, writeStandIns } from './working-copy';

export interface StackTarget {
  readonly name: string;
  /** The synthesized stack directory (holds cdk.tf.json; plan.json is written here). */
  readonly dir: string;
}

export interface CheckOptions {
  readonly terraform: string;
  /** Environment for the terraform processes (see terraformEnv). */
  readonly env: NodeJS.ProcessEnv;
  /** The mirror in use and what it holds; undefined: providers come from the registry. */
  readonly mirror?: { readonly path: string; readonly providers: readonly MirroredProvider[] };
  readonly probe: RegistryProbe;
  readonly plan: boolean;
  /** Working copies go to `<workRoot>/<stack>`. */
  readonly workRoot: string;
  readonly keep: boolean;
  readonly onPhase?: (phase: Phase) => void;
  readonly makeKey?: KeyMaker;
  /** Serializes `terraform init` (needed when a shared plugin cache is in use). */
  readonly initLock?: () => Promise<() => void>;
  /** A slot for each terraform process (the run's cap on parallel processes). @default - no cap */
  readonly slot?: () => Promise<() => void>;
}

export type StepStatus = 'ok' | 'failed' | 'skipped';

export interface Step {
  readonly status: StepStatus;
  /** Why it failed or was skipped. */
  readonly reason?: string;
}

export interface StackResult {
  readonly stack: string;
  readonly validate: Step;
  readonly plan: Step & { readonly summary?: PlanSummary; readonly file?: string };
  readonly diagnostics: readonly StackDiagnostic[];
  /** Terraform's own words when a step failed without JSON diagnostics (init, show). */
  readonly output?: string;
  readonly seconds: number;
  /** Where the working copy is (only with keep). */
  readonly copyDir?: string;
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

  const unavailable = await unavailableProviders(info.providers, options);
  if (unavailable) {
    return { stack: target.name, validate: { status: 'skipped', reason: unavailable }, plan: skippedPlan(unavailable), diagnostics: [], seconds: seconds() };
  }

  options.onPhase?.('copy');
  const copyDir = copyStack(target.dir, join(options.workRoot, target.name));
  const offlinePlan = options.plan && info.reads.length === 0;
  writeOverride(copyDir, overrideFor(copyDir, info.awsProviderAliases, offlinePlan));
  /** Runs one terraform command once a slot is free; the progress line says `queued` until then. */
  const run = async (phase: Phase, args: string[]): Promise<RunResult> => {
    options.onPhase?.('queued');
    const release = options.slot ? await options.slot() : undefined;
    options.onPhase?.(phase);
    try {
      return await runTerraform(options.terraform, args, { cwd: copyDir, env: options.env });
    } finally {
      release?.();
    }
  };
  const finish = (result: Omit<StackResult, 'stack' | 'seconds'>): StackResult => {
    if (!options.keep) rmSync(copyDir, { recursive: true, force: true });
    return { stack: target.name, ...result, seconds: seconds(), ...(options.keep ? { copyDir } : {}) };
  };
  const source = (filename: string): Buffer | undefined => {
    const path = normalize(join(copyDir, filename));
    const inside = relative(copyDir, path);
    if (inside.startsWith('..') || isAbsolute(inside)) return undefined;
    try {
      return readFileSync(path);
    } catch {
      return undefined;
    }
  };

  // 1. init: the local backend override means no Terraform Cloud login and no remote state.
  const release = options.initLock ? await options.initLock() : undefined;
  const init = await run('init', ['init', '-input=false', '-no-color']).finally(() => release?.());
  if (init.code !== 0) {
    return finish({ validate: { status: 'failed', reason: 'terraform init failed' }, plan: noPlan, diagnostics: [], output: tail(init.stderr || init.stdout) });
  }

  // 2. validate
  const validated = await run('validate', ['validate', '-json', '-no-color']);
  let report: { valid?: boolean; error_count?: number; diagnostics?: TerraformDiagnostic[] };
  try {
    report = JSON.parse(validated.stdout) as typeof report;
  } catch {
    return finish({ validate: { status: 'failed', reason: 'terraform validate gave no JSON' }, plan: noPlan, diagnostics: [], output: tail(validated.stderr || validated.stdout) });
  }
  const diagnostics = (report.diagnostics ?? []).map((d) => describeDiagnostic(target.name, d, source));
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const valid = report.valid === true && errors === 0 && validated.code === 0;
  const validate: Step = valid ? { status: 'ok' } : { status: 'failed', reason: `${errors || 'unknown'} error(s)` };

  // 3. plan
  if (!valid) return finish({ validate, plan: noPlan, diagnostics });
  if (!options.plan) return finish({ validate, plan: skippedPlan('--no-plan'), diagnostics });
  if (info.reads.length > 0) {
    const shown = info.reads.slice(0, 3).join(', ') + (info.reads.length > 3 ? `, … (${info.reads.length})` : '');
    return finish({ validate, plan: skippedPlan(`reads from AWS: ${shown}`), diagnostics });
  }
  let values: Record<string, Json>;
  try {
    values = standIns(requiredVariables(json), options.makeKey ?? makeThrowawayKey);
  } catch (error) {
    return finish({ validate, plan: { status: 'failed', reason: `no stand-in value: ${(error as Error).message}` }, diagnostics });
  }
  writeStandIns(copyDir, values);

  const planned = await run('plan', ['plan', '-json', '-refresh=false', '-input=false', '-lock=false', '-out=plan.bin']);
  const planDiagnostics = jsonLines(planned.stdout)
    .filter((line) => line.type === 'diagnostic' && line.diagnostic)
    .map((line) => describeDiagnostic(target.name, line.diagnostic as TerraformDiagnostic, source));
  const all = [...diagnostics, ...planDiagnostics];
  if (planned.code !== 0) {
    const first = planDiagnostics.find((d) => d.severity === 'error');
    return finish({
      validate,
      plan: { status: 'failed', reason: first ? `${first.address}: ${first.message}` : 'terraform plan failed' },
      diagnostics: all,
      ...(first ? {} : { output: tail(planned.stderr || planned.stdout) }),
    });
  }

  const shown = await run('show', ['show', '-json', '-no-color', 'plan.bin']);
  let summary: PlanSummary;
  try {
    summary = summarizePlan(JSON.parse(shown.stdout) as Parameters<typeof summarizePlan>[0]);
  } catch {
    return finish({ validate, plan: { status: 'failed', reason: 'terraform show -json gave no JSON' }, diagnostics: all, output: tail(shown.stderr) });
  }
  writeFileSync(planFile, redactStandIns(shown.stdout, values));
  return finish({ validate, plan: { status: 'ok', summary, file: planFile }, diagnostics: all });
}

/**
 * Undefined when every provider can be installed; else why not: a provider outside the mirror whose
 * registry does not answer. Without a mirror, everything comes from the registry and init decides.
 */
async function unavailableProviders(required: readonly ProviderRequirement[], options: CheckOptions): Promise<string | undefined> {
  const mirror = options.mirror;
  if (!mirror) return undefined;
  const missing = required.filter((provider) => {
    const held = mirror.providers.find((p) => p.address === provider.address);
    if (!held) return true;
    const exact = /^\s*=?\s*v?(\d+\.\d+\.\d+\S*)\s*$/.exec(provider.version ?? '');
    return exact ? !held.versions.includes(exact[1]) : false;
  });
  for (const provider of missing) {
    const host = provider.address.split('/')[0];
    const reach = await options.probe(host);
    if (!reach.reachable) {
      const name = provider.address.replace(/^registry\.terraform\.io\//, '') + (provider.version ? ` ${provider.version}` : '');
      return `needs ${name}, not in the mirror ${mirror.path}, and ${reach.reason}`;
    }
  }
  return undefined;
}

function jsonLines(text: string): { type?: string; diagnostic?: unknown }[] {
  const lines: { type?: string; diagnostic?: unknown }[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim().startsWith('{')) continue;
    try {
      lines.push(JSON.parse(line) as { type?: string; diagnostic?: unknown });
    } catch {
      // not a JSON line (terraform may print plain text before the stream starts)
    }
  }
  return lines;
}

/** The last lines of terraform's output: where its error is. */
function tail(text: string, lines = 25): string {
  return text.trim().split('\n').slice(-lines).join('\n');
}
