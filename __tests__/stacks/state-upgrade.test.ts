/**
 * An upgrade with real terraform: a stack applied by an earlier version (state in
 * cdktf.out/stacks/dev/terraform.dev.tfstate, .terraform/ initialised for that path) is synthesized
 * again; terraform init then works in the new output without asking to migrate, and the backend the
 * synthesized stack names finds the applied resource. The configuration is cut down to a
 * terraform_data resource (besides the synthesized backend block), so no provider has to load.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { synthesizeApp } from '../../scripts/synthesize-app';
import { terraformForTests } from '../helpers/terraform';
import { exists, makeProject } from './support/projects';

const terraform = terraformForTests('state upgrade with terraform');

function run(dir: string, ...args: string[]) {
  return spawnSync(terraform.binary, args, { cwd: dir, encoding: 'utf8', env: { ...process.env, TF_CLI_CONFIG_FILE: '/dev/null', TF_IN_AUTOMATION: '1', TF_INPUT: '0' } });
}

function minimal(backend: unknown): string {
  return JSON.stringify({ terraform: { backend }, resource: { terraform_data: { marker: { input: 'applied before the upgrade' } } } });
}

terraform.withTerraform(`state applied by an earlier version is found by the new output's backend, and init does not stop${terraform.skipNote}`, async () => {
  const root = makeProject({ dev: {} });
  const stack = join(root, 'cdktf.out', 'stacks', 'dev');
  mkdirSync(stack, { recursive: true });
  // What earlier versions synthesized: a relative path, inside the stack's folder.
  writeFileSync(join(stack, 'cdk.tf.json'), minimal({ local: { path: 'terraform.dev.tfstate' } }));
  expect(run(stack, 'init').status).toBe(0);
  expect(run(stack, 'apply', '-auto-approve').status).toBe(0);
  expect(exists(join(stack, 'terraform.dev.tfstate'))).toBe(true);

  const quiet = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  try {
    expect((await synthesizeApp(root, join(root, 'cdktf.out'), { stateDir: root, imageStacks: false })).ok).toBe(true);
  } finally {
    quiet.mockRestore();
  }
  expect(exists(join(stack, 'terraform.dev.tfstate'))).toBe(false);
  expect(exists(join(root, 'terraform.dev.tfstate'))).toBe(true);

  const synthesized = JSON.parse(readFileSync(join(stack, 'cdk.tf.json'), 'utf8'));
  writeFileSync(join(stack, 'cdk.tf.json'), minimal(synthesized.terraform.backend));
  const init = run(stack, 'init');
  expect(init.stderr).not.toMatch(/Backend configuration changed/);
  expect(init.status).toBe(0);
  expect(run(stack, 'state', 'list').stdout.trim()).toBe('terraform_data.marker');
});
