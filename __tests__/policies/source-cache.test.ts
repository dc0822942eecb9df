/**
 * Reuse of a stored source analysis (policies/source-cache.ts): it is reused only while every file the
 * analysis read still reads the same and every existence check gets the same answer; anything else is
 * analysed afresh. The fixture app lives in a temporary root, so the tests can change its files.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { renderReport, runGate, startSourceAnalysis } from '../../policies/gate';
import type { PolicyResource } from '../../policies/model';
import { analyseSource } from '../../policies/source';
import { lookupAnalysis, MAX_ENTRIES, storeAnalysis, type SourceRequest } from '../../policies/source-cache';
import { tempDir } from '../helpers/temp';

const APP = `import { App, TerraformStack } from 'cdktf';
import { EcsService } from '@cdktf/provider-aws/lib/ecs-service';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { ALLOWED_CIDR } from './helper';
import { label } from './lib';

export function build(app: App): void {
  const stack = new TerraformStack(app, 'cache');
  const group = new SecurityGroup(stack, 'sg', { name: label, ingress: [{ fromPort: 443, toPort: 443, protocol: 'tcp', cidrBlocks: [ALLOWED_CIDR] }] });
  new EcsService(stack, 'service', { name: 'web', networkConfiguration: { subnets: ['subnet-1'], securityGroups: [group.id] } });
}
`;

interface Fixture {
  readonly root: string;
  readonly store: string;
  readonly request: SourceRequest;
}

/** A root with app.ts (analysed), helper.ts (imported, not analysed) and lib/index.ts (found after lib.ts was not). */
function fixture(): Fixture {
  const root = tempDir('source-cache');
  fs.writeFileSync(path.join(root, 'app.ts'), APP);
  fs.writeFileSync(path.join(root, 'helper.ts'), `export const ALLOWED_CIDR = '10.0.0.0/8';\n`);
  fs.mkdirSync(path.join(root, 'lib'));
  fs.writeFileSync(path.join(root, 'lib', 'index.ts'), `export const label = 'web';\n`);
  return { root, store: path.join(root, '.store'), request: { root, files: [path.join(root, 'app.ts')] } };
}

function analyseAndStore({ request, store }: Fixture): ReturnType<typeof analyseSource> {
  const analysis = analyseSource({ root: request.root, files: [...request.files] });
  expect(storeAnalysis(request, analysis, store)).toBe(true);
  return analysis;
}

const ingressOf = (resources: readonly PolicyResource[]): unknown => resources.find((resource) => resource.type === 'aws_security_group')?.attributes.ingress;

test('the analysis records what it read: analysed and imported files, provider code, existence checks', () => {
  const { root, request } = fixture();
  const inputs = analyseSource({ root, files: [...request.files] }).inputs;
  expect(Object.keys(inputs.files)).toEqual(expect.arrayContaining([path.join(root, 'app.ts'), path.join(root, 'helper.ts'), path.join(root, 'lib', 'index.ts')]));
  expect(Object.keys(inputs.files).some((file) => file.endsWith(path.join('@cdktf', 'provider-aws', 'lib', 'security-group', 'index.js')))).toBe(true);
  expect(inputs.existence[path.join(root, 'lib.ts')]).toBe(false);
  expect(inputs.existence[path.join(root, 'lib', 'index.ts')]).toBe(true);
});

test('an unchanged source is reused whole, texts included', () => {
  const f = fixture();
  const analysis = analyseAndStore(f);
  const reused = lookupAnalysis(f.request, f.store);
  expect(reused?.reused).toBe(true);
  expect(reused?.resources).toEqual(analysis.resources);
  expect(reused?.imports).toEqual(analysis.imports);
  expect(reused?.files).toEqual(analysis.files);
  expect(reused?.blindSpots).toEqual(analysis.blindSpots);
  expect(ingressOf(reused!.resources)).toEqual(ingressOf(analysis.resources));
});

test('a changed analysed file is analysed afresh', () => {
  const f = fixture();
  analyseAndStore(f);
  fs.appendFileSync(path.join(f.root, 'app.ts'), '// changed\n');
  expect(lookupAnalysis(f.request, f.store)).toBeUndefined();
});

test('a changed imported file outside the analysed set is analysed afresh, and the new value is seen', () => {
  const f = fixture();
  analyseAndStore(f);
  fs.writeFileSync(path.join(f.root, 'helper.ts'), `export const ALLOWED_CIDR = '0.0.0.0/0';\n`);
  expect(lookupAnalysis(f.request, f.store)).toBeUndefined();
  const fresh = analyseAndStore(f);
  expect(JSON.stringify(ingressOf(fresh.resources))).toContain('0.0.0.0/0');
  expect(JSON.stringify(ingressOf(lookupAnalysis(f.request, f.store)!.resources))).toContain('0.0.0.0/0');
});

test('a file appearing where the analysis found none is analysed afresh', () => {
  const f = fixture();
  analyseAndStore(f);
  fs.writeFileSync(path.join(f.root, 'lib.ts'), `export const label = 'other';\n`);
  expect(lookupAnalysis(f.request, f.store)).toBeUndefined();
});

