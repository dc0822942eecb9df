/**
 * Synthesis as the project's commands run it: validate every environment (printing each problem with
 * file, line and field, writing nothing on error), print warnings, write cdktf.out, and remove stack
 * directories whose environment file is gone, so no later step (gate, validate, deploy) reads a stale stack.
 */
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, describeConfigError } from '../config/errors';
import { buildApp, type BuiltApp } from '../main';
import { formatSummary, summarizeStack } from './stack-summary';

export type SynthesisResult = { readonly ok: true; readonly built: BuiltApp } | { readonly ok: false; readonly exitCode: 1 };

export function synthesizeApp(root: string, outdir: string): SynthesisResult {
  let built: BuiltApp;
  try {
    built = buildApp({ environmentsDir: join(root, 'environments'), outdir });
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(describeConfigError(error));
      return { ok: false, exitCode: 1 };
    }
    throw error;
  }
  for (const env of built.environments) for (const warning of env.warnings) console.warn(`warning: ${warning}`);
  built.app.synth();
  const current = [...built.stacks, ...built.imageStacks].map((stack) => stack.node.id);
  removeStaleStacks(outdir, current);
  return { ok: true, built };
}

function removeStaleStacks(outdir: string, current: readonly string[]): void {
  const stacksDir = join(outdir, 'stacks');
  if (!existsSync(stacksDir)) return;
  for (const entry of readdirSync(stacksDir)) {
    if (!current.includes(entry)) rmSync(join(stacksDir, entry), { recursive: true, force: true });
  }
}

/**
 * What `npm run synth` does, and what plan, deploy and destroy do before they call the cdktf CLI:
 * synthesize (as synthesizeApp), print a summary per stack, then run the policy gate over the source and
 * the fresh output and print its report. Returns the exit code: 0 pass, 1 a configuration or policy error,
 * 2 the gate could not run.
 */
export async function synthesizeAndGate(root: string, outdir: string): Promise<number> {
  // The source layer (ts-morph) loads and parses in a worker thread while this thread synthesizes.
  const gate = await import('../policies/gate');
  const prepared = gate.startSourceAnalysis({ root });
  const synthesis = synthesizeApp(root, outdir);
  if (!synthesis.ok) return synthesis.exitCode;
  for (const stack of synthesis.built.stacks) console.log(formatSummary(summarizeStack(stack.env, stack)));
  const result = await gate.runGate({ root, synthDir: outdir, prepared });
  const report = gate.renderReport(result, 'text', { root });
  if (report.trim()) console.log(report);
  return result.exitCode;
}
