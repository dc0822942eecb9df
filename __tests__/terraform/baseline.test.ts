/**
 * The baseline of a change plan: which commit (the merge base with main, or a ref), exported with git
 * archive and synthesized with its own code, once per commit. Runs on a small repository made here (no
 * terraform), so neither this checkout's history nor its environments/ change the outcome.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { baselineFromCommit, baselineFromDirectory, BaselineError, resolveBaseCommit } from '../../terraform-runner/baseline';
import { REPO_ROOT } from '../helpers/synth';
import { tempDir } from '../helpers/temp';

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' } }).trim();
}

/** A repository whose main.ts "synthesizes" one stack whose JSON carries `label`. */
function repository(): string {
  const root = tempDir('baseline-repo');
  git(root, 'init', '-q', '-b', 'main');
  mkdirSync(join(root, 'scripts'));
  cpSync(join(REPO_ROOT, 'scripts', 'register.js'), join(root, 'scripts', 'register.js'));
  // The exported tree gets this checkout's node_modules (for swc), as the real one does.
  execFileSync('ln', ['-s', join(REPO_ROOT, 'node_modules'), join(root, 'node_modules')]);
  writeFileSync(join(root, '.gitignore'), 'node_modules\n');
  commit(root, 'v1');
  return root;
}

function commit(root: string, label: string): string {
  writeFileSync(
    join(root, 'main.ts'),
    [
      "import { mkdirSync, writeFileSync } from 'node:fs';",
      "import { join } from 'node:path';",
      'const out: string = process.env.CDKTF_OUTDIR ?? "cdktf.out";',
      label === 'broken' ? 'console.error("error: environments/prod.yaml: task.cpu: 300 is not allowed"); process.exit(1);' : '',
      "mkdirSync(join(out, 'stacks', 'prod'), { recursive: true });",
      `writeFileSync(join(out, 'stacks', 'prod', 'cdk.tf.json'), JSON.stringify({ label: '${label}' }));`,
      "writeFileSync(join(out, 'manifest.json'), JSON.stringify({ stacks: { prod: { name: 'prod' } } }));",
    ].join('\n'),
  );
  git(root, 'add', '-A');
  git(root, 'commit', '-q', '-m', label);
  return git(root, 'rev-parse', 'HEAD');
}

test('the default baseline is the merge base of HEAD with main', () => {
  const root = repository();
  const base = git(root, 'rev-parse', 'HEAD');
  git(root, 'checkout', '-q', '-b', 'feature');
  commit(root, 'v2');
  expect(resolveBaseCommit(root, undefined)).toEqual({ commit: base, description: `the merge base with main (${base.slice(0, 7)})` });
  expect(resolveBaseCommit(root, 'feature').commit).toBe(git(root, 'rev-parse', 'HEAD'));
  expect(() => resolveBaseCommit(root, 'no-such-ref')).toThrow(/--base no-such-ref is not a commit/);
});

test('without a main branch: a clear error naming --base and --base-dir', () => {
  const root = tempDir('baseline-nomain');
  git(root, 'init', '-q', '-b', 'trunk');
  writeFileSync(join(root, 'x'), '1');
  git(root, 'add', '-A');
  git(root, 'commit', '-q', '-m', 'x');
  expect(() => resolveBaseCommit(root, undefined)).toThrow(BaselineError);
  expect(() => resolveBaseCommit(root, undefined)).toThrow(/give --base <git ref> or --base-dir <saved cdktf.out>/);
});

test('a commit is exported and synthesized with its own code, and the synth is reused', async () => {
  const root = repository();
  const v1 = git(root, 'rev-parse', 'HEAD');
  commit(root, 'v2'); // the work tree moves on; the baseline must still be v1
  const cache = tempDir('baseline-cache');
  const baseline = await baselineFromCommit(root, v1, 'v1', cache);
  expect(JSON.parse(readFileSync(join(baseline.outdir, 'stacks', 'prod', 'cdk.tf.json'), 'utf8'))).toEqual({ label: 'v1' });
  expect(git(root, 'status', '--porcelain')).toBe(''); // the repository is untouched
  writeFileSync(join(baseline.outdir, 'stacks', 'prod', 'cdk.tf.json'), JSON.stringify({ label: 'reused' }));
  const again = await baselineFromCommit(root, v1, 'v1', cache);
  expect(JSON.parse(readFileSync(join(again.outdir, 'stacks', 'prod', 'cdk.tf.json'), 'utf8'))).toEqual({ label: 'reused' });
});

test('a baseline that does not synthesize is an error with its own words, and nothing is kept', async () => {
  const root = repository();
  const broken = commit(root, 'broken');
  const cache = tempDir('baseline-cache');
  await expect(baselineFromCommit(root, broken, 'broken', cache)).rejects.toThrow(/the baseline broken does not synthesize:\nerror: environments\/prod.yaml: task.cpu/);
  expect(existsSync(join(cache, broken))).toBe(false);
});

test('--base-dir: a saved synth output, or an error naming what is missing', () => {
  const saved = tempDir('baseline-saved');
  expect(() => baselineFromDirectory(saved)).toThrow(/holds no stacks\/ directory; give a saved synth output/);
  mkdirSync(join(saved, 'stacks'));
  expect(baselineFromDirectory(saved)).toEqual({ outdir: saved, description: saved });
});
