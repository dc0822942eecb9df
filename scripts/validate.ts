/**
 * `npm run validate`: synthesize every environment, then check each stack with real Terraform in a
 * throwaway copy (providers from the filesystem mirror when there is one; one `terraform init` per run,
 * shared by the copies): for stacks that read nothing from AWS an offline `terraform plan` (which
 * validates the configuration) saved as cdktf.out/stacks/<env>/plan.json for the policy gate, for the
 * others `terraform validate`. Passing results are cached by content, so an unchanged stack is not
 * checked again. With `--changes`, each web stack is planned against the state its baseline synth
 * (the merge base with main, another commit, or a saved synth output) would have left, and the report
 * lists what an apply would create, update, delete and replace. Stacks run in parallel, up to one
 * terraform process per core. Exit 0: every check passed (skips allowed); 1: a configuration error or a
 * failed check; 2: the checks could not run (terraform missing, bad option, unusable mirror, no baseline).
 */
import { rmSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { checkCache, checkStackCached } from '../terraform-runner/check-cache';
import { baselineFromCommit, baselineFromDirectory, BaselineError, resolveBaseCommit, type Baseline } from '../terraform-runner/baseline';
import { checkStackChanges, type ChangeResult } from '../terraform-runner/change-plans';
import { formatChangeCounts, formatChangeLines } from '../terraform-runner/change-summary';
import { formatDiagnostic } from '../terraform-runner/diagnostics';
import { synthesizedStacks } from '../terraform-runner/manifest';
import { runPool } from '../terraform-runner/pool';
import { createProgress, wantsLive, type Phase } from '../terraform-runner/progress';
import { stopRunning, TerraformMissing } from '../terraform-runner/run-terraform';
import { describeSession, openSession, type TerraformSession } from '../terraform-runner/session';
import { resultTable } from '../terraform-runner/table';
import { synthesizeApp } from './synthesize-app';

const USAGE = `usage: npm run validate -- [--stack <name>]… [--no-plan] [--changes [--base <git ref> | --base-dir <dir>]] [--no-cache] [--keep]
  --stack <name>    check only this stack (repeatable); default: every stack of the synth (cdktf.out/manifest.json)
  --no-plan         terraform validate only, no offline plan
  --changes         plan each stack against the state its baseline synth would have left (instead of from nothing)
                    and report what an apply would create, update, delete and replace
  --base <git ref>  the baseline commit for --changes; default: the merge base with main
  --base-dir <dir>  the baseline for --changes: a saved synth output (a copy of cdktf.out)
  --no-cache        check every stack, even those whose result is cached (node_modules/.cache/ecs-web-stack)
  --keep            keep the working copies (init'ed directories, stand-in values, plan.bin) and print where
environment: TERRAFORM_BINARY (terraform to use), TF_PLUGIN_MIRROR (provider mirror; default /opt/tf-plugins when present), CI (plain output)`;

interface Options {
  readonly stacks: string[];
  readonly plan: boolean;
  readonly keep: boolean;
  readonly cache: boolean;
  /** Change plans against a baseline: a commit (`ref`, undefined = merge base with main) or a saved synth. */
  readonly changes?: { readonly ref?: string; readonly dir?: string };
}

class UsageError extends Error {}

function parseOptions(argv: readonly string[]): Options | 'help' {
  const stacks: string[] = [];
  let plan = true;
  let keep = false;
  let cache = true;
  let changes = false;
  let ref: string | undefined;
  let dir: string | undefined;
  const value = (name: string, index: number): string => {
    const given = argv[index];
    if (!given || given.startsWith('--')) throw new UsageError(`${name} needs a value`);
    return given;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') return 'help';
    else if (arg === '--changes') changes = true;
    else if (arg === '--base') ref = value(arg, ++i);
    else if (arg === '--base-dir') dir = value(arg, ++i);
    else if (arg === '--no-plan') plan = false;
    else if (arg === '--keep') keep = true;
    else if (arg === '--no-cache') cache = false;
    else if (arg === '--stack') {
      const name = argv[++i];
      if (!name || name.startsWith('--')) throw new UsageError('--stack needs a stack name');
      stacks.push(name);
    } else if (arg.startsWith('--stack=')) stacks.push(arg.slice('--stack='.length));
    else throw new UsageError(`unknown option ${arg}`);
  }
  if ((ref !== undefined || dir !== undefined) && !changes) throw new UsageError('--base and --base-dir go with --changes');
  if (ref !== undefined && dir !== undefined) throw new UsageError('give --base or --base-dir, not both');
  if (changes && !plan) throw new UsageError('--changes plans; it cannot go with --no-plan');
  return { stacks, plan, keep, cache, ...(changes ? { changes: { ...(ref ? { ref } : {}), ...(dir ? { dir } : {}) } } : {}) };
}

async function run(argv: readonly string[]): Promise<number> {
  const started = Date.now();
  const root = resolve(__dirname, '..');
  let options: Options | 'help';
  try {
    options = parseOptions(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`error: ${error.message}\n${USAGE}`);
    return 2;
  }
  if (options === 'help') {
    console.log(USAGE);
    return 0;
  }

  let session: TerraformSession;
  try {
    session = await openSession({ keep: options.keep });
  } catch (error) {
    if (!(error instanceof TerraformMissing) && !/TF_PLUGIN_MIRROR/.test((error as Error).message)) throw error;
    console.error(`error: ${(error as Error).message}`);
    return 2;
  }

  // Synthesize in-process (the policy gate of `npm run synth` is not this command's business). The
  // output lock stays held until the end: terraform reads the stacks and the plans are written beside
  // them, so another synth must not swap cdktf.out meanwhile (it waits for this run instead).
  const outdir = join(root, 'cdktf.out');
  const synthesis = await synthesizeApp(root, outdir, { holdLock: true });
  if (!synthesis.ok) {
    session.close();
    return synthesis.exitCode;
  }
  try {
    return await checkSynthesized(root, outdir, options, session, started);
  } finally {
    synthesis.release();
  }
}

/** Checks the stacks just synthesized into `outdir` (under its lock); closes the session. */
async function checkSynthesized(root: string, outdir: string, options: Options, session: TerraformSession, started: number): Promise<number> {
  const stacks = synthesizedStacks(outdir);
  const names = stacks.map((stack) => stack.name);

  const unknown = options.stacks.filter((name) => !names.includes(name));
  if (unknown.length > 0) {
    session.close();
    console.error(`error: no stack named ${unknown.join(', ')}; stacks: ${names.join(', ')}`);
    return 2;
  }
  const selected = options.stacks.length > 0 ? names.filter((name) => options.stacks.includes(name)) : names;
  // Every stack was just synthesized again: a plan.json of a stack not checked now may no longer match it.
  for (const stack of stacks.filter((st) => !selected.includes(st.name))) rmSync(join(stack.dir, 'plan.json'), { force: true });
  const targets = stacks.filter((stack) => selected.includes(stack.name));
  console.log(describeSession(session));
  let baseline: Baseline | undefined;
  if (options.changes) {
    try {
      if (options.changes.dir) baseline = baselineFromDirectory(options.changes.dir);
      else {
        const base = resolveBaseCommit(root, options.changes.ref);
        console.log(`baseline: ${base.description}, synthesizing…`);
        baseline = await baselineFromCommit(root, base.commit, base.description);
      }
    } catch (error) {
      session.close();
      if (!(error instanceof BaselineError)) throw error;
      console.error(`error: ${error.message}`);
      return 2;
    }
    console.log(`changes against ${baseline.description}`);
  }

  // Ctrl-C: terraform stops gracefully (it gets SIGINT), the run ends as usual (temp copies removed) and
  // exits 130. A second Ctrl-C exits at once.
  let interrupted: NodeJS.Signals | undefined;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (interrupted) {
      session.close();
      process.exit(130);
    }
    interrupted = signal;
    stopRunning('SIGINT');
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  const progress = createProgress(selected, { stream: process.stdout, live: wantsLive(process.stdout, process.env) });
  const cache = options.cache ? checkCache() : undefined;
  let results: ChangeResult[];
  try {
    // Every stack starts at once; the session caps terraform processes (each loads the AWS provider,
    // one core's worth of work), so a stack's next step takes whichever core another stack just freed.
    results = await runPool(targets, targets.length, async (target) => {
      const onPhase = (phase: Phase): void => progress.phase(target.name, phase);
      const result: ChangeResult = baseline
        ? await checkStackChanges(target, { session, baseline, keep: options.keep, onPhase, ...(cache ? { cache } : {}) })
        : await checkStackCached(target, { session, plan: options.plan, keep: options.keep, onPhase }, cache);
      const failed = result.validate.status === 'failed' || result.plan.status === 'failed';
      progress.finish(target.name, outcome(result), !failed);
      return result;
    });
  } finally {
    progress.close();
    session.close();
  }

  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
  if (interrupted) {
    console.error(`\ninterrupted (${interrupted}); no result`);
    return interrupted === 'SIGINT' ? 130 : 143;
  }

  console.log('');
  for (const result of results) {
    for (const diagnostic of result.diagnostics) console.log(formatDiagnostic(diagnostic));
    if (result.output) console.log(`${result.stack}  terraform said:\n${indent(result.output)}`);
  }
  console.log(resultTable(results));
  if (baseline) printChanges(results, baseline);

  const failed = results.filter((r) => r.validate.status === 'failed' || r.plan.status === 'failed');
  const skipped = results.filter((r) => r.validate.status === 'skipped' || r.plan.status === 'skipped');
  const cached = results.filter((r) => r.cached).length;
  const plans = results.filter((r) => r.plan.file).map((r) => relative(root, r.plan.file as string));
  console.log('');
  if (plans.length > 0) console.log(`plans saved for the policy gate: ${plans.join(', ')}`);
  if (options.keep) console.log(`working copies kept in ${session.workRoot} (cli.tfrc, inits/, copies/ with one directory per stack)`);
  console.log(
    `${results.length} stack(s): ${failed.length} failed, ${skipped.length} with a skipped step${cached ? `, ${cached} unchanged (result from the cache)` : ''} · ${((Date.now() - started) / 1000).toFixed(1)}s`,
  );
  return failed.length > 0 ? 1 : 0;
}

/** What an apply would do per stack: deletes and replacements first, each with its cause. */
function printChanges(results: readonly ChangeResult[], baseline: Baseline): void {
  console.log(`\nWhat an apply would change, against ${baseline.description} (+create ~update -delete ±replace):`);
  for (const result of results) {
    if (!result.changes) continue;
    const compared = result.comparedWith === 'nothing (new stack)' ? ' (new stack: not in the baseline, planned from nothing)' : '';
    console.log(`${result.stack}  ${formatChangeCounts(result.changes)}${compared}`);
    if (result.comparedWith === 'baseline') for (const line of formatChangeLines(result.stack, result.changes)) console.log(`  ${line}`);
  }
}

function outcome(result: ChangeResult): string {
  if (result.changes && result.validate.status === 'ok' && result.plan.status === 'ok') {
    return `changes ${formatChangeCounts(result.changes)}${result.comparedWith === 'nothing (new stack)' ? ' (new stack)' : ''}${result.cached ? ' (cached)' : ''}`;
  }
  const validate = result.validate.status === 'ok' ? 'validate ok' : `validate ${result.validate.status}`;
  if (result.validate.status === 'skipped') return `skipped: ${result.validate.reason ?? ''}`;
  const plan =
    result.plan.status === 'ok' && result.plan.summary
      ? `plan +${result.plan.summary.add} ~${result.plan.summary.change} -${result.plan.summary.destroy}`
      : `plan ${result.plan.status}${result.plan.reason ? ` (${result.plan.reason})` : ''}`;
  return `${validate} · ${plan}${result.cached ? ' (cached)' : ''}`;
}

function indent(text: string): string {
  return text.replace(/^/gm, '    ');
}

/** A stack the app no longer builds must not linger in cdktf.out (with a stale plan) for the gate or a deploy. */
run(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exitCode = 2;
  },
);
