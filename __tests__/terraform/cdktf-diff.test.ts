/**
 * The cdktf CLI path users take (`npx cdktf diff <stack>`), run for real on a copy of the project with
 * the tests' environments: cdktf runs cdktf.json's app (synth and the policy gate), then terraform
 * initializes from the provider mirror and plans with stub credentials (ECS_WEB_STACK_OFFLINE_PLAN makes
 * the provider skip its own AWS calls). Skipped, with the reason, when terraform or the mirror is missing.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { copyProject } from '../helpers/project';
import { tempDir } from '../helpers/temp';
import { terraformForTests } from '../helpers/terraform';

const { withTerraform, skipNote, cliConfig } = terraformForTests('cdktf diff', { needsMirror: true });

withTerraform(`npx cdktf diff dev runs the gate through cdktf.json and plans the whole stack offline${skipNote}`, () => {
  const root = copyProject();
  const result = spawnSync(join(root, 'node_modules', '.bin', 'cdktf'), ['diff', 'dev', '--skip-provider-lock'], {
    cwd: root,
    encoding: 'utf8',
    timeout: 240_000,
    env: {
      ...process.env,
      CI: 'true',
      TF_CLI_CONFIG_FILE: cliConfig(tempDir('cdktf-diff')),
      ECS_WEB_STACK_OFFLINE_PLAN: '1',
      AWS_ACCESS_KEY_ID: 'AKIASTUBSTUBSTUBSTUB',
      AWS_SECRET_ACCESS_KEY: 'stub-secret',
      AWS_REGION: 'us-east-1',
      TF_CLOUD_ORGANIZATION: '',
    },
  });
  const output = `${result.stdout}\n${result.stderr}`;
  if (result.status !== 0) console.error(output.slice(-4000));
  expect(result.status).toBe(0);
  expect(output).toMatch(/Policy gate passed/);
  expect(output).toMatch(/Plan:\s*(\S+\s*)?\d+ to add, 0 to change, 0 to destroy/);
  // CHECKPOINT_DISABLE (set for every test run) keeps the CLI from calling HashiCorp, and from logging an [ERROR] offline.
  expect(output).not.toMatch(/\[ERROR\].*checkpoint/);
}, 300_000);
