/**
 * The cdktf CLI path users take (`cdktf diff <stack>`), run for real: cdktf synthesizes through
 * cdktf.json, then terraform initializes from the provider mirror and plans with stub credentials
 * (ECS_WEB_STACK_OFFLINE_PLAN makes the provider skip its own AWS calls). Skipped, with the reason,
 * when terraform or the mirror is missing.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { terraformForTests } from '../helpers/terraform';

const root = join(__dirname, '..', '..');
const { withTerraform, skipNote, cliConfig } = terraformForTests('cdktf diff', { needsMirror: true });

withTerraform(`cdktf diff dev plans the whole stack offline${skipNote}`, () => {
  const work = mkdtempSync(join(tmpdir(), 'ecs-web-stack-cdktf-diff-'));
  const result = spawnSync(join(root, 'node_modules', '.bin', 'cdktf'), ['diff', 'dev', '--skip-provider-lock', '--output', join(work, 'out')], {
    cwd: root,
    encoding: 'utf8',
    timeout: 240_000,
    env: {
      ...process.env,
      CI: 'true',
      TF_CLI_CONFIG_FILE: cliConfig(work),
      ECS_WEB_STACK_OFFLINE_PLAN: '1',
      AWS_ACCESS_KEY_ID: 'AKIASTUBSTUBSTUBSTUB',
      AWS_SECRET_ACCESS_KEY: 'stub-secret',
      AWS_REGION: 'us-east-1',
      TF_CLOUD_ORGANIZATION: '',
      CHECKPOINT_DISABLE: '1',
    },
  });
  const output = `${result.stdout}\n${result.stderr}`;
  if (result.status !== 0) console.error(output.slice(-4000));
  expect(result.status).toBe(0);
  expect(output).toMatch(/Plan:\s*(\S+\s*)?\d+ to add, 0 to change, 0 to destroy/);
}, 300_000);
