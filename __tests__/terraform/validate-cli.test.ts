/** `npm run validate` exit codes that need no terraform run (each case exits before synthesizing). */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const root = resolve(__dirname, '../..');

function validate(args: string[], env: NodeJS.ProcessEnv): { status: number | null; stdout: string; stderr: string } {
  return spawnSync(process.execPath, ['-r', './scripts/register.js', 'scripts/validate.ts', ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, ...env } });
}

test('terraform missing: exit 2 and how to install it', () => {
  const run = validate([], { TERRAFORM_BINARY: '/nonexistent/terraform' });
  expect(run.status).toBe(2);
  expect(run.stderr).toContain('TERRAFORM_BINARY is /nonexistent/terraform, which is not an executable file.');
  expect(run.stderr).toContain("HashiCorp's apt repository");
  expect(run.stderr).toContain('https://releases.hashicorp.com/terraform/');
  expect(run.stderr).toContain('TERRAFORM_BINARY=/path/to/terraform npm run validate');
});

test('an unknown option: exit 2 with the usage', () => {
  const run = validate(['--bogus'], {});
  expect(run.status).toBe(2);
  expect(run.stderr).toContain('error: unknown option --bogus');
  expect(run.stderr).toContain('usage: npm run validate');
});

test.each([
  [['--base', 'main'], '--base and --base-dir go with --changes'],
  [['--changes', '--base', 'main', '--base-dir', 'saved'], 'give --base or --base-dir, not both'],
  [['--changes', '--no-plan'], '--changes plans; it cannot go with --no-plan'],
  [['--changes', '--base'], '--base needs a value'],
])('%j: exit 2 with the reason and the usage', (args, reason) => {
  const run = validate(args, {});
  expect(run.status).toBe(2);
  expect(run.stderr).toContain(`error: ${reason}`);
  expect(run.stderr).toContain('--changes');
});
