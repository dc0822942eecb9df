/**
 * Terraform state must outlive the synthesized output. Local state lives in the project root
 * (`terraform.<stack>.tfstate`); earlier versions of this project kept it in
 * `cdktf.out/stacks/<stack>/terraform.<stack>.tfstate`, where synth, a removed environment file or
 * `rm -rf cdktf.out` deleted it. This module finds state files in an output folder, and moves state
 * from the old place to the new one when the new place is free: never overwriting, never deleting.
 */
import { copyFileSync, constants, existsSync, fsyncSync, lstatSync, openSync, closeSync, readdirSync, readFileSync, renameSync, unlinkSync } from 'node:fs';
import { join, relative } from 'node:path';
import { localStatePath } from '../constructs/stack-backend';
import { describeFsError, SynthesisError } from './errors';

/** State and its backup; `.terraform/terraform.tfstate` is the backend's settings cache, not state. */
const STATE_FILE = /\.tfstate(\.backup)?$/;
/** Where the local backend keeps the state of workspaces other than `default`, beside the stack. */
export const WORKSPACES_DIR = 'terraform.tfstate.d';
/** Terraform's lock beside a local state file while a command runs on it. */
const LOCK_INFO = '.terraform.tfstate.lock.info';

/** Every state file under `dir` (links not followed, `.terraform/` skipped), relative to `dir`. */
export function findStateFiles(dir: string, depth = 8): string[] {
  const found: string[] = [];
  const walk = (current: string, level: number) => {
    let entries;
    try {
      entries = readdirSync(current, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const path = join(current, entry.name);
      if (entry.isDirectory() && entry.name !== '.terraform' && level < depth) walk(path, level + 1);
      else if (entry.isFile() && STATE_FILE.test(entry.name)) found.push(relative(dir, path));
    }
  };
  walk(dir, 0);
  return found.sort();
}

export interface StateMove {
  readonly from: string;
  readonly to: string;
}

/**
 * Plans moving state from the old place to the project root, for every stack folder of `outdir`.
 * Throws (exit 1, nothing changed) when a stack has state in both places, or Terraform holds the old one.
 */
export function planLegacyStateMoves(outdir: string, stateDir: string): StateMove[] {
  const stacksDir = join(outdir, 'stacks');
  if (!existsSync(stacksDir)) return [];
  const moves: StateMove[] = [];
  const problems: string[] = [];
  for (const entry of readdirSync(stacksDir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const stack = entry.name;
    const stackDir = join(stacksDir, stack);
    for (const suffix of ['', '.backup']) {
      const from = join(stackDir, `terraform.${stack}.tfstate${suffix}`);
      if (!isFile(from)) continue;
      const to = `${localStatePath(stateDir, stack)}${suffix}`;
      if (exists(join(stackDir, LOCK_INFO))) {
        problems.push(`${shown(from)} is locked by a running terraform (${shown(join(stackDir, LOCK_INFO))}); let it finish, then synth again`);
      } else if (exists(to)) {
        problems.push(
          `local state of stack ${stack} exists twice: ${shown(from)} (${describeState(from)}), where earlier versions kept it, and ${shown(to)} (${describeState(to)}), where it lives now; keep the right one at ${shown(to)} (compare serial and lineage, or terraform show each) and delete the other`,
        );
      } else {
        moves.push({ from, to });
      }
    }
  }
  if (problems.length > 0) throw new SynthesisError(`${problems.join('\n')}\nNothing was changed.`, 1);
  return moves;
}

/** Moves each file (rename, or copy + sync + unlink across file systems); returns one note per move. */
export function applyStateMoves(moves: readonly StateMove[]): string[] {
  const notes: string[] = [];
  for (const { from, to } of moves) {
    try {
      moveFile(from, to);
    } catch (error) {
      throw new SynthesisError(`could not move ${shown(from)} to ${shown(to)}: ${describeFsError(error)}; move it by hand, then synth again`, 2);
    }
    notes.push(`moved local state ${shown(from)} → ${shown(to)} (state now lives in the project root, outside the disposable cdktf.out)`);
  }
  return notes;
}

/**
 * State files in `outdir` that no stack of the new output will take over (a stack whose environment
 * file is gone, or files outside any stack folder): replacing the output would delete them, so the
 * synth stops instead (exit 1, nothing changed).
 */
export function checkNoStrandedState(outdir: string, stacks: readonly string[], moving: readonly StateMove[]): void {
  if (!existsSync(outdir)) return;
  const moved = new Set(moving.map((move) => move.from));
  const stranded = findStateFiles(outdir).filter((file) => {
    const absolute = join(outdir, file);
    if (moved.has(absolute)) return false;
    // Carried into the new output: state files directly in a current stack's folder, and its workspaces.
    const parts = file.split(/[\\/]/);
    const inCurrentStack = parts[0] === 'stacks' && stacks.includes(parts[1]);
    return !(inCurrentStack && (parts.length === 3 || parts[2] === WORKSPACES_DIR));
  });
  if (stranded.length === 0) return;
  const list = stranded.map((file) => shown(join(outdir, file))).join(', ');
  throw new SynthesisError(
    `${list}: Terraform state of a stack that this synth no longer produces (its environment file is gone or renamed); replacing ${shown(outdir)} would delete it. Move it out first (e.g. to the project root as terraform.<stack>.tfstate), or restore the environment file and destroy the stack. Nothing was changed.`,
    1,
  );
}

function moveFile(from: string, to: string): void {
  try {
    renameSync(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
    copyFileSync(from, to, constants.COPYFILE_EXCL);
    const fd = openSync(to, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    unlinkSync(from);
  }
}

/** "serial 12, 40 resources" for a message; what can be read of a state file. */
function describeState(path: string): string {
  try {
    const state = JSON.parse(readFileSync(path, 'utf8')) as { serial?: number; resources?: unknown[] };
    return `serial ${state.serial ?? '?'}, ${state.resources?.length ?? 0} resources`;
  } catch {
    return 'not readable as state JSON';
  }
}

function isFile(path: string): boolean {
  try {
    return lstatSync(path).isFile();
  } catch {
    return false;
  }
}

function exists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

function shown(path: string): string {
  return relative(process.cwd(), path) || path;
}
