/** Terraform Cloud backend when an organization is named (file or TF_CLOUD_ORGANIZATION), else local state. */
import { App, LocalBackend, TerraformStack } from 'cdktf';
import { chooseBackend, localStatePath, PROJECT_ROOT } from '../../constructs/stack-backend';
import { baseEnvironment, merge, writeEnvironment } from '../helpers/environments';
import { REPO_ROOT, synthesize } from '../helpers/synth';
import { tempDir } from '../helpers/temp';
import { join } from 'node:path';

test.each([
  ['no organization anywhere → local', undefined, {}, { kind: 'local' }],
  ['TF_CLOUD_ORGANIZATION → cloud with the default workspace', undefined, { TF_CLOUD_ORGANIZATION: 'acme' }, { kind: 'cloud', organization: 'acme', workspace: 'web-prod', hostname: 'app.terraform.io', project: undefined }],
  ['project and Terraform Enterprise hostname from the environment', undefined, { TF_CLOUD_ORGANIZATION: 'acme', TF_CLOUD_PROJECT: 'Web', TF_CLOUD_HOSTNAME: 'tfe.acme.internal' }, { kind: 'cloud', organization: 'acme', workspace: 'web-prod', hostname: 'tfe.acme.internal', project: 'Web' }],
  ['the file wins over the environment', { organization: 'file-org', workspace: 'custom', project: 'Platform' }, { TF_CLOUD_ORGANIZATION: 'env-org', TF_CLOUD_PROJECT: 'Other' }, { kind: 'cloud', organization: 'file-org', workspace: 'custom', hostname: 'app.terraform.io', project: 'Platform' }],
  ['an empty TF_CLOUD_ORGANIZATION is not an organization', undefined, { TF_CLOUD_ORGANIZATION: '  ' }, { kind: 'local' }],
] as const)('%s', (_name, settings, env, expected) => {
  expect(chooseBackend(settings, 'web-prod', env)).toEqual(expected);
});

describe('synthesized backend block', () => {
  const saved = process.env.TF_CLOUD_ORGANIZATION;
  afterEach(() => {
    if (saved === undefined) delete process.env.TF_CLOUD_ORGANIZATION;
    else process.env.TF_CLOUD_ORGANIZATION = saved;
  });

  test('local state by default, where cdktf keeps it: terraform.<stack>.tfstate in the project root, never in cdktf.out', () => {
    delete process.env.TF_CLOUD_ORGANIZATION;
    const { file } = writeEnvironment('qa', baseEnvironment());
    expect(synthesize({ files: [file] }).stacks.qa.terraform.backend).toEqual({ local: { path: join(REPO_ROOT, 'terraform.qa.tfstate') } });
  });

  test('a cloud block with one named workspace per stack when TF_CLOUD_ORGANIZATION is set', () => {
    process.env.TF_CLOUD_ORGANIZATION = 'acme';
    const { file } = writeEnvironment('qa', baseEnvironment());
    const terraform = synthesize({ files: [file] }).stacks.qa.terraform;
    expect(terraform.backend).toBeUndefined();
    expect(terraform.cloud).toEqual({ hostname: 'app.terraform.io', organization: 'acme', workspaces: { name: 'web-qa' } });
  });

  test('the environment file can name organization, project and workspace', () => {
    delete process.env.TF_CLOUD_ORGANIZATION;
    const { file } = writeEnvironment('qa', merge(baseEnvironment(), { terraformCloud: { organization: 'acme', project: 'Web Apps', workspace: 'web-qa-eu' } }));
    expect(synthesize({ files: [file] }).stacks.qa.terraform.cloud).toEqual({
      hostname: 'app.terraform.io',
      organization: 'acme',
      workspaces: { name: 'web-qa-eu', project: 'Web Apps' },
    });
  });
});

test("the local state path is cdktf's own default for a stack run from the project root", () => {
  const stack = new TerraformStack(new App({ outdir: tempDir('out') }), 'qa');
  const cdktfDefault = new LocalBackend(stack, {});
  expect(process.cwd()).toBe(PROJECT_ROOT);
  expect((cdktfDefault.toTerraform() as { terraform: { backend: { local: { path: string } } } }).terraform.backend.local.path).toBe(localStatePath(PROJECT_ROOT, 'qa'));
});
