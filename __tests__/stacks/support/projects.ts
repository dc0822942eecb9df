/**
 * Throwaway projects for synthesis tests: a root with environments/, its output and its local state,
 * a fingerprint of a folder (to prove an output stayed whole), and the child process that synthesizes
 * a project for real (to interrupt, kill, limit or run as another user).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { stringify } from 'yaml';
import { baseEnvironment, merge } from '../../helpers/environments';
import { REPO_ROOT } from '../../helpers/synth';
import { tempDir } from '../../helpers/temp';

/** A project root (removed after the test file) whose environments/<name>.yaml are the base environment with `patches` applied, each with its own domain. */
export function makeProject(patches: Record<string, Record<string, unknown>>): string {
  const root = tempDir('project');
  mkdirSync(join(root, 'environments'));
  for (const [name, patch] of Object.entries(patches)) writeEnvironmentFile(root, name, patch);
  return root;
}

export function writeEnvironmentFile(root: string, name: string, patch: Record<string, unknown> = {}): void {
  const content = merge(merge(baseEnvironment(), { domain: `${name}.example.com` }), patch);
  writeFileSync(join(root, 'environments', `${name}.yaml`), stringify(content));
}

/**
 * Lets another user reach `path`: adds search permission for others to each folder above it that lacks
 * it (the test run's private temporary folder is 0700). Returns the function that takes it back.
 */
export function allowTraverse(path: string): () => void {
  const changed: Array<[string, number]> = [];
  for (let dir = dirname(path); dir !== dirname(dir); dir = dirname(dir)) {
    const mode = statSync(dir).mode & 0o7777;
    if ((mode & 0o001) === 0) {
      chmodSync(dir, mode | 0o001);
      changed.push([dir, mode]);
    }
  }
  return () => {
    for (const [dir, mode] of changed) chmodSync(dir, mode);
  };
}

/** Makes a tree traversable by anyone (for a child running as another user) or restores it. */
export function chmodTree(dir: string, mode: number): void {
  try {
    chmodSync(dir, mode);
    for (const entry of readdirSync(dir, { withFileTypes: true })) if (entry.isDirectory()) chmodTree(join(dir, entry.name), mode);
  } catch {
    // Already gone.
  }
}

/** Path → sha256 of every file (and link target) under `dir`: equal fingerprints, equal trees. */
export function fingerprint(dir: string): Record<string, string> {
  const result: Record<string, string> = {};
  const walk = (current: string, prefix: string) => {
    for (const entry of readdirSync(current, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(current, entry.name);
      const key = prefix ? `${prefix}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(path, key);
      else if (entry.isSymbolicLink()) result[key] = `-> ${readlinkSync(path)}`;
      else result[key] = createHash('sha256').update(readFileSync(path)).digest('hex');
    }
  };
  walk(dir, '');
  return result;
}

/** Entries of the project root besides environments/ and cdktf.out (temporary folders, previous outputs, locks). */
export function leftovers(root: string): string[] {
  return readdirSync(root).filter((name) => name.startsWith('cdktf.out.'));
}

export function exists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

export interface ChildOptions {
  /** Run as this user and group (needs root). */
  readonly uid?: number;
  /** Limit the size of files the child writes (RLIMIT_FSIZE), in bytes. */
  readonly maxFileBytes?: number;
  readonly args?: readonly string[];
}

/** Starts `support/synthesize-project.ts` for `root` with the project's transpile-only loader. */
export function startSynthesis(root: string, options: ChildOptions = {}): ChildProcess {
  const script = ['-r', join(REPO_ROOT, 'scripts', 'register.js'), join(__dirname, 'synthesize-project.ts'), root, ...(options.args ?? [])];
  const [command, args] = options.maxFileBytes ? ['prlimit', [`--fsize=${options.maxFileBytes}`, process.execPath, ...script]] : [process.execPath, script];
  return spawn(command, args, {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(options.uid !== undefined ? { uid: options.uid, gid: options.uid, env: { ...process.env, HOME: root } } : {}),
  });
}

export interface ChildResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function finished(child: ChildProcess): Promise<ChildResult> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
}

/** Resolves when `condition` holds, polling every `everyMs`; rejects after `timeoutMs`. */
export async function until(condition: () => boolean, timeoutMs = 60_000, everyMs = 2): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/** Stack files written so far into the temporary output of `root` (none when there is none). */
export function stacksWrittenToTemporary(root: string): number {
  const temporary = readdirSync(root).find((name) => name.startsWith('cdktf.out.tmp-'));
  if (!temporary) return 0;
  try {
    return readdirSync(join(root, temporary, 'stacks')).filter((stack) => exists(join(root, temporary, 'stacks', stack, 'cdk.tf.json'))).length;
  } catch {
    return 0;
  }
}
