/** The environment the project's own terraform processes run with (terraform-runner/run-terraform.ts). */
import { terraformEnv } from '../../terraform-runner/run-terraform';

test('no update check (offline runs, nothing written to the home directory) unless the user chose otherwise', () => {
  expect(terraformEnv({ PATH: '/usr/bin' }).CHECKPOINT_DISABLE).toBe('1');
  expect(terraformEnv({ PATH: '/usr/bin', CHECKPOINT_DISABLE: '' }).CHECKPOINT_DISABLE).toBe('');
});

test('variables that would change what is planned are dropped; automation flags and the CLI config are set', () => {
  const env = terraformEnv({ PATH: '/usr/bin', TF_VAR_tls_private_key: 'secret', TF_WORKSPACE: 'prod', TF_CLI_ARGS_plan: '-destroy', TF_DATA_DIR: '/x' }, '/tmp/cli.tfrc');
  expect(Object.keys(env).filter((key) => key.startsWith('TF_')).sort()).toEqual(['TF_CLI_CONFIG_FILE', 'TF_INPUT', 'TF_IN_AUTOMATION']);
  expect(env).toMatchObject({ PATH: '/usr/bin', TF_CLI_CONFIG_FILE: '/tmp/cli.tfrc', TF_INPUT: '0', TF_IN_AUTOMATION: '1' });
});
