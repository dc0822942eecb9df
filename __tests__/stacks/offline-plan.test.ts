/**
 * Offline plans are a plan-time switch (`TF_VAR_offline_plan=true`): the AWS provider's skip flags follow
 * the `offline_plan` variable, so the synthesized stack is the same for an offline plan and a deploy, and
 * nothing of an offline plan reaches cdktf.out. The earlier synth-time switch is refused with the new way.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../../config/errors';
import { rejectRetiredOfflineSwitch } from '../../constructs/offline-plan';
import { buildApp } from '../../main';
import { FIXTURE_ENVIRONMENTS, synthesize } from '../helpers/synth';
import { tempDir } from '../helpers/temp';

test('every web stack: skip flags, a closed proxy and no allow-list only when offline_plan is set (false unless a plan sets it)', () => {
  const stack = synthesize().stacks.dev;
  expect(stack.provider.aws[0]).toMatchObject({
    skip_credentials_validation: '${var.offline_plan}',
    skip_requesting_account_id: '${var.offline_plan}',
    skip_region_validation: '${var.offline_plan}',
    skip_metadata_api_check: '${var.offline_plan ? "true" : "false"}',
    https_proxy: '${var.offline_plan ? "http://127.0.0.1:9" : null}',
    allowed_account_ids: '${var.offline_plan ? null : ["111122223333"]}',
  });
  expect(stack.variable?.offline_plan).toMatchObject({ type: 'bool', default: false, nullable: false });
});

test('the same stack whether or not the next plan is offline: nothing offline is written into the output', () => {
  const outdir = join(tempDir('offline-synth'), 'cdktf.out');
  buildApp({ environmentsDir: FIXTURE_ENVIRONMENTS, outdir, imageStacks: false }).app.synth();
  const provider = JSON.parse(readFileSync(join(outdir, 'stacks', 'prod', 'cdk.tf.json'), 'utf8')).provider.aws[0] as Record<string, unknown>;
  const switched = Object.entries(provider).filter(([key]) => /^skip_|_proxy$|^allowed_account_ids$/.test(key));
  expect(switched.map(([key]) => key).sort()).toEqual([
    'allowed_account_ids',
    'http_proxy',
    'https_proxy',
    'skip_credentials_validation',
    'skip_metadata_api_check',
    'skip_region_validation',
    'skip_requesting_account_id',
  ]);
  for (const [, value] of switched) expect(value).toMatch(/^\$\{var\.offline_plan[ }]/);
  expect(provider).not.toHaveProperty('access_key');
});

test.each([['1'], ['true']])('the retired synth-time switch ECS_WEB_STACK_OFFLINE_PLAN=%s is refused with the new way', (value) => {
  const call = (): void => rejectRetiredOfflineSwitch({ ECS_WEB_STACK_OFFLINE_PLAN: value });
  expect(call).toThrow(ConfigError);
  expect(call).toThrow(/ECS_WEB_STACK_OFFLINE_PLAN=.*is no longer read.*TF_VAR_offline_plan=true/);
});

test('unset (or 0): nothing to refuse', () => {
  expect(() => rejectRetiredOfflineSwitch({})).not.toThrow();
  expect(() => rejectRetiredOfflineSwitch({ ECS_WEB_STACK_OFFLINE_PLAN: '0' })).not.toThrow();
});
