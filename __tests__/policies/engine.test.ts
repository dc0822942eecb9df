/**
 * The engine through `runGate` with an injected source layer: rule crashes, de-duplication across
 * layers, suppressions, exit codes.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Finding, PolicyResource } from '../../policies/model';
import { dedupe } from '../../policies/engine';
import { runGate, type AnalyseSource, type SourceAnalysis } from '../../policies/gate';
import { rules } from '../../policies/rules';
import type { Rule } from '../../policies/types';

let root: string;
const FILE = 'constructs/registry.ts';

function write(file: string, text: string): void {
  fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  fs.writeFileSync(path.join(root, file), text);
}

/** A source layer that reports one ECR repository per `new EcrRepository` line of the file. */
const fakeSource = (production = true): AnalyseSource => ({ files }) => {
  const resources: PolicyResource[] = [];
  const texts = files.map((file) => ({ file: path.relative(root, file), text: fs.readFileSync(file, 'utf8') }));
  for (const { file, text } of texts) {
    text.split('\n').forEach((line, index) => {
      const match = /new EcrRepository\(this, '([^']+)'(?:, \{ imageTagMutability: '(\w+)' \})?/.exec(line);
      if (!match) return;
      const location = { file, line: index + 1, column: line.indexOf('new') + 1 };
      resources.push({
        key: `${file}:${location.line}:${location.column}`,
        type: 'aws_ecr_repository',
        displayName: `EcrRepository "${match[1]}" (${file}:${location.line})`,
        attributes: match[2] ? { image_tag_mutability: match[2], image_scanning_configuration: { scan_on_push: true } } : { image_scanning_configuration: { scan_on_push: true } },
        location,
        layer: 'source',
        production,
        constructPaths: [{ open: false, segments: ['prod', 'registry', match[1]] }],
      });
    });
  }
  return { resources, imports: [], files: texts, diagnostics: [] };
};

