/**
 * The cdktf CLI as users reach it, run for real on a copy of the project with the tests' environments:
 * `npm run plan -- dev` (synth and gate, then `cdktf plan dev --skip-synth`) plans the whole stack offline
 * (terraform initializes from the provider mirror and plans with stub credentials; TF_VAR_offline_plan=true
 * makes the provider skip its own AWS calls, and the gated output in cdktf.out stays as a deploy needs it), and `npx cdktf synth` fails when the gate fails, because
 * cdktf.json's app is the same synth and gate. The plan is skipped, with the reason, when terraform or the
 * mirror is missing.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { addPolicyViolation, copyProject } from '../helpers/project';
import { tempDir } from '../helpers/temp';
import { terraformForTests } from '../helpers/terraform';

const { withTerraform, skipNote, cliConfig } = terraformForTests('cdktf plan', { needsMirror: true });

withTerraform(`npm run plan -- dev: synth and gate, then cdktf plan --skip-synth plans the whole stack offline${skipNote}`, () => {
  const root = copyProject();
  const script = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: { plan: string } }).scripts.plan;
  // `npm run plan -- dev --skip-provider-lock`, without npm (it would write its log into the home directory).
  // --skip-provider-lock: cdktf otherwise runs `terraform providers lock`, which asks the registry.
  const [, ...args] = script.split(' ');
  const result = spawnSync(process.execPath, [...args, 'dev', '--skip-provider-lock'], {
    cwd: root,
    encoding: 'utf8',
    timeout: 240_000,
    env: {
      ...process.env,
      CI: 'true',
      TF_CLI_CONFIG_FILE: cliConfig(tempDir('cdktf-plan')),
      TF_VAR_offline_plan: 'true',
      AWS_ACCESS_KEY_ID: 'AKIASTUBSTUBSTUBSTUB',
      AWS_SECRET_ACCESS_KEY: 'stub-secret',
      AWS_REGION: 'us-east-1',
      TF_CLOUD_ORGANIZATION: '',
      // The command sets it for the cdktf CLI unless the user did: leave that to the command.
      CHECKPOINT_DISABLE: undefined,
    },
  });
  const output = `${result.stdout}\n${result.stderr}`;
  if (result.status !== 0) console.error(output.slice(-4000));
  expect(result.status).toBe(0);
  expect(output).toMatch(/Policy gate passed/);
  expect(output).toMatch(/^\$ npx cdktf plan dev --skip-synth --skip-provider-lock$/m);
  expect(output).toMatch(/Plan:\s*(\S+\s*)?\d+ to add, 0 to change, 0 to destroy/);
  // Offline, the CLI's call to checkpoint-api.hashicorp.com would log an [ERROR]: the command switches it off.
  expect(output).not.toMatch(/\[ERROR\].*checkpoint/);
  // The plan was offline, the output is not: nothing in cdktf.out turns the provider's checks off.
  const provider = JSON.parse(readFileSync(join(root, 'cdktf.out', 'stacks', 'dev', 'cdk.tf.json'), 'utf8')).provider.aws[0] as Record<string, unknown>;
  expect(provider.skip_credentials_validation).toBe('${var.offline_plan}');
}, 300_000);

test('npx cdktf synth runs the gate through cdktf.json: a policy error fails it', () => {
  const root = copyProject();
  addPolicyViolation(root);
  const result = spawnSync(join(root, 'node_modules', '.bin', 'cdktf'), ['synth'], { cwd: root, encoding: 'utf8', timeout: 120_000, env: { ...process.env, CI: 'true' } });
  const output = `${result.stdout}\n${result.stderr}`;
  expect(output).toMatch(/http-redirect-to-https/);
  expect(output).toMatch(/Policy gate failed|error/i);
  expect(result.status).not.toBe(0);
  // The gate ran after synthesis: the output is there, and the CLI refused it.
  expect(existsSync(join(root, 'cdktf.out', 'stacks', 'dev', 'cdk.tf.json'))).toBe(true);
}, 180_000);
