/** What `npm run synth` and `npm run validate` share: nothing written on a bad file, stale stacks removed. */
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { synthesizeApp } from '../../scripts/synthesize-app';
import { baseEnvironment, merge } from '../helpers/environments';
import { tempDir } from '../helpers/temp';

function project(files: Record<string, unknown>): string {
  const root = tempDir('project');
  mkdirSync(join(root, 'environments'));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(root, 'environments', `${name}.yaml`), stringify(content));
  return root;
}

test('one invalid file: every problem printed, exit 1, nothing written (not even the valid stack)', () => {
  const root = project({ dev: baseEnvironment(), prod: merge(baseEnvironment(), { task: { cpu: 300 } }) });
  const errors: string[] = [];
  const spy = jest.spyOn(console, 'error').mockImplementation((message: string) => void errors.push(message));
  const result = synthesizeApp(root, join(root, 'cdktf.out'));
  spy.mockRestore();
  expect(result).toEqual({ ok: false, exitCode: 1 });
  expect(errors.join('\n')).toMatch(/environments\/prod\.yaml:\d+: task\.cpu: must be one of 256, 512/);
  expect(errors.join('\n')).toMatch(/1 configuration error\(s\); nothing was written/);
  expect(existsSync(join(root, 'cdktf.out'))).toBe(false);
});

test('a stack whose environment file is gone is removed from cdktf.out', () => {
  const root = project({ dev: baseEnvironment(), qa: baseEnvironment() });
  const outdir = join(root, 'cdktf.out');
  expect(synthesizeApp(root, outdir).ok).toBe(true);
  expect(existsSync(join(outdir, 'stacks', 'qa', 'cdk.tf.json'))).toBe(true);
  rmSync(join(root, 'environments', 'qa.yaml'));
  expect(synthesizeApp(root, outdir).ok).toBe(true);
  expect(existsSync(join(outdir, 'stacks', 'qa'))).toBe(false);
  expect(existsSync(join(outdir, 'stacks', 'image-qa'))).toBe(false);
  expect(existsSync(join(outdir, 'stacks', 'dev', 'cdk.tf.json'))).toBe(true);
  expect(existsSync(join(outdir, 'stacks', 'image-dev', 'cdk.tf.json'))).toBe(true);
});
