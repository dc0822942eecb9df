/**
 * Plans a synthesized stack offline against a given Terraform state: the state (JSON, as
 * `terraform state pull` prints it or as the state fabricator makes it) becomes the working copy's
 * local state, then `terraform plan -refresh=false` with stub credentials and `terraform show -json`.
 * Nothing is read from AWS, so the plan shows what the configuration would change in the world that
 * state describes. Without a state it is the plan from nothing (every resource created).
 *
 *   const result = await planAgainstState('cdktf.out/stacks/prod', JSON.parse(readFileSync('prod.tfstate', 'utf8')));
 *   if (result.ok) console.log(result.plan.resource_changes);
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { planInCopy, prepareCopy, type RunStep } from './offline-plan';
import type { StackDiagnostic } from './diagnostics';
import { openSession, type TerraformSession } from './session';
import { singleProviderConfigurations, stackInfo, type Json, type JsonObject } from './stack-info';
import { makeThrowawayKey, requiredVariables, standIns, type KeyMaker } from './stand-ins';
import { writeState } from './working-copy';

/** The parts of `terraform show -json` output this project reads; the rest is kept as it came. */
export interface PlanJson {
  readonly format_version?: string;
  readonly resource_changes?: readonly PlanResourceChange[];
  readonly output_changes?: { readonly [name: string]: { readonly actions?: readonly string[] } };
  readonly planned_values?: JsonObject;
  readonly prior_state?: JsonObject;
  readonly configuration?: JsonObject;
  readonly variables?: { readonly [name: string]: { readonly value?: Json } };
  readonly [key: string]: unknown;
}

export interface PlanResourceChange {
  readonly address: string;
  readonly mode?: string;
  readonly type: string;
  readonly name: string;
  readonly index?: string | number;
  readonly provider_name?: string;
  readonly action_reason?: string;
  readonly change: {
    readonly actions: readonly string[];
    readonly before?: Json;
    readonly after?: Json;
    readonly after_unknown?: Json;
    readonly before_sensitive?: Json;
    readonly after_sensitive?: Json;
    readonly replace_paths?: readonly (readonly (string | number)[])[];
    readonly importing?: unknown;
  };
}

export interface StatePlanOptions {
  /** A session to run in (its mirror, temp directory and process cap); default: one for this call. */
  readonly session?: TerraformSession;
  /** Values for the stack's variables; they win over stand-ins. @default - stand-ins for variables without a default */
  readonly variables?: Readonly<Record<string, Json>>;
  /** Stack name in diagnostics. @default - the stack directory's name */
  readonly name?: string;
  /** Maker of throwaway keys for private-key variables. @default - a new key per call */
  readonly makeKey?: KeyMaker;
  /** Called when a step starts (`plan`, `show`). */
  readonly onPhase?: (phase: 'plan' | 'show') => void;
  /** Keep the working copy (its path is in the result). @default false */
  readonly keep?: boolean;
}

export interface StatePlanResult {
  readonly ok: boolean;
  readonly stack: string;
  /** The parsed plan (`terraform show -json`), when ok. */
  readonly plan?: PlanJson;
  /** The same as text, as terraform printed it. */
  readonly planText?: string;
  readonly diagnostics: readonly StackDiagnostic[];
  /** Why it failed. */
  readonly reason?: string;
  /** Terraform's own words when it failed without diagnostics. */
  readonly output?: string;
  /** The values given to variables without a default (stand-ins unless `variables` named them). */
  readonly variables: Readonly<Record<string, Json>>;
  readonly copyDir?: string;
}

/**
 * Plans `stackDir` (a directory with cdk.tf.json) against `state` (null: no state). Never throws for a
 * terraform failure (see `ok`, `reason`, `diagnostics`); throws TerraformMissing when no session is
 * given and terraform cannot be found.
 */
export async function planAgainstState(stackDir: string, state: object | null, options: StatePlanOptions = {}): Promise<StatePlanResult> {
  const session = options.session ?? (await openSession());
  try {
    return await planWithSession(session, stackDir, state, options);
  } finally {
    if (!options.session) session.close();
  }
}

async function planWithSession(session: TerraformSession, stackDir: string, state: object | null, options: StatePlanOptions): Promise<StatePlanResult> {
  const stack = options.name ?? basename(stackDir);
  const json = JSON.parse(readFileSync(join(stackDir, 'cdk.tf.json'), 'utf8')) as JsonObject;
  const info = stackInfo(json);
  const variables = variablesFor(json, options.variables, options.makeKey);
  const copiesRoot = join(session.workRoot, 'copies');
  mkdirSync(copiesRoot, { recursive: true });
  const copyDir = mkdtempSync(join(copiesRoot, `${stack}-`));
  const finish = (result: Omit<StatePlanResult, 'stack' | 'variables'>): StatePlanResult => {
    if (!options.keep) rmSync(copyDir, { recursive: true, force: true });
    return { stack, variables, ...result, ...(options.keep ? { copyDir } : {}) };
  };
  const prepared = await prepareCopy(session, {
    stackDir,
    copyDir,
    providers: info.providers,
    awsAliases: info.awsProviderAliases,
    offlineAws: true,
    variables,
    singleConfigurations: singleProviderConfigurations(json),
  });
  if (!prepared.ok) return finish({ ok: false, diagnostics: [], reason: prepared.reason, output: prepared.output });
  if (state) writeState(copyDir, state);
  const attach = prepared.attach;
  const run: RunStep = (phase, args) =>
    session.run(copyDir, args, () => phase !== 'init' && phase !== 'validate' && options.onPhase?.(phase), { binaries: attach, use: phase === 'plan' ? 'configure' : 'schema' });
  const outcome = await planInCopy(stack, copyDir, run);
  if (!outcome.ok || outcome.planText === undefined) {
    return finish({ ok: false, diagnostics: outcome.diagnostics, ...(outcome.reason ? { reason: outcome.reason } : {}), ...(outcome.output ? { output: outcome.output } : {}) });
  }
  return finish({ ok: true, plan: JSON.parse(outcome.planText) as PlanJson, planText: outcome.planText, diagnostics: outcome.diagnostics });
}

/** Stand-ins for the variables without a default, overridden (and extended) by the given values. */
export function variablesFor(json: JsonObject, given: Readonly<Record<string, Json>> | undefined, makeKey: KeyMaker = makeThrowawayKey): Record<string, Json> {
  const missing = requiredVariables(json).filter((variable) => !given || !(variable.name in given));
  return { ...standIns(missing, makeKey), ...(given ?? {}) };
}
