/**
 * A change plan of one stack: the baseline's synth of the stack is planned from nothing (or taken from
 * the check cache), turned into the state an apply would have left (state-fabricator), and the current
 * synth is planned offline against that state. The result says per resource what an apply would create,
 * update, delete or replace, and the plan is saved as `<stack dir>/plan.json` for the policy gate (its
 * `no-destructive-change` rule reads the deletes and replacements). A stack the baseline does not have
 * is planned from nothing. Change plans are cached by the content of both synths.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fabricateState, FabricationError } from '../state-fabricator/fabricate-state';
import { loadProviderSchemas } from '../state-fabricator/provider-schema';
import type { Baseline } from './baseline';
import { CACHE_FORMAT, checkStackCached, sessionFingerprint, type CheckCache } from './check-cache';
import { unavailableProviders, type StackResult, type StackTarget } from './check-stack';
import { summarizeChanges, type ChangeSummary } from './change-summary';
import { planAgainstState, variablesFor, type PlanJson } from './plan-against-state';
import { redactStandIns, summarizePlan } from './plan-summary';
import type { Phase } from './progress';
import type { TerraformSession } from './session';
import { stackInfo, type JsonObject } from './stack-info';
import type { KeyMaker } from './stand-ins';

export interface ChangeResult extends StackResult {
  /** What an apply would do, when the change plan ran. */
  readonly changes?: ChangeSummary;
  /** How the stack was compared: against the baseline, or planned from nothing as a new stack. */
  readonly comparedWith?: 'baseline' | 'nothing (new stack)';
}

export interface ChangePlanOptions {
  readonly session: TerraformSession;
  readonly baseline: Baseline;
  readonly cache?: CheckCache;
  readonly keep: boolean;
  readonly onPhase?: (phase: Phase) => void;
  readonly makeKey?: KeyMaker;
  /** Where provider schemas are cached. @default - node_modules/.cache/ecs-web-stack/provider-schemas */
  readonly schemaCacheDir?: string;
}

