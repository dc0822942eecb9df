/**
 * The steps every offline check of a stack shares: a working copy with the shared init linked in, then
 * either `terraform plan` (which validates the configuration as its first step, so no separate
 * `terraform validate` is needed) and `terraform show -json`, or `terraform validate` alone for stacks a
 * plan cannot handle offline. Diagnostics of either are named by stack, resource address, construct
 * path and attribute.
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, join, normalize, relative } from 'node:path';
import { describeDiagnostic, type SourceReader, type StackDiagnostic, type TerraformDiagnostic } from './diagnostics';
import type { RunResult } from './run-terraform';
import { installedProviders, type ProviderBinary } from './provider-servers';
import type { TerraformSession } from './session';
import type { Json, ProviderRequirement } from './stack-info';
import { copyStack, linkInit, overrideFor, writeOverride, writeStandIns } from './working-copy';

/** Runs one terraform command in the copy; `phase` names it for progress output. */
export type RunStep = (phase: 'init' | 'validate' | 'plan' | 'show', args: string[]) => Promise<RunResult>;

export interface CopyRequest {
  /** The synthesized stack directory (holds cdk.tf.json). */
  readonly stackDir: string;
  /** Where the copy goes (created). */
  readonly copyDir: string;
  readonly providers: readonly ProviderRequirement[];
  /** Aliases of the stack's `aws` provider blocks (undefined: the default configuration). */
  readonly awsAliases: readonly (string | undefined)[];
  /** Stub credentials and the AWS provider's skip flags, for a plan with no AWS account. */
  readonly offlineAws: boolean;
  /** Values for variables (written as an auto-loaded tfvars file in the copy). @default - none */
  readonly variables?: Readonly<Record<string, Json>>;
  /** Every provider has one configuration at most (running provider processes can then be shared). */
  readonly singleConfigurations?: boolean;
}

export type CopyOutcome =
  | {
      readonly ok: true;
      /** Providers the copy's commands may attach to (see provider-servers.ts); none when a provider has several configurations. */
      readonly attach: readonly ProviderBinary[];
    }
  | { readonly ok: false; readonly reason: string; readonly output: string };

/** Copies the stack, writes the override and the variables, and links the shared init. */
export async function prepareCopy(session: TerraformSession, request: CopyRequest): Promise<CopyOutcome> {
  copyStack(request.stackDir, request.copyDir);
  writeOverride(request.copyDir, overrideFor(request.awsAliases, request.offlineAws));
  if (request.variables) writeStandIns(request.copyDir, request.variables);
  const init = await session.inits.forProviders(request.providers);
  if (!init.ok) return { ok: false, reason: 'terraform init failed', output: tail(init.result.stderr || init.result.stdout) };
  linkInit(request.copyDir, init.dir);
  return { ok: true, attach: request.singleConfigurations ? installedProviders(init.dir) : [] };
}

export interface PlanOutcome {
  readonly ok: boolean;
  /** Diagnostics of the plan (configuration errors and warnings included). */
  readonly diagnostics: readonly StackDiagnostic[];
  /** `terraform show -json` of the saved plan (stand-in values still in it). */
  readonly planText?: string;
  /** Why it failed: the first error, or what terraform said. */
  readonly reason?: string;
  /** Terraform's own words when it failed without JSON diagnostics. */
  readonly output?: string;
}

/** `terraform plan -refresh=false` (against whatever state the copy holds) and `terraform show -json`. */
export async function planInCopy(stack: string, copyDir: string, run: RunStep): Promise<PlanOutcome> {
  const read = copyReader(copyDir);
  const planned = await run('plan', ['plan', '-json', '-refresh=false', '-input=false', '-lock=false', '-out=plan.bin']);
  const diagnostics = jsonLines(planned.stdout)
    .filter((line) => line.type === 'diagnostic' && line.diagnostic)
    .map((line) => describeDiagnostic(stack, line.diagnostic as TerraformDiagnostic, read));
  if (planned.code !== 0) {
    const first = diagnostics.find((d) => d.severity === 'error');
    return {
      ok: false,
      diagnostics,
      reason: first ? `${first.address}: ${first.message}` : 'terraform plan failed',
      ...(first ? {} : { output: tail(planned.stderr || planned.stdout) }),
    };
  }
  const shown = await run('show', ['show', '-json', '-no-color', 'plan.bin']);
  try {
    JSON.parse(shown.stdout);
  } catch {
    return { ok: false, diagnostics, reason: 'terraform show -json gave no JSON', output: tail(shown.stderr || shown.stdout) };
  }
  return { ok: true, diagnostics, planText: shown.stdout };
}

export interface ValidateOutcome {
  readonly ok: boolean;
  readonly diagnostics: readonly StackDiagnostic[];
  readonly reason?: string;
  readonly output?: string;
}

/** `terraform validate -json`: for stacks that cannot be planned offline (they read from AWS). */
export async function validateInCopy(stack: string, copyDir: string, run: RunStep): Promise<ValidateOutcome> {
  const validated = await run('validate', ['validate', '-json', '-no-color']);
  let report: { valid?: boolean; diagnostics?: TerraformDiagnostic[] };
  try {
    report = JSON.parse(validated.stdout) as typeof report;
  } catch {
    return { ok: false, diagnostics: [], reason: 'terraform validate gave no JSON', output: tail(validated.stderr || validated.stdout) };
  }
  const read = copyReader(copyDir);
  const diagnostics = (report.diagnostics ?? []).map((d) => describeDiagnostic(stack, d, read));
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const ok = report.valid === true && errors === 0 && validated.code === 0;
  return ok ? { ok, diagnostics } : { ok, diagnostics, reason: `${errors || 'unknown'} error(s)` };
}

/** Reads files of the copy by the name Terraform reports; nothing outside the copy. */
export function copyReader(copyDir: string): SourceReader {
  return (filename) => {
    const path = normalize(join(copyDir, filename));
    const inside = relative(copyDir, path);
    if (inside.startsWith('..') || isAbsolute(inside)) return undefined;
    try {
      return readFileSync(path);
    } catch {
      return undefined;
    }
  };
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
export function tail(text: string, lines = 25): string {
  return text.trim().split('\n').slice(-lines).join('\n');
}
