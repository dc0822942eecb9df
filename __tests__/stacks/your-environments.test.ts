/**
 * Whatever environments/ holds — the examples this repository ships, or a user's own files after "Add an
 * environment" or a copied adoption example — synthesizes, and every stack keeps what any environment
 * must have. Only generic checks here: values are asserted on the tests' own fixtures
 * (__tests__/fixtures/environments), so a user's files can fail this test only by being invalid or
 * breaking a policy rule, never by being different from the examples.
 */
import { existsSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { listEnvironmentFiles } from '../../config/load';
import { runGate } from '../../policies/gate';
import { printNote } from '../helpers/notes';
import { REPO_ROOT, synthesize, type Synthesized } from '../helpers/synth';

const environmentsDir = join(REPO_ROOT, 'environments');
const files = existsSync(environmentsDir) ? listEnvironmentFiles(environmentsDir) : [];
const skipReason = files.length === 0 ? 'environments/ holds no <env>.yaml file' : undefined;
if (skipReason) printNote(`environments/ checks SKIPPED: ${skipReason}`);
const withEnvironments = skipReason ? test.skip : test;
const note = skipReason ? ` (skipped: ${skipReason})` : '';
const names = files.map((file) => basename(file, extname(file)));

let out: Synthesized;
beforeAll(() => {
  if (!skipReason) out = synthesize({ environmentsDir });
});

withEnvironments(`one web stack and one image stack per file in environments/, named after the file${note}`, () => {
  expect(out.built.stacks.map((stack) => stack.node.id).sort()).toEqual([...names].sort());
  expect(out.built.imageStacks.map((stack) => stack.node.id).sort()).toEqual(names.map((name) => `image-${name}`).sort());
});

withEnvironments(`each stack says whether it is production as its file does, in its file's region, with no credentials${note}`, () => {
  for (const env of out.built.environments) {
    const stack = out.stacks[env.name];
    expect({ env: env.name, production: stack.locals?.production }).toEqual({ env: env.name, production: env.production });
    const provider = stack.provider.aws[0];
    expect({ env: env.name, region: provider.region }).toEqual({ env: env.name, region: env.region });
    expect(Object.keys(provider).filter((key) => /access_key|secret_key|token/.test(key))).toEqual([]);
  }
});

/** PEM key material as it would appear in JSON (the variable's validation pattern names the header, without a body). */
const PRIVATE_KEY_PEM = /-----BEGIN [A-Z ]*PRIVATE KEY-----\\n[A-Za-z0-9+/]{16}/;

withEnvironments(`no private key is ever written to the synthesized JSON${note}`, () => {
  expect(PRIVATE_KEY_PEM.test(JSON.stringify({ key: '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC' }))).toBe(true);
  for (const [name, text] of Object.entries(out.texts)) expect({ name, privateKey: PRIVATE_KEY_PEM.test(text) }).toEqual({ name, privateKey: false });
});

withEnvironments(`every stack passes the policy gate's synth layer with no errors${note}`, async () => {
  const result = await runGate({ root: REPO_ROOT, source: false, synthDir: out.outdir });
  const errors = result.findings.filter((finding) => finding.severity === 'error' && !finding.suppressed);
  expect(errors.map((finding) => `${finding.location.file}:${finding.location.line} ${finding.ruleId} ${finding.message}`)).toEqual([]);
  expect(result.summary.stacks.length).toBeGreaterThanOrEqual(names.length);
  expect(result.exitCode).toBe(0);
});
