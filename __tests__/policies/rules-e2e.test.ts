/**
 * Every rule end to end through the real source layer (ts-morph): one fixture construct that breaks each
 * rule once, one that satisfies them all.
 */
import * as path from 'node:path';
import { runGate } from '../../policies/gate';
import { ruleList } from '../../policies/rules';

const root = path.resolve(__dirname, '../..');
const dir = '__tests__/fixtures/policies/rules-e2e';
const clean = path.join(root, '__tests__/fixtures/policies/clean');

test('each rule finds its violation in TypeScript, at the construct line', async () => {
  const result = await runGate({ root, paths: [path.join(root, dir, 'stack.ts')], synthDir: clean });
  const rows = result.findings.map((finding) => `${finding.location.line} ${finding.severity} ${finding.ruleId}`);
  expect(rows).toEqual([
    '12 warning provider-deep-imports',
    '20 error no-root-credentials',
    '20 error no-root-credentials',
    '21 warning ecr-scan-on-push',
    '21 error immutable-prod-tags',
    '22 warning log-retention-set',
    '24 error sg-ingress-from-alb-only',
    '28 error sg-ingress-from-alb-only',
    '29 error sg-ingress-from-alb-only',
    '30 warning alb-drop-invalid-headers',
    '31 error http-redirect-to-https',
    '32 error modern-tls-policy',
    '33 error no-latest-image-in-prod',
    '33 error no-plaintext-secrets',
  ]);
  // Every rule that reads TypeScript finds its violation here; plan-only rules have their own cases.
  const sourceRules = ruleList.filter((rule) => !rule.layers || rule.layers.includes('source'));
  expect(new Set(result.findings.map((finding) => finding.ruleId))).toEqual(new Set(sourceRules.map((rule) => rule.id)));
  const file = `${dir}/stack.ts`;
  const messageAt = (line: number, ruleId: string): string[] =>
    result.findings.filter((finding) => finding.location.line === line && finding.ruleId === ruleId).map((finding) => finding.message);
  expect(messageAt(21, 'immutable-prod-tags')).toEqual([
    `EcrRepository "repository" (${file}:21) can exist in production but its image_tag_mutability is MUTABLE; production tags must be IMMUTABLE.`,
  ]);
  expect(messageAt(29, 'sg-ingress-from-alb-only')).toEqual([
    `SecurityGroup "service-group" (${file}:24) (attached to EcsService "service" (${file}:37)) accepts ingress from prefix list pl-123; only the security group of a load balancer in front of the service may reach it.`,
  ]);
  expect(messageAt(33, 'no-latest-image-in-prod')).toEqual([
    `EcsTaskDefinition "task" (${file}:33) container app uses image \`registry.example.com/web:latest\`, which is the \`latest\` tag in production.`,
  ]);
  expect(result.exitCode).toBe(1);
});

test('the compliant construct passes every rule', async () => {
  const result = await runGate({ root, paths: [path.join(root, dir, 'good.ts')], synthDir: clean });
  expect(result.findings).toEqual([]);
  expect(result.exitCode).toBe(0);
});

test('rules see through the source flows: props at call sites, addOverride, imported consts and enums, arithmetic, unresolved calls', async () => {
  const flows = '__tests__/fixtures/policies/flows';
  const result = await runGate({ root, paths: [path.join(root, flows)], synthDir: clean });
  expect(result.findings.map((finding) => [finding.location.file, finding.location.line, finding.severity, finding.ruleId, finding.message])).toEqual([
    [`${flows}/stack.ts`, 16, 'error', 'immutable-prod-tags', `EcrRepository "repository" (${flows}/stack.ts:16) can exist in production but its image_tag_mutability is MUTABLE; production tags must be IMMUTABLE.`],
    [`${flows}/stack.ts`, 24, 'error', 'immutable-prod-tags', `EcrRepository "overridden" (${flows}/stack.ts:24) can exist in production but its image_tag_mutability is MUTABLE; production tags must be IMMUTABLE.`],
    [`${flows}/stack.ts`, 26, 'error', 'modern-tls-policy', `LbListener "https" (${flows}/stack.ts:26) is an HTTPS listener with ssl_policy ELBSecurityPolicy-TLS-1-1-2017-01; use ELBSecurityPolicy-TLS13-1-2-2021-06 or newer.`],
    [`${flows}/stack.ts`, 28, 'warning', 'log-retention-set', `Cannot verify the retention of CloudwatchLogGroup "logs" (${flows}/stack.ts:28): retention_in_days is \`retentionFromSomewhere()\`.`],
  ]);
});
