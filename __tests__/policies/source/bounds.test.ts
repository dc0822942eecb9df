/**
 * The source layer's work is bounded, what it cannot see it says, and construct paths tie synthesized
 * resources to their `new`.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App } from 'cdktf';
import { matchesPath } from '../../../policies/path-patterns';
import { analyseSource } from '../../../policies/source';
import { readSynthDir } from '../../../policies/synth';
import { mapToSource } from '../../../policies/source-map';
import { OneOf } from '../../../policies/model';
import { FIXTURES, ROOT, analyseFixtures, at, byId, fixtureFiles, newOf } from './helpers';

describe('bounded work', () => {
  test('a chain of 60 consts that each read the one before in both branches takes linear work', () => {
    const result = analyseFixtures('bounds');
    // Exponential evaluation would take 2^60 steps; memoised at the depth cut-off, a few per const.
    expect(result.evaluationSteps).toBeLessThan(1000);
    // Deeper than the evaluator follows: Unresolved where it gave up, never a guess.
    const name = byId(result, 'branching-chain').attributes.name;
    const options = name instanceof OneOf ? name.options : [name];
    for (const option of options) expect(option).toEqual(expect.objectContaining({ expression: expect.stringMatching(/^c\d+$/) }));
  });

  test('a budget per file: values past it are Unresolved, and the layer says so', () => {
    const result = analyseSource({ root: ROOT, files: fixtureFiles('values'), budget: 30 });
    const spots = result.blindSpots.filter((spot) => spot.why.includes('took more than 30 steps'));
    expect(spots.length).toBeGreaterThan(0);
    expect(result.evaluationSteps).toBeLessThanOrEqual(30 * fixtureFiles('values').length + 10);
  });
});

describe('blind spots', () => {
  const result = analyseFixtures('blind-spots');
  const F = `${FIXTURES}/blind-spots/blind.ts`;
  const spots = result.blindSpots.map((spot) => [spot.location.line, spot.what, spot.why]);

  const line = (snippet: string): number => at('blind-spots/blind.ts', snippet).line;

  test('a subclass that writes its own attributes', () => {
    const site = newOf('blind-spots/blind.ts', 'handmade').line;
    expect(spots).toContainEqual([site, `Handmade (EcrRepository) "handmade" (${F}:${site})`, 'Handmade overrides synthesizeAttributes(), so what it writes is not in the source']);
  });

  test('a hatch on an element the layer cannot identify', () => {
    expect(spots).toContainEqual([line('target.addOverride'), "what `target.addOverride('image_tag_mutability', 'MUTABLE')` changes", 'its receiver is not an element the source layer can identify']);
  });

  test('an element built with Reflect.construct (no `new`)', () => {
    expect(spots).toContainEqual([
      line('Reflect.construct'),
      "what `Reflect.construct(EcrRepository, [this, 'reflected', { name: 'reflected', imageTagMutability: 'MUTABLE' }])` creates",
      'the source layer reads `new` expressions, and Reflect.construct builds an object without one',
    ]);
  });

  test('a module path computed at run time', () => {
    expect(spots).toContainEqual([line('const loaded'), "the module `process.env.REGISTRY_MODULE ?? '@cdktf/provider-aws/lib/ecr-repository'` loads", 'its path is computed at run time']);
  });
});

describe('construct paths', () => {
  let tmp: string;
  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'policy-paths-'));
  });
  afterAll(() => {
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  test('every synthesized resource maps to the one `new` that created it', () => {
    const file = path.join(ROOT, FIXTURES, 'paths/paths.ts');
    const app = new App({ outdir: tmp });
    (require(file) as { build(app: App): void }).build(app);
    app.synth();
    const analysis = analyseSource({ root: ROOT, files: [file] });
    const source = { layer: 'source' as const, resources: analysis.resources, variables: {}, imports: [], files: [], changes: [] };
    const { graphs, errors } = readSynthDir(ROOT, tmp);
    expect(errors).toEqual([]);
    const lineOf = (id: string): number => newOf('paths/paths.ts', id).line;
    const expected: Record<string, number> = { repository: lineOf('repository'), top: lineOf('top') };
    for (const graph of graphs) {
      const mapped = mapToSource(graph, source);
      for (const resource of mapped.resources.filter((r) => !r.type.startsWith('provider.') && !r.type.startsWith('terraform.'))) {
        const constructPath = graph.constructPaths?.[resource.key] ?? '';
        const id = constructPath.split('/').pop() ?? '';
        expect([constructPath, resource.location.file]).toEqual([constructPath, `${FIXTURES}/paths/paths.ts`]);
        if (id.startsWith('logs-')) expect(resource.location.line).toBe(at('paths/paths.ts', 'new CloudwatchLogGroup').line);
        else expect(resource.location.line).toBe(expected[id]);
      }
    }
  });

  test('patterns: the stack ids from the `new` sites, exact ids below, a pattern for a computed id', () => {
    const result = analyseFixtures('paths');
    const repository = byId(result, 'repository');
    expect(repository.constructPaths?.map((pattern) => `${pattern.open ? '…/' : ''}${pattern.segments.join('/')}`).sort()).toEqual([
      'dev/mirror/repository',
      'dev/registry/repository',
      'prod/mirror/repository',
      'prod/registry/repository',
    ]);
    const logs = result.resources.find((r) => r.type === 'aws_cloudwatch_log_group');
    expect(logs?.constructPaths?.every((pattern) => !pattern.open)).toBe(true);
    expect(logs?.constructPaths?.some((pattern) => matchesPath(pattern, 'prod/registry/logs-web-prod'))).toBe(true);
    expect(logs?.constructPaths?.some((pattern) => matchesPath(pattern, 'prod/registry/repository'))).toBe(false);
  });
});
