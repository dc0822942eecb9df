/**
 * The gate fails closed: input it cannot read or understand, or nothing to check at all, is exit 2 with a
 * message naming the input; a stack is production unless it says otherwise in the one way the gate trusts.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runGate } from '../../policies/gate';
import { rules } from '../../policies/rules';

let root: string;

function write(file: string, text: string): string {
  const absolute = path.join(root, file);
  fs.mkdirSync(path.dirname(absolute), { recursive: true });
  fs.writeFileSync(absolute, text);
  return absolute;
}

const repository = (mutability: string) => ({ resource: { aws_ecr_repository: { repo: { name: 'web', image_tag_mutability: mutability, image_scanning_configuration: { scan_on_push: true } } } } });
const plan = (changes: unknown) => JSON.stringify({ format_version: '1.2', resource_changes: changes });
const gate = (options: Partial<Parameters<typeof runGate>[0]> = {}) => runGate({ root, source: false, rules: [rules['immutable-prod-tags']], ...options });
const messages = (result: Awaited<ReturnType<typeof runGate>>): string[] => result.findings.filter((f) => f.ruleId === 'policy/gate-error').map((f) => f.message);

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'policy-fail-closed-'));
});
afterEach(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

describe('inputs the gate cannot understand exit 2, naming the input', () => {
  test.each([
    ['a plan without resource_changes', plan(undefined), 'has no resource_changes'],
    ['a plan with an empty resource_changes', plan([]), '"resource_changes" is empty'],
    ['a plan whose change has no actions', plan([{ address: 'aws_ecr_repository.repo', type: 'aws_ecr_repository', name: 'repo', mode: 'managed', change: { after: {} } }]), 'change.actions is not a list'],
    ['a plan whose change is not an object', plan([{ address: 'aws_ecr_repository.repo', type: 'aws_ecr_repository', name: 'repo', mode: 'managed', change: 'create' }]), 'has no change'],
    ['a plan whose entry has no address', plan([{ type: 'aws_ecr_repository', name: 'repo', mode: 'managed', change: { actions: ['create'], after: {} } }]), 'has no address'],
    ['a state file, not a plan', JSON.stringify({ format_version: '1.0', values: {} }), 'has no resource_changes'],
    ['an array', '[]', 'the top level is not an object'],
  ])('%s', async (_name, text, expected) => {
    const file = write('plans/prod.json', text);
    const result = await gate({ plans: [file], synth: false });
    expect(messages(result)).toEqual([expect.stringContaining('plans/prod.json')]);
    expect(messages(result)[0]).toContain(expected);
    expect(result.exitCode).toBe(2);
  });

  test.each([
    ['resource is not an object', { resource: 'aws_ecr_repository' }, '"resource" is not an object'],
    ['a resource body is not an object', { resource: { aws_ecr_repository: { repo: 'web' } } }, '"resource.aws_ecr_repository.repo" is not an object'],
    ['provider is a list of strings', { provider: { aws: ['x'] }, resource: repository('IMMUTABLE').resource }, '"provider.aws" is not an object or a list of objects'],
    ['nothing in it', { locals: { production: true } }, 'nothing to check'],
  ])('a cdk.tf.json where %s', async (_name, json, expected) => {
    write('out/stacks/prod/cdk.tf.json', JSON.stringify(json));
    const result = await gate({ synthDir: 'out' });
    expect(messages(result)).toEqual([expect.stringContaining('out/stacks/prod/cdk.tf.json')]);
    expect(messages(result)[0]).toContain(expected);
    expect(result.exitCode).toBe(2);
  });

  test('a backend removed by an override ("local": null) is absent, not malformed', async () => {
    write('out/stacks/prod/cdk.tf.json', JSON.stringify({ ...repository('IMMUTABLE'), terraform: { backend: { local: null, remote: { organization: 'acme' } } } }));
    const result = await gate({ synthDir: 'out' });
    expect(result.findings).toEqual([]);
    expect(result.exitCode).toBe(0);
  });

  test('a stack folder without cdk.tf.json', async () => {
    write('out/stacks/prod/cdk.tf.json', JSON.stringify(repository('IMMUTABLE')));
    fs.mkdirSync(path.join(root, 'out/stacks/staging'));
    const result = await gate({ synthDir: 'out' });
    expect(messages(result)).toEqual([expect.stringMatching(/^Stack folder out\/stacks\/staging has no cdk\.tf\.json/)]);
    expect(result.exitCode).toBe(2);
  });

  test('a synth directory without stacks', async () => {
    fs.mkdirSync(path.join(root, 'out/stacks'), { recursive: true });
    const result = await gate({ synthDir: 'out' });
    expect(messages(result)).toEqual(['out/stacks holds no stacks: nothing to check (run the synth first)']);
    expect(result.exitCode).toBe(2);
  });

  test('no source, no synth output and no plan: nothing to check', async () => {
    const result = await gate({ synth: false });
    expect(messages(result)).toEqual(['Nothing to check: no TypeScript files, no synth output and no plan (a gate that checked nothing never passes)']);
    expect(result.exitCode).toBe(2);
  });

  test('a .json file given as source', async () => {
    const file = write('out/stacks/prod/cdk.tf.json', JSON.stringify(repository('IMMUTABLE')));
    const result = await runGate({ root, paths: [file], synth: false });
    expect(messages(result)).toEqual([expect.stringContaining('is not a TypeScript file (.ts, .tsx)')]);
    expect(result.exitCode).toBe(2);
  });

  test('a source directory without TypeScript files', async () => {
    write('docs/readme.md', '# nothing here\n');
    const result = await runGate({ root, paths: [path.join(root, 'docs')], synth: false });
    expect(messages(result)).toEqual([expect.stringContaining('holds no TypeScript files')]);
    expect(result.exitCode).toBe(2);
  });

  test('a FIFO given as a plan is refused, not read', async () => {
    const fifo = path.join(root, 'plan.json');
    if (spawnSync('mkfifo', [fifo]).status !== 0) return void console.log('skipped: mkfifo is not available');
    const result = await gate({ plans: [fifo], synth: false });
    expect(messages(result)).toEqual(['Cannot read plan plan.json: not a regular file']);
    expect(result.exitCode).toBe(2);
  });
});

describe('production: only a literal false marker (and no environment file saying true) makes a stack non-production', () => {
  const stack = (locals: unknown) => ({ ...(locals === undefined ? {} : { locals }), ...repository('MUTABLE') });
  test.each([
    ['no marker', undefined, true],
    ['the string "false"', { production: 'false' }, true],
    ['a Terraform expression', { production: '${var.production}' }, true],
    ['null', { production: null }, true],
    ['the literal false', { production: false }, false],
  ])('%s', async (_name, locals, production) => {
    write('out/stacks/prod/cdk.tf.json', JSON.stringify(stack(locals)));
    const result = await gate({ synthDir: 'out', environments: 'none' });
    expect(result.findings.map((f) => f.ruleId)).toEqual(production ? ['immutable-prod-tags'] : []);
  });

  test('an environment file that says production: true wins over a false marker', async () => {
    write('out/stacks/prod/cdk.tf.json', JSON.stringify(stack({ production: false })));
    write('environments/prod.yaml', 'name: prod\nproduction: true\n');
    write('out/stacks/dev/cdk.tf.json', JSON.stringify(stack({ production: false })));
    write('environments/dev.yaml', 'name: dev\nproduction: false\n');
    const result = await gate({ synthDir: 'out' });
    expect(result.findings.map((f) => [f.ruleId, f.stack])).toEqual([['immutable-prod-tags', 'prod']]);
  });

  test.each([
    ['a plain line', 'name: prod\nproduction: true # the live site\n'],
    ['flow style', '{ name: prod, production: true }\n'],
    ['an anchor', 'defaults: &d\n  production: true\nname: prod\nproduction: *d\n'],
  ])('an environment file written as %s', async (_name, yaml) => {
    write('out/stacks/prod/cdk.tf.json', JSON.stringify(stack({ production: false })));
    write('environments/prod.yaml', yaml);
    const result = await gate({ synthDir: 'out' });
    // The anchor form's production is a map, not a boolean: that file declares nothing, the marker decides.
    expect(result.findings.map((f) => f.ruleId)).toEqual(yaml.includes('*d') ? [] : ['immutable-prod-tags']);
  });

  test('a plan takes production from its synth stack, then from the environment file', async () => {
    const change = [{ address: 'aws_ecr_repository.repo', type: 'aws_ecr_repository', name: 'repo', mode: 'managed', change: { actions: ['create'], before: null, after: { name: 'web', image_tag_mutability: 'MUTABLE' }, after_unknown: {} } }];
    const planFile = write('plans/prod.json', JSON.stringify({ format_version: '1.2', resource_changes: change, variables: { production: { value: false } } }));
    expect((await gate({ plans: [planFile], synth: false, environments: 'none' })).findings).toEqual([]);
    write('environments/prod.yaml', 'production: true\n');
    expect((await gate({ plans: [planFile], synth: false })).findings.map((f) => [f.ruleId, f.layer])).toEqual([['immutable-prod-tags', 'plan']]);
  });
});

describe('Terraform modules: what the synth layer cannot see, a plan shows', () => {
  const withModule = { locals: { production: true }, module: { registry: { source: 'terraform-aws-modules/ecr/aws', repository_name: 'web' } }, provider: { aws: [{ region: 'eu-west-1' }] } };
  const modulePlan = JSON.stringify({
    format_version: '1.2',
    resource_changes: [
      {
        address: 'module.registry.aws_ecr_repository.this[0]',
        module_address: 'module.registry',
        type: 'aws_ecr_repository',
        name: 'this',
        mode: 'managed',
        change: { actions: ['create'], before: null, after: { name: 'web', image_tag_mutability: 'MUTABLE' }, after_unknown: { arn: true } },
      },
    ],
  });

  test('a module without a plan of its stack is a warning naming it', async () => {
    write('out/stacks/prod/cdk.tf.json', JSON.stringify(withModule, null, 2));
    const result = await gate({ synthDir: 'out' });
    expect(result.findings.map((f) => [f.ruleId, f.severity, f.message])).toEqual([
      ['policy/blind-spot', 'warning', 'module.registry is a Terraform module: the synth layer cannot see the resources it creates; a plan of this stack (npm run validate, or --plan) lets the plan layer check them.'],
    ]);
    expect(result.exitCode).toBe(0);
  });

  test("with the stack's plan, the resources inside the module are checked", async () => {
    write('out/stacks/prod/cdk.tf.json', JSON.stringify(withModule, null, 2));
    write('out/stacks/prod/plan.json', modulePlan);
    const result = await gate({ synthDir: 'out' });
    expect(result.findings.map((f) => [f.ruleId, f.layer, f.message])).toEqual([
      ['immutable-prod-tags', 'plan', 'module.registry.aws_ecr_repository.this[0] can exist in production but its image_tag_mutability is MUTABLE; production tags must be IMMUTABLE. [plan prod]'],
    ]);
  });
});
