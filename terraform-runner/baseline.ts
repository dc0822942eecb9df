/**
 * The baseline a change plan compares against: the synth of an earlier commit (default: the merge base
 * with `main`) or a saved synth output. A commit is exported with `git archive` (the repository and its
 * work tree are not touched) into node_modules/.cache/ecs-web-stack/baselines/<commit>, given this
 * checkout's node_modules, and synthesized there with its own code and environment files; the output is
 * kept per commit, so the next run with the same baseline synthesizes nothing.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, symlinkSync, utimesSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const BASELINE_CACHE_DIR = join(__dirname, '..', 'node_modules', '.cache', 'ecs-web-stack', 'baselines');

export class BaselineError extends Error {}

export interface Baseline {
  /** A synth output directory (holds stacks/<stack>/cdk.tf.json). */
  readonly outdir: string;
  /** What it is, for the report: `main (merge base 1a2b3c4)`, `cdktf.out.before/`. */
  readonly description: string;
}

/** `--base-dir <dir>`: a saved synth output (a copy of cdktf.out). */
export function baselineFromDirectory(dir: string): Baseline {
  const outdir = resolve(dir);
  if (!existsSync(join(outdir, 'stacks'))) throw new BaselineError(`${dir} holds no stacks/ directory; give a saved synth output (a copy of cdktf.out)`);
  return { outdir, description: dir };
}

function git(root: string, args: string[]): { ok: boolean; out: string; err: string } {
  const result = spawnSync('git', args, { cwd: root, encoding: 'utf8' });
  return { ok: result.status === 0, out: (result.stdout ?? '').trim(), err: (result.stderr ?? '').trim() || (result.error?.message ?? '') };
}

/** The commit to compare against: `ref` as given, else the merge base of HEAD with main (or origin/main). */
export function resolveBaseCommit(root: string, ref: string | undefined): { commit: string; description: string } {
  if (ref) {
    const commit = git(root, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
    if (!commit.ok) throw new BaselineError(`--base ${ref} is not a commit of this repository`);
    return { commit: commit.out, description: `${ref} (${commit.out.slice(0, 7)})` };
  }
  for (const branch of ['main', 'origin/main']) {
    if (!git(root, ['rev-parse', '--verify', '--quiet', `${branch}^{commit}`]).ok) continue;
    const base = git(root, ['merge-base', 'HEAD', branch]);
    if (base.ok) return { commit: base.out, description: `the merge base with ${branch} (${base.out.slice(0, 7)})` };
  }
  throw new BaselineError('no baseline: this repository has no main branch to compare with; give --base <git ref> or --base-dir <saved cdktf.out>');
}

/** Synthesizes `commit` (or reuses its cached synth). */
export async function baselineFromCommit(root: string, commit: string, description: string, cacheDir: string = BASELINE_CACHE_DIR): Promise<Baseline> {
  const home = join(cacheDir, commit);
  const tree = join(home, 'tree');
  const outdir = join(home, 'cdktf.out');
  if (existsSync(join(outdir, 'manifest.json'))) {
    const now = new Date();
    utimesSync(home, now, now);
    return { outdir, description };
  }
  rmSync(home, { recursive: true, force: true });
  mkdirSync(tree, { recursive: true });
  await exportCommit(root, commit, tree);
  symlinkSync(join(root, 'node_modules'), join(tree, 'node_modules'), process.platform === 'win32' ? 'junction' : 'dir');
  const env: NodeJS.ProcessEnv = { ...process.env, CDKTF_OUTDIR: outdir };
  delete env.ECS_WEB_STACK_OFFLINE_PLAN; // an earlier synth-time switch, refused by newer commits
  const synth = spawnSync(process.execPath, ['-r', './scripts/register.js', 'main.ts'], { cwd: tree, env, encoding: 'utf8' });
  if (synth.status !== 0 || !existsSync(join(outdir, 'manifest.json'))) {
    rmSync(home, { recursive: true, force: true });
    const said = `${synth.stderr ?? ''}\n${synth.stdout ?? ''}`.trim().split('\n').slice(-15).join('\n');
    throw new BaselineError(`the baseline ${description} does not synthesize:\n${said}`);
  }
  pruneBaselines(cacheDir, 3);
  return { outdir, description };
}

/** `git archive <commit> | tar -x`: the commit's files, without touching the repository. */
function exportCommit(root: string, commit: string, into: string): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const archive = spawn('git', ['archive', '--format=tar', commit], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    const tar = spawn('tar', ['-x', '-f', '-', '-C', into], { stdio: ['pipe', 'ignore', 'pipe'] });
    let errors = '';
    archive.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    tar.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    archive.stdout.pipe(tar.stdin);
    archive.on('error', reject);
    tar.on('error', reject);
    tar.on('close', (code) => (code === 0 ? resolvePromise() : reject(new BaselineError(`cannot export ${commit}: ${errors.trim()}`))));
  });
}

function pruneBaselines(cacheDir: string, keep: number): void {
  const entries = readdirSync(cacheDir)
    .map((name) => ({ name, mtime: statSync(join(cacheDir, name)).mtimeMs }))
    .sort((a, b) => b.mtime - a.mtime);
  for (const old of entries.slice(keep)) rmSync(join(cacheDir, old.name), { recursive: true, force: true });
}
