/**
 * Synthesis as every command that writes cdktf.out runs it (npm run synth|validate|plan|deploy|destroy, the
 * cdktf CLI through cdktf.json, main.ts):
 *
 * 1. take the output lock (`cdktf.out.lock`): a second synth waits instead of reading or replacing a
 *    half-written output; repair what an interrupted run left;
 * 2. validate every environment file (each problem with file, line and field; nothing written on error);
 * 3. keep Terraform state safe: move state from where earlier versions kept it (inside cdktf.out) to
 *    the project root, and stop if replacing the output would delete any state;
 * 4. write the stacks into a temporary folder beside cdktf.out and swap it in, carrying each stack's
 *    `.terraform/` over; stacks whose environment file is gone disappear with the old output.
 *
 * Ctrl-C exits 130 with the previous output whole; I/O failures are one line and exit 2.
 */
import { join, relative } from 'node:path';
import { ConfigError, describeConfigError } from '../config/errors';
import { buildApp, type BuiltApp } from '../main';
import { describeFsError, SynthesisError } from '../synthesis/errors';
import { exitCodeForSignal, Interrupted, trapInterrupts, yieldToEvents } from '../synthesis/interrupts';
import { acquireOutputLock, type OutputLock } from '../synthesis/output-lock';
import { checkReplaceable, commitOutput, createTemporaryOutput, discardTemporaryOutput, recoverOutput } from '../synthesis/output-swap';
import { applyStateMoves, checkNoStrandedState, planLegacyStateMoves } from '../synthesis/state-files';
import { formatSummary, summarizeStack } from './stack-summary';

export interface SynthesisOptions {
  /** @default <root>/environments */
  readonly environmentsDir?: string;
  /** Where local state lives. @default root */
  readonly stateDir?: string;
  /** Keep the lock after a successful synthesis (released by the result's `release`), e.g. while the gate reads the output. @default false */
  readonly holdLock?: boolean;
  /** Leave stack folders without a stack in place for the cdktf CLI, which removes them itself. @default false */
  readonly keepStaleStacks?: boolean;
  /** How long to wait for another synth. @default 600000 */
  readonly lockTimeoutMs?: number;
  /** Also build the image stacks. @default true */
  readonly imageStacks?: boolean;
}

export type SynthesisResult =
  | { readonly ok: true; readonly built: BuiltApp; readonly release: () => void }
  | { readonly ok: false; readonly exitCode: number };

export async function synthesizeApp(root: string, outdir: string, options: SynthesisOptions = {}): Promise<SynthesisResult> {
  const trap = trapInterrupts();
  let lock: OutputLock | undefined;
  let temporary: string | undefined;
  try {
    lock = await acquireOutputLock(outdir, {
      timeoutMs: options.lockTimeoutMs,
      interrupted: trap.signalled,
      onWait: (holder, path) =>
        console.error(`waiting for another synth to finish writing ${shown(outdir)} (${holder ? `pid ${holder.pid}, since ${holder.started}` : path})…`),
      onStale: (holder, path) => console.error(`note: took over ${path}, left by pid ${holder.pid}, which is no longer running`),
    });
    for (const note of recoverOutput(outdir)) console.error(`note: ${note}`);

    temporary = createTemporaryOutput(outdir);
    let built: BuiltApp;
    try {
      built = buildApp({ environmentsDir: options.environmentsDir ?? join(root, 'environments'), outdir: temporary, stateDir: options.stateDir ?? root, imageStacks: options.imageStacks });
    } catch (error) {
      if (error instanceof ConfigError) {
        console.error(describeConfigError(error));
        return fail(1);
      }
      throw error;
    }
    for (const env of built.environments) for (const warning of env.warnings) console.warn(`warning: ${warning}`);

    const stacks = [...built.stacks, ...built.imageStacks].map((stack) => stack.node.id);
    const moves = planLegacyStateMoves(outdir, options.stateDir ?? root);
    // Also with keepStaleStacks: the cdktf CLI deletes the folders it keeps, state and all.
    checkNoStrandedState(outdir, stacks, moves);
    checkReplaceable(outdir);
    trap.check();
    for (const note of applyStateMoves(moves)) console.error(`note: ${note}`);

    try {
      built.app.synth();
    } catch (error) {
      if (!isFsError(error)) throw error;
      throw new SynthesisError(`could not write the synthesized stacks: ${describeFsError(error)}; ${shown(outdir)} is unchanged`, 2);
    }
    // Synthesis is synchronous: a Ctrl-C pressed meanwhile is seen only now, before the swap.
    await yieldToEvents();
    trap.check();
    for (const note of commitOutput(outdir, temporary, { keepStaleStacks: options.keepStaleStacks })) console.error(`warning: ${note}`);
    temporary = undefined;

    const held = lock;
    lock = undefined;
    if (!options.holdLock) held.release();
    return { ok: true, built, release: held.release };
  } catch (error) {
    if (error instanceof Interrupted) {
      console.error(`interrupted (${error.signal}); ${shown(outdir)} is unchanged`);
      return fail(exitCodeForSignal(error.signal));
    }
    if (error instanceof SynthesisError) {
      console.error(`error: ${error.message}`);
      return fail(error.exitCode);
    }
    throw error;
  } finally {
    if (temporary) discardTemporaryOutput(temporary);
    lock?.release();
    trap.dispose();
  }

  function fail(exitCode: number): SynthesisResult {
    return { ok: false, exitCode };
  }
}

function isFsError(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' && /^E[A-Z]+$/.test(code);
}

function shown(path: string): string {
  return relative(process.cwd(), path) || path;
}

/** Whether the cdktf CLI started this process (it sets these for the app it runs). */
export function runByCdktfCli(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.CDKTF_OUTDIR !== undefined && env.CDKTF_CONTEXT_JSON !== undefined;
}

/**
 * What `npm run synth` does, what the cdktf CLI runs (cdktf.json), and what plan, deploy and destroy do
 * before they call the cdktf CLI: synthesize (as synthesizeApp), print a summary per stack, then run the
 * policy gate over the source and the fresh output and print its report, holding the output lock until
 * the gate is done so no other synth replaces what it reads. Returns the exit code: 0 pass, 1 a
 * configuration or policy error (or state in the way), 2 the output could not be written or the gate
 * could not run, 130 Ctrl-C.
 */
export async function synthesizeAndGate(root: string, outdir: string): Promise<number> {
  // The source layer (ts-morph) loads and parses in a worker thread while this thread synthesizes.
  const gate = await import('../policies/gate');
  const prepared = gate.startSourceAnalysis({ root });
  const synthesis = await synthesizeApp(root, outdir, { holdLock: true, keepStaleStacks: runByCdktfCli() });
  if (!synthesis.ok) return synthesis.exitCode;
  const { built, release } = synthesis;
  const onSignal = (signal: NodeJS.Signals) => {
    release();
    process.exit(exitCodeForSignal(signal));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    for (const stack of built.stacks) console.log(formatSummary(summarizeStack(stack.env, stack)));
    const result = await gate.runGate({ root, synthDir: outdir, prepared });
    const report = gate.renderReport(result, 'text', { root });
    if (report.trim()) console.log(report);
    return result.exitCode;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    release();
  }
}
