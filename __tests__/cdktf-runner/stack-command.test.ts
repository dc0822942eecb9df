/**
 * `npm run plan|deploy|destroy -- <env>`: the command line, then synth and the gate, then the exact
 * cdktf CLI command. The CLI itself is replaced by a recorder (it would need AWS or Terraform Cloud);
 * everything before it runs for real on a copy of the project with the tests' environments.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { destroyChecks } from '../../cdktf-runner/destroy-checks';
import { runStackCommand, type RunCdktf } from '../../cdktf-runner/run';
import { cdktfArguments, parseStackCommand, StackCommandUsageError } from '../../cdktf-runner/stack-command';
import { addPolicyViolation, copyProject } from '../helpers/project';
import { FIXTURE_ENVIRONMENTS, REPO_ROOT } from '../helpers/synth';
import { tempDir } from '../helpers/temp';

const environments = ['dev', 'prod', 'staging'];

describe('the command line', () => {
  test.each([
    [['dev'], 'plan', ['plan', 'dev', '--skip-synth']],
    [['prod', '--auto-approve'], 'deploy', ['deploy', 'prod', '--skip-synth', '--auto-approve']],
    [['staging', '--var', 'image_tag=abc123', '--parallelism=4'], 'deploy', ['deploy', 'staging', '--skip-synth', '--var', 'image_tag=abc123', '--parallelism=4']],
    [['image-dev'], 'destroy', ['destroy', 'image-dev', '--skip-synth']],
  ] as const)('%j (%s) runs cdktf %j', (argv, verb, expected) => {
    expect(cdktfArguments(parseStackCommand(verb, argv, environments))).toEqual(expected);
  });

  test.each([
    [[], /^which environment\? environments\/ has dev, prod, staging \(and their image stacks image-<env>\)$/],
    [['qa'], /^unknown environment "qa": environments\/ has dev, prod, staging/],
    [['prd'], /^unknown environment "prd" \(did you mean "prod"\?\)/],
    [['--auto-approve', 'dev'], /^the environment comes first: npm run deploy -- <env> --auto-approve dev$/],
    [['dev', 'prod'], /^one environment at a time: run npm run deploy -- prod separately$/],
    [['dev', '--skip-synth'], /^--skip-synth is not allowed/],
    [['dev', '--output=elsewhere'], /^--output is not allowed/],
  ])('%j is a usage error', (argv, message) => {
    expect(() => parseStackCommand('deploy', argv, environments)).toThrow(StackCommandUsageError);
    expect(() => parseStackCommand('deploy', argv, environments)).toThrow(message);
  });

  test('no environment files at all says how to add one', () => {
    expect(() => parseStackCommand('plan', ['dev'], [])).toThrow(/environments\/ holds no <env>\.yaml file; add one \(README: Add an environment\)/);
  });
});

interface Recorded {
  readonly binary: string;
  readonly args: readonly string[];
  readonly cwd: string;
  readonly checkpoint: string | undefined;
}

/** Runs the command in-process with a recording cdktf CLI; returns what it printed and ran. */
async function run(root: string, verb: 'plan' | 'deploy' | 'destroy', argv: string[], cdktfExit = 0) {
  const calls: Recorded[] = [];
  const runCdktf: RunCdktf = async (binary, args, { cwd, env }) => {
    calls.push({ binary, args, cwd, checkpoint: env.CHECKPOINT_DISABLE });
    return cdktfExit;
  };
  const out: string[] = [];
  const err: string[] = [];
  const log = jest.spyOn(console, 'log').mockImplementation((...parts: unknown[]) => void out.push(parts.join(' ')));
  const error = jest.spyOn(console, 'error').mockImplementation((...parts: unknown[]) => void err.push(parts.join(' ')));
  const warn = jest.spyOn(console, 'warn').mockImplementation((...parts: unknown[]) => void err.push(parts.join(' ')));
  try {
    const code = await runStackCommand(verb, argv, { root, runCdktf, env: { PATH: process.env.PATH } });
    return { code, calls, stdout: out.join('\n'), stderr: err.join('\n') };
  } finally {
    log.mockRestore();
    error.mockRestore();
    warn.mockRestore();
  }
}

