/**
 * The gate over this repository: the default scope comes from policies/policy.config.json, and the
 * project's own code passes with zero errors (with the synth of the tests' environments, never a
 * cdktf.out a user left in the checkout).
 */
import * as path from 'node:path';
import { globToRegExp, loadConfig, resolveScope } from '../../policies/config';
import { runGate } from '../../policies/gate';
import { synthesize } from '../helpers/synth';

const root = path.resolve(__dirname, '../..');

test('globs', () => {
  expect(globToRegExp('**/*.ts').test('a/b/c.ts')).toBe(true);
  expect(globToRegExp('**/*.ts').test('c.ts')).toBe(true);
  expect(globToRegExp('__tests__/**').test('__tests__/')).toBe(true);
  expect(globToRegExp('*.ts').test('a/c.ts')).toBe(false);
  expect(globToRegExp('stacks/*/plan.json').test('stacks/prod/plan.json')).toBe(true);
});

test('the default scope is every non-test .ts file of the app, by configuration', () => {
  const config = loadConfig(root);
  expect(config.exclude).toEqual(expect.arrayContaining(['node_modules/**', 'cdktf.out/**', 'sample-app/**', '__tests__/**']));
  const files = resolveScope(root, config);
  expect(files).toEqual(expect.arrayContaining(['main.ts', 'policies/gate.ts', 'policies/cli.ts']));
  expect(files.some((file) => file.startsWith('constructs/'))).toBe(true);
  expect(files.some((file) => file.startsWith('config/'))).toBe(true);
  for (const file of files) {
    expect(file).toMatch(/\.ts$/);
    expect(file).not.toMatch(/^(node_modules|cdktf\.out|sample-app|__tests__)\/|\.d\.ts$|\.test\.ts$/);
  }
});

test('explicit paths bypass the excludes', () => {
  const files = resolveScope(root, loadConfig(root), [path.join(root, '__tests__/fixtures/policies/app')]);
  expect(files).toEqual(['__tests__/fixtures/policies/app/clean.ts', '__tests__/fixtures/policies/app/registry.ts']);
});

test("the project's own code passes the gate with zero errors", async () => {
  const result = await runGate({ root, synthDir: synthesize().outdir });
  const errors = result.findings.filter((finding) => finding.severity === 'error' && !finding.suppressed);
  expect(errors.map((finding) => `${finding.location.file}:${finding.location.line} ${finding.ruleId} ${finding.message}`)).toEqual([]);
  expect(result.exitCode).toBe(0);
  expect(result.summary.sourceFiles).toBeGreaterThan(10);
});
