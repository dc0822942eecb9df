/** The content cache of terraform checks (no terraform: a hit must not start any). */
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cacheKey, checkCache, checkStackCached, sessionFingerprint } from '../../terraform-runner/check-cache';
import type { CheckOptions } from '../../terraform-runner/check-stack';

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'ecs-web-stack-check-cache-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const session: CheckOptions['session'] = {
  terraform: { path: '/nonexistent/terraform', version: '1.11.4' },
  env: {},
  mirror: { path: '/opt/tf-plugins', providers: [{ address: 'registry.terraform.io/hashicorp/aws', versions: ['5.100.0'] }] },
  probe: async () => ({ reachable: false, reason: 'offline' }),
  workRoot: '/nonexistent/work',
  parallel: 1,
  inits: { forProviders: () => Promise.reject(new Error('a cache hit must not init')) },
  run: () => Promise.reject(new Error('a cache hit must not run terraform')),
  close: () => undefined,
};

const stackJson = JSON.stringify({ terraform: { required_providers: { aws: { source: 'aws', version: '5.100.0' } } }, resource: {} });

test('the key changes with the stack, the terraform version, the providers and the kind of check', () => {
  const fingerprint = sessionFingerprint(session);
  const base = cacheKey(stackJson, fingerprint, 'plan');
  expect(cacheKey(stackJson, fingerprint, 'plan')).toBe(base);
  expect(cacheKey(`${stackJson} `, fingerprint, 'plan')).not.toBe(base);
  expect(cacheKey(stackJson, fingerprint, 'validate')).not.toBe(base);
  expect(cacheKey(stackJson, sessionFingerprint({ ...session, terraform: { path: 'x', version: '1.12.0' } }), 'plan')).not.toBe(base);
  const newerAws = { ...session, mirror: { path: '/opt/tf-plugins', providers: [{ address: 'registry.terraform.io/hashicorp/aws', versions: ['5.101.0'] }] } };
  expect(cacheKey(stackJson, sessionFingerprint(newerAws), 'plan')).not.toBe(base);
  expect(cacheKey(stackJson, sessionFingerprint({ terraform: session.terraform }), 'plan')).not.toBe(base);
});

test('a hit writes the cached plan to the stack directory and runs nothing', async () => {
  const dir = join(tmp, 'stacks', 'dev');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'cdk.tf.json'), stackJson);
  const cache = checkCache(join(tmp, 'cache'));
  const planText = '{"format_version":"1.2","resource_changes":[]}';
  cache.put(cacheKey(stackJson, sessionFingerprint(session), 'plan'), {
    result: { stack: 'dev', validate: { status: 'ok' }, plan: { status: 'ok', summary: { add: 0, change: 0, destroy: 0, import: 0, forget: 0 }, file: '/elsewhere/plan.json' }, diagnostics: [] },
    planText,
  });
  const result = await checkStackCached({ name: 'dev', dir }, { session, plan: true, keep: false }, cache);
  expect(result).toMatchObject({ stack: 'dev', cached: true, validate: { status: 'ok' }, plan: { status: 'ok', file: join(dir, 'plan.json') } });
  expect(readFileSync(join(dir, 'plan.json'), 'utf8')).toBe(planText);
});

test('a miss runs the check (here: skipped for a missing provider) and a skip is not cached', async () => {
  const dir = join(tmp, 'stacks', 'images');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'cdk.tf.json'), JSON.stringify({ terraform: { required_providers: { docker: { source: 'kreuzwerker/docker', version: '3.6.2' } } } }));
  const cacheDir = join(tmp, 'cache-miss');
  const result = await checkStackCached({ name: 'images', dir }, { session, plan: true, keep: false }, checkCache(cacheDir));
  expect(result.cached).toBeUndefined();
  expect(result.validate.status).toBe('skipped');
  expect(() => readdirSync(cacheDir)).toThrow(); // nothing was written
});

test('entries beyond the limit are removed, oldest first', () => {
  const dir = join(tmp, 'cache-small');
  const cache = checkCache(dir, 2);
  const entry = (stack: string) => ({ result: { stack, validate: { status: 'ok' as const }, plan: { status: 'skipped' as const, reason: 'reads from AWS: x' }, diagnostics: [] } });
  cache.put('a', entry('a'));
  utimesSync(join(dir, 'a.json'), new Date(2000, 0, 1), new Date(2000, 0, 1));
  cache.put('b', entry('b'));
  utimesSync(join(dir, 'b.json'), new Date(2001, 0, 1), new Date(2001, 0, 1));
  cache.put('c', entry('c'));
  expect(readdirSync(dir).sort()).toEqual(['b.json', 'c.json']);
  expect(cache.get('a')).toBeUndefined();
  expect(cache.get('c')?.result.stack).toBe('c');
});