describe('synth and gate, then the cdktf CLI', () => {
  let root: string;
  beforeAll(() => {
    root = copyProject();
  });

  test('deploy: synthesizes, passes the gate, then runs cdktf deploy <env> --skip-synth with the options given', async () => {
    const result = await run(root, 'deploy', ['dev', '--auto-approve'], 0);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/^stack dev: \d+ resources$/m);
    expect(result.stdout).toMatch(/^Policy gate passed/m);
    expect(result.stdout).toMatch(/^\$ npx cdktf deploy dev --skip-synth --auto-approve$/m);
    expect(result.calls).toEqual([{ binary: join(root, 'node_modules', '.bin', 'cdktf'), args: ['deploy', 'dev', '--skip-synth', '--auto-approve'], cwd: root, checkpoint: '1' }]);
    expect(result.code).toBe(0);
    // The CLI reads the output that was just gated.
    expect(existsSync(join(root, 'cdktf.out', 'stacks', 'dev', 'cdk.tf.json'))).toBe(true);
  });

  test("the cdktf CLI's exit code is the command's", async () => {
    const result = await run(root, 'plan', ['staging'], 3);
    expect(result.calls.map((call) => call.args)).toEqual([['plan', 'staging', '--skip-synth']]);
    expect(result.code).toBe(3);
  });

  test('an unknown environment: exit 2 before anything is synthesized', async () => {
    const before = statSync(join(root, 'cdktf.out', 'manifest.json')).mtimeMs;
    const result = await run(root, 'plan', ['qa']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error: unknown environment "qa": environments\/ has dev, prod, staging/);
    expect(result.stderr).toMatch(/usage: npm run plan -- <env> \[cdktf options\]/);
    expect(result.calls).toEqual([]);
    expect(statSync(join(root, 'cdktf.out', 'manifest.json')).mtimeMs).toBe(before);
  });

  test('destroy of a production stack with deletion protection stops before Terraform and says what to change', async () => {
    const result = await run(root, 'destroy', ['prod']);
    expect(result.code).toBe(1);
    expect(result.calls).toEqual([]);
    expect(result.stderr).toMatch(/destroy prod: stopped before Terraform; the destroy would fail half-way:/);
    expect(result.stderr).toMatch(/aws_lb\.\S+ has deletion protection .* Set loadBalancer\.deletionProtection: false in environments\/prod\.yaml, apply that \(npm run deploy -- prod\), then destroy\./);
  });

  test('destroy of a stack without blockers runs, with a note on the repository that must be empty', async () => {
    const result = await run(root, 'destroy', ['dev']);
    expect(result.stdout).toMatch(/^note: ECR repository web-dev is deleted only when it holds no images/m);
    expect(result.calls.map((call) => call.args)).toEqual([['destroy', 'dev', '--skip-synth']]);
    expect(result.code).toBe(0);
  });
});

describe('what stops the commands before Terraform', () => {
  test('a policy error: exit 1, and the cdktf CLI never runs', async () => {
    const root = copyProject();
    addPolicyViolation(root);
    const result = await run(root, 'deploy', ['dev', '--auto-approve']);
    expect(result.stdout).toMatch(/http-redirect-to-https/);
    expect(result.stderr).toMatch(/^deploy dev: stopped before Terraform: a configuration or policy error \(above\)\.$/m);
    expect(result.calls).toEqual([]);
    expect(result.code).toBe(1);
  });

  test('a configuration error: exit 1, nothing synthesized, the cdktf CLI never runs', async () => {
    const root = copyProject();
    const dev = join(root, 'environments', 'dev.yaml');
    writeFileSync(dev, readFileSync(dev, 'utf8').replace(/^(\s*cpu:\s*)\d+/m, '$1300'));
    const result = await run(root, 'plan', ['dev']);
    expect(result.stderr).toMatch(/environments\/dev\.yaml:\d+: task\.cpu/);
    expect(result.calls).toEqual([]);
    expect(result.code).toBe(1);
    expect(existsSync(join(root, 'cdktf.out'))).toBe(false);
  });

  test('an adopted resource with prevent_destroy stops destroy, naming the imports: entry to remove', async () => {
    const root = copyProject();
    copyFileSync(join(FIXTURE_ENVIRONMENTS, 'examples', 'console-tutorial.yaml'), join(root, 'environments', 'console-tutorial.yaml'));
    const result = await run(root, 'destroy', ['console-tutorial']);
    expect(result.code).toBe(1);
    expect(result.calls).toEqual([]);
    expect(result.stderr).toMatch(/aws_ecr_repository\.\S+ has prevent_destroy \(the file adopts it under imports:\)\. Remove its imports: entry from environments\/console-tutorial\.yaml/);
  });
});

test('npm run plan, deploy and destroy run the entry point with their verb; a bad command line exits 2 with the usage', () => {
  const scripts = (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
  for (const verb of ['plan', 'deploy', 'destroy']) expect(scripts[verb]).toBe(`node -r ./scripts/register.js scripts/stack-command.ts ${verb}`);
  const root = copyProject();
  const run = spawnSync(process.execPath, ['-r', './scripts/register.js', 'scripts/stack-command.ts', 'deploy'], { cwd: root, encoding: 'utf8' });
  expect(run.stderr).toMatch(/^error: which environment\? environments\/ has dev, prod, staging/);
  expect(run.stderr).toMatch(/usage: npm run deploy -- <env> \[cdktf options\] \[--auto-approve\]/);
  expect(run.status).toBe(2);
  expect(existsSync(join(root, 'cdktf.out'))).toBe(false);
});

test('destroy checks: buckets and repositories that must be emptied are notes; deletion protection and prevent_destroy are blockers', () => {
  const outdir = tempDir('destroy-checks');
  const stack = {
    resource: {
      aws_lb: { alb: { enable_deletion_protection: true }, internal: { enable_deletion_protection: false } },
      aws_ecr_repository: { repo: { name: 'web-prod', force_delete: false }, scratch: { name: 'scratch', force_delete: true } },
      aws_s3_bucket: { logs: { bucket_prefix: 'web-prod-lb-logs-' }, tmp: { bucket: 'tmp', force_destroy: true } },
      aws_acm_certificate: { cert: { lifecycle: { prevent_destroy: true } } },
    },
  };
  const dir = join(outdir, 'stacks', 'prod');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'cdk.tf.json'), JSON.stringify(stack));
  const checks = destroyChecks(outdir, 'prod', 'environments/prod.yaml');
  expect(checks.blockers).toEqual([expect.stringMatching(/^aws_lb\.alb has deletion protection/), expect.stringMatching(/^aws_acm_certificate\.cert has prevent_destroy/)]);
  expect(checks.notes).toEqual([expect.stringMatching(/^ECR repository web-prod is deleted only when it holds no images/), expect.stringMatching(/^S3 bucket web-prod-lb-logs-… is deleted only when it holds no objects/)]);
});