export async function checkStackChanges(target: StackTarget, options: ChangePlanOptions): Promise<ChangeResult> {
  const started = Date.now();
  const seconds = (): number => (Date.now() - started) / 1000;
  const common = { session: options.session, plan: true, keep: options.keep, ...(options.makeKey ? { makeKey: options.makeKey } : {}) };
  const planFile = join(target.dir, 'plan.json');
  const baselineDir = join(options.baseline.outdir, 'stacks', target.name);
  let currentText: string;
  try {
    currentText = readFileSync(join(target.dir, 'cdk.tf.json'), 'utf8');
  } catch {
    return checkStackCached(target, { ...common, onPhase: options.onPhase }, options.cache); // it reports the unreadable file
  }
  const current = JSON.parse(currentText) as JsonObject;
  const info = stackInfo(current);
  const plannable = info.reads.length === 0 && !(await unavailableProviders(info.providers, options.session));
  if (!plannable || !existsSync(join(baselineDir, 'cdk.tf.json'))) {
    // Validate only (it reads from AWS or needs a provider not at hand), or new: planned from nothing.
    const result = await checkStackCached(target, { ...common, onPhase: options.onPhase }, options.cache);
    if (!plannable || !result.plan.file) return result;
    const plan = JSON.parse(readFileSync(result.plan.file, 'utf8')) as PlanJson;
    return { ...result, changes: summarizeChanges(plan, constructPaths(current)), comparedWith: 'nothing (new stack)' };
  }

  const baselineText = readFileSync(join(baselineDir, 'cdk.tf.json'), 'utf8');
  const key = createHash('sha256')
    .update(`${CACHE_FORMAT}\0changes\0${sessionFingerprint(options.session)}\0`)
    .update(baselineText)
    .update('\0')
    .update(currentText)
    .digest('hex');
  const hit = options.cache?.get(key);
  rmSync(planFile, { force: true });
  if (hit?.planText !== undefined) {
    writeFileSync(planFile, hit.planText);
    const cachedChanges = summarizeChanges(JSON.parse(hit.planText) as PlanJson, constructPaths(current, JSON.parse(baselineText) as JsonObject));
    return { ...hit.result, plan: { ...hit.result.plan, file: planFile }, changes: cachedChanges, comparedWith: 'baseline', cached: true, seconds: seconds() };
  }
  const fail = (reason: string, extra: Partial<StackResult> = {}): ChangeResult => ({
    stack: target.name,
    validate: { status: 'ok' },
    plan: { status: 'failed', reason },
    diagnostics: [],
    seconds: seconds(),
    ...extra,
  });

  // 1. The baseline, planned from nothing (a cached check of the same synth serves), in a copy: the
  //    baseline's own directory (a saved synth output, say) is only read.
  options.onPhase?.('baseline');
  mkdirSync(join(options.session.workRoot, 'baselines'), { recursive: true });
  const baselineCopy = mkdtempSync(join(options.session.workRoot, 'baselines', `${target.name}-`));
  copyFileSync(join(baselineDir, 'cdk.tf.json'), join(baselineCopy, 'cdk.tf.json'));
  const base = await checkStackCached({ name: target.name, dir: baselineCopy }, common, options.cache);
  if (!base.plan.file) return fail(`the baseline does not plan: ${base.plan.reason ?? base.validate.reason ?? 'unknown'}`, { diagnostics: base.diagnostics });
  const baselinePlan = JSON.parse(readFileSync(base.plan.file, 'utf8')) as PlanJson;

  // 2. The state an apply of the baseline would have left; stand-ins are the current plan's own.
  options.onPhase?.('state');
  const variables = variablesFor(current, undefined, options.makeKey);
  const baseline = JSON.parse(baselineText) as JsonObject;
  const baselineVariables = Object.fromEntries(Object.entries(variables).filter(([name]) => name in (asObject(baseline.variable) ?? {})));
  let state: object;
  try {
    const schemas = await loadProviderSchemas(options.session, stackInfo(baseline).providers, options.schemaCacheDir);
    state = fabricateState({ config: baseline, plan: baselinePlan as Parameters<typeof fabricateState>[0]['plan'], schemas, terraformVersion: options.session.terraform.version, variables: baselineVariables });
  } catch (error) {
    if (!(error instanceof FabricationError)) throw error;
    return fail(`no state could be made from the baseline: ${error.message}`);
  }

  // 3. The current synth against it.
  const planned = await planAgainstState(target.dir, state, {
    session: options.session,
    variables,
    name: target.name,
    keep: options.keep,
    onPhase: (phase) => options.onPhase?.(phase),
  });
  const kept = planned.copyDir ? { copyDir: planned.copyDir } : {};
  if (!planned.ok || !planned.plan || planned.planText === undefined) {
    const errors = planned.diagnostics.filter((d) => d.severity === 'error').length;
    return {
      ...fail(planned.reason ?? 'terraform plan failed', { diagnostics: planned.diagnostics, ...(planned.output ? { output: planned.output } : {}), ...kept }),
      validate: errors > 0 ? { status: 'failed', reason: `${errors} error(s)` } : { status: 'ok' },
    };
  }
  const planText = redactStandIns(planned.planText, variables);
  writeFileSync(planFile, planText);
  const result: ChangeResult = {
    stack: target.name,
    validate: { status: 'ok' },
    plan: { status: 'ok', summary: summarizePlan(planned.plan as Parameters<typeof summarizePlan>[0]), file: planFile },
    diagnostics: planned.diagnostics,
    seconds: seconds(),
    changes: summarizeChanges(planned.plan, constructPaths(current, baseline)),
    comparedWith: 'baseline',
    ...kept,
  };
  const { seconds: _seconds, copyDir: _copyDir, cached: _cached, changes: _changes, comparedWith: _compared, ...stored } = result;
  options.cache?.put(key, { result: stored, planText });
  return result;
}

/** Construct path by resource address, from the cdktf metadata of the current synth (then the baseline's). */
function constructPaths(...stacks: JsonObject[]): (address: string) => string | undefined {
  return (address) => {
    const match = /^([^.[]+)\.([^.[]+)/.exec(address);
    if (!match) return undefined;
    for (const stack of stacks) {
      const body = asObject(asObject(asObject(stack.resource)?.[match[1]])?.[match[2]]);
      const path = asObject(asObject(body?.['//'])?.metadata)?.path;
      if (typeof path === 'string') return path;
    }
    return undefined;
  };
}

function asObject(value: unknown): JsonObject | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as JsonObject) : undefined;
}