test('another set of files, a damaged entry or another gate version is a miss, never an error', () => {
  const f = fixture();
  analyseAndStore(f);
  expect(lookupAnalysis({ root: f.root, files: [...f.request.files, path.join(f.root, 'helper.ts')] }, f.store)).toBeUndefined();
  const [entry] = fs.readdirSync(f.store).map((name) => path.join(f.store, name));
  const stored = JSON.parse(fs.readFileSync(entry, 'utf8')) as { gate: string };
  fs.writeFileSync(entry, JSON.stringify({ ...stored, gate: 'an older gate' }));
  expect(lookupAnalysis(f.request, f.store)).toBeUndefined();
  fs.writeFileSync(entry, '{"format": 1, "gate": ');
  expect(lookupAnalysis(f.request, f.store)).toBeUndefined();
});

test('an analysis with diagnostics is never stored', () => {
  const f = fixture();
  fs.writeFileSync(path.join(f.root, 'app.ts'), `${APP}\nconst broken = ;\n`);
  const analysis = analyseSource({ root: f.root, files: [...f.request.files] });
  expect(analysis.diagnostics.length).toBeGreaterThan(0);
  expect(storeAnalysis(f.request, analysis, f.store)).toBe(false);
  expect(fs.existsSync(f.store)).toBe(false);
});

test(`the store keeps the ${MAX_ENTRIES} most recent entries`, () => {
  const f = fixture();
  const analysis = analyseSource({ root: f.root, files: [...f.request.files] });
  for (let i = 0; i < MAX_ENTRIES + 3; i++) {
    expect(storeAnalysis({ root: f.root, files: [...f.request.files, path.join(f.root, `absent-${i}.ts`)] }, analysis, f.store)).toBe(true);
  }
  expect(fs.readdirSync(f.store).filter((name) => name.endsWith('.json'))).toHaveLength(MAX_ENTRIES);
});

describe('the gate', () => {
  const saved = { dir: process.env.POLICY_CACHE_DIR, off: process.env.POLICY_NO_CACHE };
  afterEach(() => {
    for (const [name, value] of [['POLICY_CACHE_DIR', saved.dir], ['POLICY_NO_CACHE', saved.off]] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  test('reuses the analysis on an unchanged source, says so, and finds the same; --no-cache and changes analyse afresh', async () => {
    const f = fixture();
    process.env.POLICY_CACHE_DIR = f.store;
    delete process.env.POLICY_NO_CACHE;
    const options = { root: f.root, paths: [path.join(f.root, 'app.ts')], synth: false };
    const first = await runGate(options);
    const second = await runGate(options);
    expect(first.summary.sourceReused).toBeUndefined();
    expect(second.summary.sourceReused).toBe(true);
    expect(second.findings).toEqual(first.findings);
    expect(renderReport(second, 'text', { root: f.root })).toContain('Source analysis reused: no file it read has changed');
    expect(renderReport(first, 'text', { root: f.root })).not.toContain('reused');
    expect((await runGate({ ...options, cache: false })).summary.sourceReused).toBeUndefined();

    const ingressErrors = (result: typeof first): string => JSON.stringify(result.findings.filter((finding) => finding.ruleId === 'sg-ingress-from-alb-only' && finding.severity === 'error').map((finding) => finding.message));
    expect(ingressErrors(second)).toContain('10.0.0.0/8');

    fs.writeFileSync(path.join(f.root, 'helper.ts'), `export const ALLOWED_CIDR = '0.0.0.0/0';\n`);
    const changed = await runGate(options);
    expect(changed.summary.sourceReused).toBeUndefined();
    expect(ingressErrors(changed)).toContain('0.0.0.0/0');
    expect(ingressErrors(changed)).not.toContain('10.0.0.0/8');
  });

  test('an analysis started ahead of time (npm run synth) reuses a stored one without a worker', async () => {
    const f = fixture();
    process.env.POLICY_CACHE_DIR = f.store;
    delete process.env.POLICY_NO_CACHE;
    const first = startSourceAnalysis({ root: f.root, paths: [path.join(f.root, 'app.ts')] });
    expect((await first.analysis)?.reused).toBeUndefined();
    const second = startSourceAnalysis({ root: f.root, paths: [path.join(f.root, 'app.ts')] });
    expect((await second.analysis)?.reused).toBe(true);
    expect((await second.analysis)?.resources).toEqual((await first.analysis)?.resources);
  });

  test('POLICY_NO_CACHE turns reuse off', async () => {
    const f = fixture();
    process.env.POLICY_CACHE_DIR = f.store;
    process.env.POLICY_NO_CACHE = '1';
    const options = { root: f.root, paths: [path.join(f.root, 'app.ts')], synth: false };
    await runGate(options);
    expect((await runGate(options)).summary.sourceReused).toBeUndefined();
    expect(fs.existsSync(f.store)).toBe(false);
  });
});
