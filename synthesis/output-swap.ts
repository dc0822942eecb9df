/**
 * Atomic output: synthesis writes into a temporary sibling folder (`cdktf.out.tmp-…`), then swaps it
 * in with two renames (`cdktf.out` → `cdktf.out.previous-<pid>`, the new folder → `cdktf.out`), so a
 * reader sees either the whole old output or the whole new one. After the swap, what Terraform keeps
 * in a stack's folder (`.terraform/` with its providers, the lock file, state files, workspaces) moves
 * from the previous output into the new one; the previous output is deleted only when no state is
 * left in it. A run killed between the two renames is repaired by the next one (`recoverOutput`).
 */
import { accessSync, constants, existsSync, lstatSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, unlinkSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { describeFsError, SynthesisError } from './errors';
import { findStateFiles, WORKSPACES_DIR } from './state-files';

const TEMP_MARK = '.tmp-';
const PREVIOUS_MARK = '.previous-';
/** What terraform keeps in a stack's folder between runs. */
const CARRIED = new Set(['.terraform', '.terraform.lock.hcl', WORKSPACES_DIR]);
const STATE_FILE = /\.tfstate(\.backup)?$/;

/** Sibling folders `<outdir><mark>*` (temporary or previous outputs). */
function siblings(outdir: string, mark: string): string[] {
  const parent = dirname(outdir);
  const prefix = `${basename(outdir)}${mark}`;
  try {
    return readdirSync(parent)
      .filter((name) => name.startsWith(prefix))
      .map((name) => join(parent, name))
      .sort();
  } catch {
    return [];
  }
}

/**
 * Repairs what an interrupted run left (call it holding the lock, so no other run is writing): a
 * previous output without a current one is put back; a previous output beside a current one gives its
 * terraform files to it; temporary folders (which never hold state) are removed.
 */
export function recoverOutput(outdir: string): string[] {
  const notes: string[] = [];
  for (const previous of siblings(outdir, PREVIOUS_MARK)) {
    if (!existsSync(outdir)) {
      renameOrFail(previous, outdir);
      notes.push(`restored ${shown(outdir)} from ${shown(previous)}, left by an interrupted synth`);
      continue;
    }
    notes.push(...carryTerraformFiles(previous, outdir));
    removeIfStateless(previous, notes);
  }
  for (const temporary of siblings(outdir, TEMP_MARK)) {
    if (findStateFiles(temporary).length > 0) {
      throw new SynthesisError(`${shown(temporary)}, left by an interrupted synth, holds Terraform state; move the state out, delete the folder, then synth again`, 1);
    }
    rmSync(temporary, { recursive: true, force: true });
  }
  return notes;
}

/** Fails (exit 2) when the output folder, or a folder inside it, cannot be replaced by this user. */
export function checkReplaceable(outdir: string): void {
  if (!existsSync(outdir)) return;
  const check = (path: string) => {
    try {
      accessSync(path, constants.W_OK);
    } catch (error) {
      throw new SynthesisError(`${shown(path)} is not writable (${describeFsError(error)}); synthesis replaces it: make it writable (chmod -R u+w ${shown(outdir)}) or delete it. Nothing was changed.`, 2);
    }
  };
  check(dirname(outdir));
  check(outdir);
  const stacks = join(outdir, 'stacks');
  if (!existsSync(stacks)) return;
  check(stacks);
  for (const entry of readdirSync(stacks, { withFileTypes: true })) if (entry.isDirectory()) check(join(stacks, entry.name));
}

/** An empty temporary folder beside `outdir` (same file system, so the swap is a rename). */
export function createTemporaryOutput(outdir: string): string {
  try {
    return mkdtempSync(`${outdir}${TEMP_MARK}`);
  } catch (error) {
    throw new SynthesisError(`cannot create a folder beside ${shown(outdir)} to write into: ${describeFsError(error)}. Nothing was changed.`, 2);
  }
}

export function discardTemporaryOutput(temporary: string): void {
  rmSync(temporary, { recursive: true, force: true });
}

export interface CommitOptions {
  /**
   * Keep stack folders of the old output that the new one lacks (they hold no state: that was checked
   * before). The cdktf CLI removes such folders itself after running the app, and fails when they are
   * already gone. @default false
   */
  readonly keepStaleStacks?: boolean;
}

/** Swaps `temporary` in as `outdir`; returns notes (carried state, a previous output kept for its state). */
export function commitOutput(outdir: string, temporary: string, options: CommitOptions = {}): string[] {
  if (!existsSync(outdir)) {
    renameOrFail(temporary, outdir);
    return [];
  }
  const previous = `${outdir}${PREVIOUS_MARK}${process.pid}`;
  renameOrFail(outdir, previous);
  try {
    renameSync(temporary, outdir);
  } catch (error) {
    renameSync(previous, outdir);
    throw new SynthesisError(`could not move the new output into place: ${describeFsError(error)}; ${shown(outdir)} is unchanged`, 2);
  }
  const notes = carryTerraformFiles(previous, outdir);
  if (options.keepStaleStacks) {
    for (const stack of stackNames(previous)) {
      const target = join(outdir, 'stacks', stack);
      if (!existsSync(target)) renameOrFail(join(previous, 'stacks', stack), target);
    }
  }
  removeIfStateless(previous, notes);
  return notes;
}

/** Moves terraform's files of each stack from `from` into the same stack of `to` (where absent there). */
function carryTerraformFiles(from: string, to: string): string[] {
  const notes: string[] = [];
  for (const stack of stackNames(from)) {
    const source = join(from, 'stacks', stack);
    const target = join(to, 'stacks', stack);
    if (!existsSync(target)) continue;
    for (const name of readdirSync(source)) {
      if (!CARRIED.has(name) && !STATE_FILE.test(name)) continue;
      const destination = join(target, name);
      if (existsSync(destination)) continue;
      renameOrFail(join(source, name), destination);
      if (STATE_FILE.test(name)) {
        notes.push(`${shown(destination)} is Terraform state inside ${shown(to)}, which synthesis replaces: it was kept, but move it out (this stack's local state lives in the project root)`);
      }
      if (name === '.terraform') forgetMovedLocalBackend(target);
    }
  }
  return notes;
}

/**
 * `.terraform/terraform.tfstate` remembers the backend the folder was initialised with. When the local
 * state path changed (older versions used a path inside cdktf.out), terraform init would stop and ask
 * to migrate from a file that was already moved; forgetting the old setting lets it start afresh.
 */
function forgetMovedLocalBackend(stackDir: string): void {
  const cache = join(stackDir, '.terraform', 'terraform.tfstate');
  try {
    const remembered = JSON.parse(readFileSync(cache, 'utf8')) as { backend?: { type?: string; config?: { path?: string } } };
    const synthesized = JSON.parse(readFileSync(join(stackDir, 'cdk.tf.json'), 'utf8')) as { terraform?: { backend?: { local?: { path?: string } } } };
    const now = synthesized.terraform?.backend?.local?.path;
    if (remembered.backend?.type === 'local' && now !== undefined && remembered.backend.config?.path !== now) unlinkSync(cache);
  } catch {
    // No cache, or not the local backend: terraform init handles it as before.
  }
}

function removeIfStateless(previous: string, notes: string[]): void {
  const remaining = findStateFiles(previous);
  if (remaining.length > 0) {
    notes.push(`${shown(previous)} was kept because it still holds Terraform state (${remaining.join(', ')}); move that state out, then delete the folder`);
    return;
  }
  rmSync(previous, { recursive: true, force: true });
}

function stackNames(outdir: string): string[] {
  const stacks = join(outdir, 'stacks');
  try {
    return readdirSync(stacks).filter((name) => lstatSync(join(stacks, name)).isDirectory());
  } catch {
    return [];
  }
}

function renameOrFail(from: string, to: string): void {
  try {
    renameSync(from, to);
  } catch (error) {
    throw new SynthesisError(`could not rename ${shown(from)} to ${shown(to)}: ${describeFsError(error)}`, 2);
  }
}

function shown(path: string): string {
  return relative(process.cwd(), path) || path;
}
