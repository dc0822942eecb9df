/**
 * The evasion corpus (__tests__/fixtures/policies/evasions): small cdktf apps that try to get around the
 * four core rules (one kind of trick each, named in the file's doc comment), and correct apps that must
 * pass. Each app is synthesized for real; the gate runs over its source alone and over source plus synth.
 *
 * Tags in a fixture's doc comment:
 *   `@expect <rule-id>`         an evasion: source + synth must report an error of that rule
 *   `@source-alone missed: …`   the source layer alone cannot see this one (why); asserted, so it stays honest
 *   `@synth fails`              the app does not synthesize (e.g. a module path that no longer exists)
 *   `@source-alone unresolved: …` (a correct app) the source layer alone cannot work out a value it must
 *                               check (an environment variable, a Terraform variable): its errors say so
 *                               ("Cannot verify"), fail-closed, and the synth layer, which sees the value,
 *                               passes the app
 * A fixture without `@expect` is a correct app: no error of the four core rules, and no error of the gate
 * itself, from either run (the hardening rules judge production stacks on more than these apps show).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App } from 'cdktf';
import type { Finding } from '../../policies/model';
import { runGate, type GateResult, type SourceAnalysis } from '../../policies/gate';
import { analyseSource } from '../../policies/source';

const root = path.resolve(__dirname, '../..');
const corpus = path.join(root, '__tests__/fixtures/policies/evasions');
const environments = '__tests__/fixtures/environments';

interface Fixture {
  readonly name: string;
  readonly file: string;
  readonly expect?: string;
  readonly sourceMisses: boolean;
  readonly sourceUnresolved: boolean;
  readonly synthFails: boolean;
}

const fixtures: Fixture[] = fs
  .readdirSync(corpus, { recursive: true })
  .map(String)
  .filter((name) => name.endsWith('.ts'))
  .sort()
  .map((name) => {
    const file = path.join(corpus, name);
    const text = fs.readFileSync(file, 'utf8');
    return {
      name,
      file,
      expect: /@expect ([\w-]+)/.exec(text)?.[1],
      sourceMisses: text.includes('@source-alone missed'),
      sourceUnresolved: text.includes('@source-alone unresolved'),
      synthFails: text.includes('@synth fails'),
    };
  });
const evasions = fixtures.filter((fixture) => fixture.expect !== undefined);
const correct = fixtures.filter((fixture) => fixture.expect === undefined);

let tmp: string;
const results = new Map<string, { sourceAlone: GateResult; combined: GateResult; synthesized: boolean }>();

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'policy-evasions-'));
  for (const fixture of fixtures) {
    const outdir = path.join(tmp, fixture.name.replace(/[/.]/g, '_'));
    let synthesized = true;
    try {
      const app = new App({ outdir });
      (require(fixture.file) as { build(app: App): void }).build(app);
      app.synth();
    } catch {
      synthesized = false;
    }
    // One source analysis per fixture, used by both runs.
    const analysis: SourceAnalysis = analyseSource({ root, files: [fixture.file] });
    const common = { root, paths: [fixture.file], environments, analyseSource: () => analysis };
    const sourceAlone = await runGate({ ...common, synth: false });
    const combined = synthesized ? await runGate({ ...common, synthDir: outdir }) : sourceAlone;
    results.set(fixture.name, { sourceAlone, combined, synthesized });
  }
});

afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

const CORE = ['no-root-credentials', 'immutable-prod-tags', 'sg-ingress-from-alb-only', 'http-redirect-to-https'];
const errorsOf = (result: GateResult, rule?: string): Finding[] =>
  result.findings.filter((finding) => finding.severity === 'error' && !finding.suppressed && (rule === undefined || finding.ruleId === rule));
/** Errors of the core rules and of the gate itself (a crash, an input it could not read). */
const coreErrorsOf = (result: GateResult): Finding[] => errorsOf(result).filter((finding) => CORE.includes(finding.ruleId) || finding.ruleId.startsWith('policy/'));

test('the corpus has at least 50 evasions of the four core rules and 15 correct apps', () => {
  expect(evasions.length).toBeGreaterThanOrEqual(50);
  expect(correct.length).toBeGreaterThanOrEqual(15);
  expect(new Set(evasions.map((fixture) => fixture.expect))).toEqual(new Set(CORE));
});

test.each(evasions.map((fixture) => [fixture.name, fixture] as const))('evasion %s is an error with source + synth', (_name, fixture) => {
  const result = results.get(fixture.name);
  expect(result?.synthesized).toBe(!fixture.synthFails);
  expect(errorsOf(result!.combined, fixture.expect).map((finding) => finding.ruleId)).toContain(fixture.expect);
  expect(result!.combined.exitCode).toBe(1);
});

test.each(evasions.map((fixture) => [fixture.name, fixture] as const))('evasion %s, source layer alone', (_name, fixture) => {
  const caught = errorsOf(results.get(fixture.name)!.sourceAlone, fixture.expect).length > 0;
  expect(caught).toBe(!fixture.sourceMisses);
});

test.each(correct.map((fixture) => [fixture.name, fixture] as const))('correct app %s passes source + synth, and the source layer alone or says what it cannot verify', (_name, fixture) => {
  const result = results.get(fixture.name)!;
  expect(result.synthesized).toBe(true);
  const sourceAlone = coreErrorsOf(result.sourceAlone).map((finding) => finding.message);
  if (fixture.sourceUnresolved) {
    expect(sourceAlone.length).toBeGreaterThan(0);
    for (const message of sourceAlone) expect(message).toMatch(/^Cannot verify/);
  } else {
    expect(sourceAlone).toEqual([]);
  }
  expect(coreErrorsOf(result.combined).map((finding) => finding.message)).toEqual([]);
  expect(result.combined.summary.stacks.length).toBeGreaterThan(0);
});

test('catch rates: all evasions with source + synth, at least 80 % with the source layer alone', () => {
  const combined = evasions.filter((fixture) => errorsOf(results.get(fixture.name)!.combined, fixture.expect).length > 0).length;
  const sourceAlone = evasions.filter((fixture) => errorsOf(results.get(fixture.name)!.sourceAlone, fixture.expect).length > 0).length;
  expect(combined).toBe(evasions.length);
  expect(sourceAlone / evasions.length).toBeGreaterThanOrEqual(0.8);
});
