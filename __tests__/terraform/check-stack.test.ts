/** checkStack's decisions that come before any terraform process (no terraform needed). */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkStack, type CheckOptions } from '../../terraform-runner/check-stack';
import type { RegistryProbe } from '../../terraform-runner/registry-probe';

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'check-stack-test-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function stack(name: string, json: object): string {
  const dir = join(tmp, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'cdk.tf.json'), JSON.stringify(json));
  writeFileSync(join(dir, 'plan.json'), '{"stale": true}');
  return dir;
}

/** A session whose terraform is never started in these cases (every one ends before a terraform process). */
const options = (probe: RegistryProbe): CheckOptions => ({
  session: {
    terraform: { path: '/nonexistent/terraform', version: '1.11.4' },
    env: {},
    mirror: { path: '/opt/tf-plugins', providers: [{ address: 'registry.terraform.io/hashicorp/aws', versions: ['5.100.0'] }] },
    probe,
    workRoot: join(tmp, 'work'),
    parallel: 1,
    inits: { forProviders: () => Promise.reject(new Error('no init in these cases')) },
    run: () => Promise.reject(new Error('no terraform in these cases')),
    close: () => undefined,
  },
  plan: true,
  keep: false,
});

const imageStack = {
  terraform: { required_providers: { aws: { source: 'aws', version: '5.100.0' }, docker: { source: 'kreuzwerker/docker', version: '3.6.2' } } },
  resource: { docker_image: { app: { name: 'web' } } },
};

test('a provider the mirror lacks, with the registry unreachable: skipped with the reason, not failed', async () => {
  const dir = stack('images', imageStack);
  const asked: string[] = [];
  const result = await checkStack({ name: 'images', dir }, options(async (host) => (asked.push(host), { reachable: false, reason: `${host} is unreachable (ENOTFOUND)` })));
  const reason = 'needs kreuzwerker/docker 3.6.2, not in the mirror /opt/tf-plugins, and registry.terraform.io is unreachable (ENOTFOUND)';
  expect(result).toMatchObject({ stack: 'images', validate: { status: 'skipped', reason }, plan: { status: 'skipped', reason }, diagnostics: [] });
  expect(asked).toEqual(['registry.terraform.io']);
  expect(existsSync(join(dir, 'plan.json'))).toBe(false); // a stale plan never outlives a check
});

test('an aws version the mirror does not hold counts as missing too', async () => {
  const dir = stack('old-aws', { terraform: { required_providers: { aws: { source: 'hashicorp/aws', version: '= 4.67.0' } } } });
  const result = await checkStack({ name: 'old-aws', dir }, options(async () => ({ reachable: false, reason: 'offline' })));
  expect(result.validate).toEqual({ status: 'skipped', reason: 'needs hashicorp/aws = 4.67.0, not in the mirror /opt/tf-plugins, and offline' });
});

test('unreadable stack JSON fails validate', async () => {
  const dir = join(tmp, 'broken');
  mkdirSync(dir);
  writeFileSync(join(dir, 'cdk.tf.json'), '{ not json');
  const result = await checkStack({ name: 'broken', dir }, options(async () => ({ reachable: true, reason: '' })));
  expect(result.validate.status).toBe('failed');
  expect(result.validate.reason).toMatch(/^cannot read cdk\.tf\.json/);
  expect(result.plan).toEqual({ status: 'skipped', reason: 'validate failed' });
});