function stackJson(mutability: string | undefined): string {
  return JSON.stringify(
    {
      locals: { production: true },
      resource: {
        aws_ecr_repository: {
          registry_repository_BAFE171E: {
            '//': { metadata: { path: 'prod/registry/repository', uniqueId: 'registry_repository_BAFE171E' } },
            name: 'web',
            image_scanning_configuration: { scan_on_push: true },
            ...(mutability ? { image_tag_mutability: mutability } : {}),
          },
        },
      },
    },
    null,
    2,
  );
}

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'policy-engine-'));
});
afterEach(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

const only = [rules['immutable-prod-tags']];

describe('suppressions', () => {
  test('on the line above: the finding stays, marked suppressed, and the run passes', async () => {
    write(FILE, "// policy-ignore immutable-prod-tags -- legacy repo, migrating in #42\nnew EcrRepository(this, 'repository');\n");
    const result = await runGate({ root, paths: [FILE], rules: only, analyseSource: fakeSource() });
    expect(result.findings.map((f) => [f.ruleId, f.location.line, f.suppressed])).toEqual([['immutable-prod-tags', 2, { reason: 'legacy repo, migrating in #42' }]]);
    expect(result.exitCode).toBe(0);
    expect(result.summary).toMatchObject({ errors: 0, suppressed: 1 });
  });

  test('on the same line', async () => {
    write(FILE, "new EcrRepository(this, 'repository'); // policy-ignore immutable-prod-tags -- mirrors an upstream registry\n");
    const result = await runGate({ root, paths: [FILE], rules: only, analyseSource: fakeSource() });
    expect(result.findings.map((f) => f.suppressed?.reason)).toEqual(['mirrors an upstream registry']);
    expect(result.exitCode).toBe(0);
  });

  test('a short reason is itself an error and suppresses nothing', async () => {
    write(FILE, "// policy-ignore immutable-prod-tags -- legacy\nnew EcrRepository(this, 'repository');\n");
    const result = await runGate({ root, paths: [FILE], rules: only, analyseSource: fakeSource() });
    expect(result.findings.map((f) => [f.ruleId, f.severity, f.location.line, f.message, f.suppressed])).toEqual([
      ['policy/invalid-suppression', 'error', 1, 'Suppression of immutable-prod-tags has no reason with words (at least two words, 10 characters); write `-- <reason>` after the rule ids. It suppresses nothing.', undefined],
      ['immutable-prod-tags', 'error', 2, expect.stringContaining('EcrRepository "repository"'), undefined],
    ]);
    expect(result.exitCode).toBe(1);
  });

  test('a missing reason and an unknown rule id are errors', async () => {
    write(FILE, "// policy-ignore immutable-prod-tags\n// policy-ignore no-such-rule -- because of reasons\nconst x = 1;\n");
    const result = await runGate({ root, paths: [FILE], rules: only, analyseSource: fakeSource() });
    expect(result.findings.map((f) => [f.ruleId, f.location.line, f.message])).toEqual([
      ['policy/invalid-suppression', 1, 'Suppression of immutable-prod-tags has no reason with words (at least two words, 10 characters); write `-- <reason>` after the rule ids. It suppresses nothing.'],
      ['policy/invalid-suppression', 2, 'Suppression names unknown rule no-such-rule; it suppresses nothing (a suppression is valid for all its rules or for none).'],
    ]);
  });

  test('an unused suppression is a warning', async () => {
    write(FILE, "// policy-ignore immutable-prod-tags -- nothing here any more\nnew EcrRepository(this, 'repository', { imageTagMutability: 'IMMUTABLE' });\n");
    const result = await runGate({ root, paths: [FILE], rules: only, analyseSource: fakeSource() });
    expect(result.findings.map((f) => [f.ruleId, f.severity, f.location.line, f.message])).toEqual([
      ['policy/unused-suppression', 'warning', 1, 'Suppression of immutable-prod-tags matches no finding on the line it covers.'],
    ]);
    expect(result.exitCode).toBe(0);
  });

  test('a suppression two lines above does not apply', async () => {
    write(FILE, "// policy-ignore immutable-prod-tags -- too far away from the code\n\nnew EcrRepository(this, 'repository');\n");
    const result = await runGate({ root, paths: [FILE], rules: only, analyseSource: fakeSource() });
    expect(result.findings.map((f) => [f.ruleId, Boolean(f.suppressed)])).toEqual([
      ['policy/unused-suppression', false],
      ['immutable-prod-tags', false],
    ]);
    expect(result.exitCode).toBe(1);
  });

  test('a synth finding mapped to the construct line is suppressed by the comment there', async () => {
    write(FILE, "// policy-ignore immutable-prod-tags -- legacy repo, migrating in #42\nnew EcrRepository(this, 'repository', { imageTagMutability: 'IMMUTABLE' });\n");
    write('cdktf.out/stacks/prod/cdk.tf.json', stackJson('MUTABLE'));
    const result = await runGate({ root, paths: [FILE], rules: only, analyseSource: fakeSource() });
    expect(result.findings.map((f) => [f.ruleId, f.layer, f.location.file, f.location.line, f.suppressed?.reason])).toEqual([
      ['immutable-prod-tags', 'synth', FILE, 2, 'legacy repo, migrating in #42'],
    ]);
    expect(result.exitCode).toBe(0);
  });
});

describe('suppressions are read from real comments and cover one line', () => {
  const run = async (text: string) => {
    write(FILE, text);
    return runGate({ root, paths: [FILE], rules: only, analyseSource: fakeSource() });
  };
  const state = (result: Awaited<ReturnType<typeof run>>) => result.findings.map((f) => [f.ruleId, f.location.line, Boolean(f.suppressed)]);

  test('text inside a string or a template literal is not a comment', async () => {
    const result = await run(
      "const a = '// policy-ignore immutable-prod-tags -- looks like a comment';\nnew EcrRepository(this, 'repository'); const b = `\n// policy-ignore immutable-prod-tags -- inside a template literal\n`;\n",
    );
    expect(state(result)).toEqual([['immutable-prod-tags', 2, false]]);
    expect(result.exitCode).toBe(1);
  });

  test('a trailing comment covers its own line only, not the next one', async () => {
    const result = await run("const x = 1; // policy-ignore immutable-prod-tags -- meant for this line only\nnew EcrRepository(this, 'repository');\n");
    expect(state(result)).toEqual([
      ['policy/unused-suppression', 1, false],
      ['immutable-prod-tags', 2, false],
    ]);
  });

  test('all or nothing: one unknown rule id makes the whole comment invalid', async () => {
    const result = await run("// policy-ignore immutable-prod-tags, no-such-rule -- legacy repo, migrating in #42\nnew EcrRepository(this, 'repository');\n");
    expect(state(result)).toEqual([
      ['policy/invalid-suppression', 1, false],
      ['immutable-prod-tags', 2, false],
    ]);
    expect(result.exitCode).toBe(1);
  });

  test.each([['..........'], ['aaaaaaaaaaaa'], ['fix later']])('a reason without words (%j) is invalid', async (reason) => {
    const result = await run(`// policy-ignore immutable-prod-tags -- ${reason}\nnew EcrRepository(this, 'repository');\n`);
    expect(state(result)).toEqual([
      ['policy/invalid-suppression', 1, false],
      ['immutable-prod-tags', 2, false],
    ]);
  });

  test('a block comment is reported, not silently ignored', async () => {
    const result = await run("/* policy-ignore immutable-prod-tags -- legacy repo, migrating in #42 */\nnew EcrRepository(this, 'repository');\n");
    expect(result.findings.map((f) => [f.ruleId, f.location.line, f.message])).toEqual([
      ['policy/invalid-suppression', 1, 'Suppressions are read from line comments only; write `// policy-ignore <rule-id> -- <reason>` (this block comment suppresses nothing).'],
      ['immutable-prod-tags', 2, expect.stringContaining('EcrRepository "repository"')],
    ]);
  });

  test('other comments may sit between the suppression and the code, a blank line may not', async () => {
    const result = await run("// policy-ignore immutable-prod-tags -- legacy repo, migrating in #42\n// the repository of the old pipeline\nnew EcrRepository(this, 'repository');\n");
    expect(state(result)).toEqual([['immutable-prod-tags', 3, true]]);
  });

  test('a synth finding lands on the construct its path names, never on a suppressed one of the same type and id elsewhere', async () => {
    // The suppressed repository is in another construct (path prod/other/repository); the synthesized one is prod/registry/repository.
    write('constructs/other.ts', "// policy-ignore immutable-prod-tags -- a sandbox repository for experiments\nnew EcrRepository(this, 'repository', { imageTagMutability: 'IMMUTABLE' });\n");
    write(FILE, "new EcrRepository(this, 'repository', { imageTagMutability: 'IMMUTABLE' });\n");
    write('cdktf.out/stacks/prod/cdk.tf.json', stackJson('MUTABLE'));
    const source: AnalyseSource = (options) => {
      const analysis = fakeSource()(options) as SourceAnalysis;
      return {
        ...analysis,
        resources: analysis.resources.map((r) => ({ ...r, constructPaths: [{ open: false, segments: ['prod', r.location.file.includes('other') ? 'other' : 'registry', 'repository'] }] })),
      };
    };
    const result = await runGate({ root, paths: [FILE, 'constructs/other.ts'], rules: only, analyseSource: source });
    expect(result.findings.map((f) => [f.ruleId, f.layer, f.location.file, f.location.line, Boolean(f.suppressed)])).toEqual([
      ['policy/unused-suppression', 'source', 'constructs/other.ts', 1, false],
      ['immutable-prod-tags', 'synth', FILE, 1, false],
    ]);
    expect(result.exitCode).toBe(1);
  });
});

describe('mapping synthesized resources to lines (what a suppression there may cover)', () => {
  const SUPPRESSED = "// policy-ignore immutable-prod-tags -- a mirror of an upstream registry\n";
  /** The fake source layer with the given path pattern and attributes for every repository. */
  const sourceWith = (pattern: PolicyResource['constructPaths'], attributes?: PolicyResource['attributes']): AnalyseSource => (options) => {
    const analysis = fakeSource()(options) as SourceAnalysis;
    return { ...analysis, resources: analysis.resources.map((r) => ({ ...r, constructPaths: pattern, ...(attributes ? { attributes } : {}) })) };
  };
  const synthWith = (name: string, metadata: object): string =>
    JSON.stringify({ locals: { production: true }, resource: { aws_ecr_repository: { [name]: { '//': { metadata }, name: 'web-prod', image_scanning_configuration: { scan_on_push: true }, image_tag_mutability: 'MUTABLE' } } } });
  const verdict = (findings: readonly Finding[]): unknown[] => findings.filter((f) => f.ruleId === 'immutable-prod-tags').map((f) => [f.location.file, f.location.line, Boolean(f.suppressed)]);

  test('a construct path that does not give the resource its name (written by an override) maps nowhere', async () => {
    write(FILE, `${SUPPRESSED}new EcrRepository(this, 'repository', { imageTagMutability: 'MUTABLE' });\n`);
    write('cdktf.out/stacks/prod/cdk.tf.json', synthWith('forged_1234ABCD', { path: 'prod/registry/repository' }));
    const result = await runGate({ root, paths: [FILE], rules: only, analyseSource: sourceWith([{ open: false, segments: ['prod', 'registry', 'repository'] }]) });
    expect(verdict(result.findings)).toContainEqual(['cdktf.out/stacks/prod/cdk.tf.json', 1, false]);
    expect(result.exitCode).toBe(1);
  });

  test('an inexact path pattern maps only a resource its known literals agree with', async () => {
    const wildcard = [{ open: false, segments: ['prod', { pattern: '[^/]+' }, 'repository'] }];
    write(FILE, `${SUPPRESSED}new EcrRepository(this, 'repository', { imageTagMutability: 'MUTABLE' });\n`);
    write('cdktf.out/stacks/prod/cdk.tf.json', synthWith('registry_repository_BAFE171E', { path: 'prod/registry/repository' }));
    // The `new` names another repository: it did not create this one, and its suppression cannot cover it.
    const other = await runGate({ root, paths: [FILE], rules: only, analyseSource: sourceWith(wildcard, { name: 'mirror', image_tag_mutability: 'MUTABLE' }) });
    expect(verdict(other.findings)).toContainEqual(['cdktf.out/stacks/prod/cdk.tf.json', 1, false]);
    expect(other.exitCode).toBe(1);
    // Nothing it knows disagrees: mapped, and suppressed there.
    const same = await runGate({ root, paths: [FILE], rules: only, analyseSource: sourceWith(wildcard, { name: 'web-prod', image_tag_mutability: 'MUTABLE' }) });
    expect(verdict(same.findings).every((entry) => (entry as unknown[])[0] === FILE && (entry as unknown[])[2] === true)).toBe(true);
    expect(same.exitCode).toBe(0);
  });

  test('a stack-trace location no path confirms is shown but never suppressed', async () => {
    write(FILE, `${SUPPRESSED}new EcrRepository(this, 'repository', { imageTagMutability: 'MUTABLE' });\n`);
    const trace = [`    at new Forged (${path.join(root, FILE)}:2:1)`];
    write('cdktf.out/stacks/prod/cdk.tf.json', synthWith('elsewhere_repo_1234ABCD', { path: 'prod/elsewhere/repo', stackTrace: trace }));
    const result = await runGate({ root, paths: [FILE], rules: only, analyseSource: sourceWith([{ open: false, segments: ['prod', 'registry', 'repository'] }]) });
    const synth = result.findings.find((f) => f.ruleId === 'immutable-prod-tags' && f.layer === 'synth');
    expect(synth?.location).toMatchObject({ file: FILE, line: 2, inexact: true });
    expect(synth?.suppressed).toBeUndefined();
    expect(synth?.message).toContain('not suppressed');
    expect(result.exitCode).toBe(1);
  });
});

describe('de-duplication', () => {
  test('the same rule at the same construct line from source and synth is one finding (source kept)', async () => {
    write(FILE, "new EcrRepository(this, 'repository');\n");
    write('cdktf.out/stacks/prod/cdk.tf.json', stackJson(undefined));
    const result = await runGate({ root, paths: [FILE], rules: only, analyseSource: fakeSource() });
    expect(result.findings.map((f) => [f.ruleId, f.layer, f.location.file, f.location.line])).toEqual([['immutable-prod-tags', 'source', FILE, 1]]);
    expect(result.summary.stacks).toEqual(['prod']);
  });

  test('a synth error replaces the source warning about the same construct', async () => {
    write(FILE, "new EcrRepository(this, 'repository');\n");
    write('cdktf.out/stacks/prod/cdk.tf.json', stackJson('MUTABLE'));
    const unresolvedSource: AnalyseSource = (options) => {
      const analysis = fakeSource()(options) as ReturnType<ReturnType<typeof fakeSource>> & { resources: PolicyResource[] };
      const [resource] = analysis.resources;
      const { Unresolved } = require('../../policies/model') as typeof import('../../policies/model');
      return { ...analysis, resources: [{ ...resource, attributes: { image_tag_mutability: new Unresolved('props.mutability', resource.location) } }] };
    };
    const result = await runGate({ root, paths: [FILE], rules: only, analyseSource: unresolvedSource });
    expect(result.findings.map((f) => [f.severity, f.layer, f.location.line, f.message])).toEqual([
      ['error', 'synth', 1, 'aws_ecr_repository.registry_repository_BAFE171E can exist in production but its image_tag_mutability is MUTABLE; production tags must be IMMUTABLE. [synth prod]'],
    ]);
  });

  test('the synth verdict replaces a source warning when the synthesized value is fine', async () => {
    write(FILE, "new EcrRepository(this, 'repository');\n");
    write('cdktf.out/stacks/prod/cdk.tf.json', stackJson('IMMUTABLE'));
    const unresolvedSource: AnalyseSource = (options) => {
      const analysis = fakeSource()(options) as { resources: PolicyResource[]; imports: []; files: { file: string; text: string }[]; diagnostics: [] };
      const { Unresolved } = require('../../policies/model') as typeof import('../../policies/model');
      return { ...analysis, resources: analysis.resources.map((r) => ({ ...r, attributes: { image_tag_mutability: new Unresolved('props.mutability', r.location) } })) };
    };
    const withSynth = await runGate({ root, paths: [FILE], rules: only, analyseSource: unresolvedSource });
    expect(withSynth.findings).toEqual([]);
    const sourceOnly = await runGate({ root, paths: [FILE], rules: only, analyseSource: unresolvedSource, synthDir: path.join(root, 'nowhere') });
    expect(sourceOnly.findings.map((f) => f.ruleId)).toEqual(['policy/gate-error', 'immutable-prod-tags']);
  });

  test('within one layer nothing is merged; across synth and plan the stack and address decide', () => {
    const base = { ruleId: 'r', severity: 'error' as const, message: 'm', location: { file: 'a.json', line: 3, column: 1 }, stack: 'prod' };
    const synthA = { ...base, layer: 'synth' as const };
    const synthB = { ...base, layer: 'synth' as const, message: 'other' };
    const plan = { ...base, layer: 'plan' as const, location: { file: 'plan.json', line: 1, column: 1 } };
    const addresses = new Map<Finding, string>([
      [synthA, 'aws_lb.main'],
      [synthB, 'aws_lb.main'],
      [plan, 'aws_lb.main'],
    ]);
    expect(dedupe([plan, synthA, synthB], addresses)).toEqual([synthA, synthB]);
  });
});

describe('a gate that cannot run never passes', () => {
  test('a rule that throws becomes a policy/rule-error finding and exit 2', async () => {
    write(FILE, "new EcrRepository(this, 'repository', { imageTagMutability: 'IMMUTABLE' });\n");
    const broken: Rule = { ...rules['immutable-prod-tags'], id: 'broken-rule', check: () => { throw new Error('boom'); } };
    const result = await runGate({ root, paths: [FILE], rules: [broken], analyseSource: fakeSource() });
    expect(result.findings.map((f) => [f.ruleId, f.severity, f.location.file, f.message])).toEqual([
      ['policy/rule-error', 'error', 'policies/rules/broken-rule.ts', 'Rule broken-rule threw on the source layer: boom'],
    ]);
    expect(result.exitCode).toBe(2);
  });

  test('source diagnostics (a file that does not parse) exit 2', async () => {
    write(FILE, 'const = ;\n');
    const result = await runGate({
      root,
      paths: [FILE],
      rules: only,
      analyseSource: () => ({ resources: [], imports: [], files: [], diagnostics: [{ file: path.join(root, FILE), line: 1, column: 7, message: 'Variable declaration expected.' }] }),
    });
    expect(result.findings.map((f) => [f.ruleId, f.location.file, f.location.line, f.message])).toEqual([['policy/gate-error', FILE, 1, 'Variable declaration expected.']]);
    expect(result.exitCode).toBe(2);
  });

  test('a source layer that throws exits 2', async () => {
    write(FILE, 'export {};\n');
    const result = await runGate({ root, paths: [FILE], rules: only, analyseSource: () => { throw new Error('ts-morph exploded'); } });
    expect(result.findings.map((f) => f.message)).toEqual(['The source layer failed: ts-morph exploded']);
    expect(result.exitCode).toBe(2);
  });

  test('a missing path exits 2', async () => {
    const result = await runGate({ root, paths: ['nope.ts'], rules: only, analyseSource: fakeSource() });
    expect(result.findings.map((f) => f.message)).toEqual(['No such file or directory: nope.ts']);
    expect(result.exitCode).toBe(2);
  });
});
