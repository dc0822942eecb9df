/**
 * The CLI as CI runs it: `npm run policy` (node -r ./scripts/register.js policies/cli.ts …) in a child process, exit codes 0/1/2, formats, --output.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs, UsageError } from '../../policies/cli';
import { ruleList } from '../../policies/rules';

const root = path.resolve(__dirname, '../..');
const fixtures = '__tests__/fixtures/policies';

function cli(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ['-r', './scripts/register.js', 'policies/cli.ts', ...args], { cwd: root, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('argument parsing', () => {
  test('paths, flags, = forms and repeated or multi-file --plan', () => {
    expect(parseArgs(['a.ts', '--format=sarif', '--output', 'out.sarif', '--synth-dir', 'out', '--plan', 'p1.json', 'p2.json', 'b', '--plan=p3.json', '--no-source'], '/r')).toEqual({
      root: '/r',
      paths: ['/r/a.ts', '/r/b'],
      format: 'sarif',
      output: '/r/out.sarif',
      synthDir: '/r/out',
      plans: ['/r/p1.json', '/r/p2.json', '/r/p3.json'],
      source: false,
      synth: true,
      cache: true,
      help: false,
    });
  });

  test('--no-synth', () => {
    expect(parseArgs(['--no-synth'], '/r')).toMatchObject({ synth: false, source: true });
  });

  test('--no-cache', () => {
    expect(parseArgs(['--no-cache'], '/r')).toMatchObject({ cache: false, source: true, synth: true });
  });

  test.each([[['--format', 'xml']], [['--bogus']], [['--output']], [['--plan', '--format', 'json']], [['--no-source=yes']], [['--no-synth=1']], [['--no-cache=0']]])('%j is a usage error', (args) => {
    expect(() => parseArgs(args, '/r')).toThrow(UsageError);
  });
});

describe('exit codes', () => {
  beforeAll(() => {
    // The fixture plan was made from the fixture cdk.tf.json: keep it newer, whatever the checkout did.
    const now = new Date();
    fs.utimesSync(path.join(root, fixtures, 'plan-prod/stacks/prod/cdk.tf.json'), new Date(now.getTime() - 60_000), new Date(now.getTime() - 60_000));
    fs.utimesSync(path.join(root, fixtures, 'plan-prod/stacks/prod/plan.json'), now, now);
  });

  test('0: a clean synth output', () => {
    const run = cli('--no-source', '--synth-dir', `${fixtures}/clean`);
    expect(run.stdout).toBe(`Checked 0 TypeScript files, 1 stack and 0 plans with ${ruleList.length} rules (11 resources).\nPolicy gate passed: 0 errors, 0 warnings, 0 notes, 0 suppressed (exit 0).\n`);
    expect(run.status).toBe(0);
  });

  test('1: errors in synth and plan (json format, de-duplicated across layers)', () => {
    const run = cli('--no-source', '--synth-dir', `${fixtures}/plan-prod`, '--format', 'json');
    expect(run.status).toBe(1);
    const report = JSON.parse(run.stdout) as { findings: { ruleId: string; layer: string; file: string }[]; summary: { errors: number; plans: string[]; exitCode: number } };
    expect(report.findings.map((finding) => `${finding.ruleId} ${finding.layer}`)).toEqual([
      'ecr-customer-key synth',
      'immutable-prod-tags synth',
      'no-latest-image-in-prod synth',
      'no-plaintext-secrets synth',
      'alb-access-logs synth',
      'alb-waf-protected synth',
      'http-redirect-to-https synth',
      'sg-ingress-from-alb-only synth',
    ]);
    expect(report.summary).toMatchObject({ errors: 8, exitCode: 1, plans: [`${fixtures}/plan-prod/stacks/prod/plan.json`] });
  });

  test('a plan older than its cdk.tf.json is skipped and listed as stale', () => {
    const planFile = path.join(root, fixtures, 'plan-prod/stacks/prod/plan.json');
    const old = new Date(Date.now() - 3_600_000);
    fs.utimesSync(planFile, old, old);
    try {
      const run = cli('--no-source', '--synth-dir', `${fixtures}/plan-prod`, '--format', 'json');
      const report = JSON.parse(run.stdout) as { summary: { plans: string[]; stalePlans: string[] } };
      expect(report.summary.plans).toEqual([]);
      expect(report.summary.stalePlans).toEqual([`${fixtures}/plan-prod/stacks/prod/plan.json`]);
    } finally {
      fs.utimesSync(planFile, new Date(), new Date());
    }
  });

  test('1: the plan alone finds the same problems', () => {
    const run = cli('--no-source', '--plan', `${fixtures}/plan-prod/stacks/prod/plan.json`, '--synth-dir', `${fixtures}/clean`, '--format', 'json');
    expect(run.status).toBe(1);
    const report = JSON.parse(run.stdout) as { findings: { ruleId: string; layer: string }[] };
    expect(report.findings.filter((finding) => finding.layer === 'plan').map((finding) => finding.ruleId).sort()).toEqual([
      'alb-access-logs',
      'alb-waf-protected',
      'ecr-customer-key',
      'http-redirect-to-https',
      'immutable-prod-tags',
      'no-latest-image-in-prod',
      'no-plaintext-secrets',
      'sg-ingress-from-alb-only',
    ]);
  });

  test('1: source errors through the real source layer; suppressed findings stay in the report', () => {
    const run = cli(`${fixtures}/app`, '--synth-dir', `${fixtures}/clean`, '--format', 'github');
    expect(run.stdout).toBe(
      [
        `::error file=${fixtures}/app/registry.ts,line=13,col=5,title=immutable-prod-tags::EcrRepository "repository" (${fixtures}/app/registry.ts:13) can exist in production but its image_tag_mutability is MUTABLE; production tags must be IMMUTABLE.`,
        `::notice file=${fixtures}/app/registry.ts,line=19,col=5,title=log-retention-set (suppressed)::CloudwatchLogGroup "logs" (${fixtures}/app/registry.ts:19) keeps logs forever (retention_in_days is omitted). (suppressed: fixture: logs of a throwaway sandbox)`,
        '',
      ].join('\n'),
    );
    expect(run.status).toBe(1);
  });

  test('0: a clean source file', () => {
    const run = cli(`${fixtures}/app/clean.ts`, '--synth-dir', `${fixtures}/clean`);
    expect(run.status).toBe(0);
  });

  test('2: a TypeScript file that does not parse', () => {
    const run = cli(`${fixtures}/unparsable`, '--synth-dir', `${fixtures}/clean`, '--format', 'json');
    expect(run.status).toBe(2);
    const report = JSON.parse(run.stdout) as { findings: { ruleId: string; file: string }[] };
    expect(report.findings.filter((finding) => finding.ruleId === 'policy/gate-error').map((finding) => finding.file)).toEqual([`${fixtures}/unparsable/broken.ts`]);
  });

  test('2: a cdk.tf.json that does not parse', () => {
    const run = cli('--no-source', '--synth-dir', `${fixtures}/broken-json`);
    expect(run.status).toBe(2);
    expect(run.stdout).toContain('Cannot parse __tests__/fixtures/policies/broken-json/stacks/prod/cdk.tf.json');
  });

  test('2: a missing plan, a missing synth dir, bad arguments', () => {
    expect(cli('--no-source', '--synth-dir', `${fixtures}/clean`, '--plan', 'nope/plan.json').status).toBe(2);
    expect(cli('--no-source', '--synth-dir', `${fixtures}/nowhere`).status).toBe(2);
    const bad = cli('--format', 'xml');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--format must be one of text, json, sarif, github, markdown; received xml');
  });

  test('--output writes the report and prints a one-line summary to stderr', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'policy-cli-'));
    try {
      const output = path.join(dir, 'report.sarif');
      const run = cli('--no-source', '--synth-dir', `${fixtures}/clean`, '--format', 'sarif', '--output', output);
      expect(run.status).toBe(0);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(/^policy: 0 error\(s\), 0 warning\(s\), 0 suppressed; sarif report written to .*report\.sarif \(exit 0\)\n$/);
      expect(JSON.parse(fs.readFileSync(output, 'utf8')).version).toBe('2.1.0');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('--help exits 0', () => {
    const run = cli('--help');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('Usage: npm run policy');
  });
});

describe('the report goes where it is asked, or the gate says in one line why it cannot (exit 2)', () => {
  const clean = ['--no-source', '--synth-dir', `${fixtures}/clean`];
  /** A one-line message on stderr, no stack trace, exit 2. */
  const expectOneLineError = (run: { status: number | null; stdout: string; stderr: string }, pattern: RegExp): void => {
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(pattern);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  };
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'policy-output-'));
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('a directory', () => {
    expectOneLineError(cli(...clean, '--output', dir), /^policy: cannot write the report to .*: it is a directory;/);
  });

  test('missing parent directories are created; nothing else is left beside the report', () => {
    const output = path.join(dir, 'reports', 'deep', 'policy.json');
    const run = cli(...clean, '--format', 'json', '--output', output);
    expect(run.status).toBe(0);
    expect(JSON.parse(fs.readFileSync(output, 'utf8')).summary.exitCode).toBe(0);
    expect(fs.readdirSync(path.dirname(output))).toEqual(['policy.json']);
  });

  test('a full device (/dev/full)', () => {
    if (!fs.existsSync('/dev/full')) return void console.log('skipped: this system has no /dev/full');
    expectOneLineError(cli(...clean, '--output', '/dev/full'), /no space left on the device \(ENOSPC\)/);
  });

  test('a file system that refuses writes (/sys)', () => {
    if (!fs.existsSync('/sys/kernel')) return void console.log('skipped: this system has no /sys');
    expectOneLineError(cli(...clean, '--output', '/sys/policy-report.txt'), /cannot write the report to \/sys\/policy-report\.txt: (permission denied|read-only file system|operation not permitted)/);
  });

  test('a path under /proc ends at once instead of spinning', () => {
    if (!fs.existsSync('/proc/self')) return void console.log('skipped: this system has no /proc');
    const started = Date.now();
    const result = spawnSync(process.execPath, ['-r', './scripts/register.js', 'policies/cli.ts', ...clean, '--output', '/proc/policy/report.txt'], { cwd: root, encoding: 'utf8', timeout: 60_000 });
    expect(result.signal).toBeNull();
    expectOneLineError({ status: result.status, stdout: result.stdout, stderr: result.stderr }, /cannot write the report to \/proc\/policy/);
    expect(Date.now() - started).toBeLessThan(60_000);
  });

  test('a FIFO nobody reads is refused, not waited on', () => {
    const fifo = path.join(dir, 'pipe');
    if (spawnSync('mkfifo', [fifo]).status !== 0) return void console.log('skipped: mkfifo is not available');
    const result = spawnSync(process.execPath, ['-r', './scripts/register.js', 'policies/cli.ts', ...clean, '--output', fifo], { cwd: root, encoding: 'utf8', timeout: 60_000 });
    expect(result.signal).toBeNull();
    expectOneLineError({ status: result.status, stdout: result.stdout, stderr: result.stderr }, /nothing reads from it \(ENXIO\)/);
  });

  test('a root that is not a directory', () => {
    expectOneLineError(cli('--root', path.join(dir, 'nope')), /^policy: --root .* is not a directory$/m);
  });
});
