/**
 * The hardening pack (WAF, access logs, customer keys, …) blocks where production is declared and only
 * warns where production is presumed (no environment file and no literal marker); the core rules stay
 * errors either way, so removing a marker never weakens them.
 */
import { runRules } from '../../policies/engine';
import { rules } from '../../policies/rules';
import { stackGraph, stackProductionAssumed } from '../../policies/synth';
import type { Json } from '../../terraform-runner/stack-info';

/** An internet-facing ALB without a web ACL (alb-waf-protected) and a MUTABLE repository (immutable-prod-tags). */
function stack(locals?: { [key: string]: Json }): { [key: string]: Json } {
  return {
    ...(locals ? { locals } : {}),
    resource: {
      aws_lb: { alb: { name: 'web', load_balancer_type: 'application', internal: false, subnets: ['subnet-1', 'subnet-2'] } },
      aws_ecr_repository: { repo: { name: 'web', image_tag_mutability: 'MUTABLE', image_scanning_configuration: { scan_on_push: true } } },
    },
  };
}

function severities(json: { [key: string]: Json }, declaredProduction?: boolean): { waf?: string; tags?: string; wafMessage?: string } {
  const graph = stackGraph(json, { root: '/repo', stack: 'app', file: 'cdktf.out/stacks/app/cdk.tf.json', ...(declaredProduction !== undefined ? { declaredProduction } : {}) });
  const { findings } = runRules([graph], [rules['alb-waf-protected'], rules['immutable-prod-tags']]);
  const waf = findings.find((f) => f.ruleId === 'alb-waf-protected');
  const tags = findings.find((f) => f.ruleId === 'immutable-prod-tags');
  return { waf: waf?.severity, tags: tags?.severity, wafMessage: waf?.message };
}

test.each([
  ['no marker at all', stack(), undefined, { waf: 'warning', tags: 'error' }],
  ['a marker that is an expression', stack({ production: '${var.production}' }), undefined, { waf: 'warning', tags: 'error' }],
  ['a literal production marker', stack({ production: true }), undefined, { waf: 'error', tags: 'error' }],
  ['an environment file that says production: true', stack(), true, { waf: 'error', tags: 'error' }],
  ['a literal false marker', stack({ production: false }), undefined, { waf: undefined, tags: undefined }],
])('%s', (_name, json, declared, expected) => {
  const found = severities(json, declared);
  expect({ waf: found.waf, tags: found.tags }).toEqual(expected);
  if (found.waf === 'warning') expect(found.wafMessage).toMatch(/production only by presumption/);
});

test('production is presumed only when neither an environment file nor a literal boolean marker says what a stack is', () => {
  expect(stackProductionAssumed({})).toBe(true);
  expect(stackProductionAssumed({ locals: { production: 'true' } })).toBe(true);
  expect(stackProductionAssumed({ locals: { production: false } })).toBe(false);
  expect(stackProductionAssumed({ locals: { production: true } })).toBe(false);
  expect(stackProductionAssumed({}, false)).toBe(false);
});

test('the four core rules are never in the hardening pack; the scanner-level rules are', () => {
  const hardening = Object.values(rules)
    .filter((rule) => rule.pack === 'hardening')
    .map((rule) => rule.id);
  for (const core of ['no-root-credentials', 'immutable-prod-tags', 'sg-ingress-from-alb-only', 'http-redirect-to-https']) expect(hardening).not.toContain(core);
  expect(hardening).toEqual(expect.arrayContaining(['alb-waf-protected', 'alb-access-logs', 'ecr-customer-key', 'vpc-flow-logs']));
});
