/** ECS_WEB_STACK_OFFLINE_PLAN: stub-credential settings for `cdktf diff`, never written into cdktf.out. */
import { join } from 'node:path';
import { ConfigError } from '../../config/errors';
import { offlinePlanRequested } from '../../constructs/offline-plan';
import { readFileSync } from 'node:fs';
import { buildApp } from '../../main';
import { FIXTURE_ENVIRONMENTS, synthesize } from '../helpers/synth';
import { tempDir } from '../helpers/temp';

const root = '/home/user/web';

test('not asked for: no offline settings', () => {
  expect(offlinePlanRequested({}, root)).toBe(false);
  expect(offlinePlanRequested({ ECS_WEB_STACK_OFFLINE_PLAN: '0', CDKTF_OUTDIR: '/tmp/out' }, root)).toBe(false);
});

test('the cdktf CLI writing to a directory outside cdktf.out: allowed', () => {
  expect(offlinePlanRequested({ ECS_WEB_STACK_OFFLINE_PLAN: '1', CDKTF_OUTDIR: '/tmp/diff-123/out' }, root)).toBe(true);
  expect(offlinePlanRequested({ ECS_WEB_STACK_OFFLINE_PLAN: '1', CDKTF_OUTDIR: join(root, 'cdktf.out.offline') }, root)).toBe(true);
});

test.each([
  ['npm run synth, npm run validate (no CDKTF_OUTDIR)', {}],
  ['the CLI writing to cdktf.out', { CDKTF_OUTDIR: join(root, 'cdktf.out') }],
  ['the CLI writing inside cdktf.out', { CDKTF_OUTDIR: join(root, 'cdktf.out', 'stacks') }],
])('refused for %s, with the way to do it', (_case, env) => {
  const call = (): boolean => offlinePlanRequested({ ECS_WEB_STACK_OFFLINE_PLAN: '1', ...env }, root);
  expect(call).toThrow(ConfigError);
  expect(call).toThrow(/ECS_WEB_STACK_OFFLINE_PLAN=1: .*--output <a directory outside cdktf\.out>.*mktemp -d/);
});

test('an offline stack carries the skip flags; a normal one none', () => {
  const outdir = tempDir('offline-synth');
  const built = buildApp({ environmentsDir: FIXTURE_ENVIRONMENTS, outdir, imageStacks: false, offlinePlan: true });
  built.app.synth();
  const offline = JSON.parse(readFileSync(join(outdir, 'stacks', 'dev', 'cdk.tf.json'), 'utf8')).provider.aws[0];
  expect(offline).toMatchObject({ skip_credentials_validation: true, skip_requesting_account_id: true, skip_metadata_api_check: 'true', skip_region_validation: true });
  const normal = synthesize().stacks.dev.provider.aws[0];
  expect(normal.skip_credentials_validation).toBeUndefined();
  expect(normal.skip_requesting_account_id).toBeUndefined();
});
