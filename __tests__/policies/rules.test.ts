/**
 * Every rule against its valid and invalid cases (`cases/<rule-id>.ts`), plus meta-tests: every rule in
 * the registry has documentation and at least one valid and one invalid case.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ruleList, rules } from '../../policies/rules';
import { check, type RuleCases } from './helpers';

const casesDir = path.join(__dirname, 'cases');

function casesOf(id: string): RuleCases | undefined {
  const file = path.join(casesDir, `${id}.ts`);
  if (!fs.existsSync(file)) return undefined;
  return (require(file) as { cases: RuleCases }).cases;
}

describe('rule registry', () => {
  test('ids are sorted, unique and match their keys', () => {
    const ids = Object.keys(rules);
    expect(ids).toEqual([...ids].sort());
    for (const id of ids) expect(rules[id].id).toBe(id);
  });

  test('the required rules are errors', () => {
    for (const id of ['no-root-credentials', 'immutable-prod-tags', 'sg-ingress-from-alb-only', 'http-redirect-to-https']) {
      expect(rules[id]?.severity).toBe('error');
    }
  });

  test.each(ruleList.map((rule) => [rule.id, rule] as const))('%s has docs, an unresolved message and a file named after it', (id, rule) => {
    expect(rule.description.length).toBeGreaterThan(20);
    expect(rule.why.length).toBeGreaterThan(20);
    expect(rule.help.length).toBeGreaterThan(20);
    expect(rule.messages.unresolved).toEqual(expect.any(String));
    expect(fs.existsSync(path.join(__dirname, '../../policies/rules', `${id}.ts`))).toBe(true);
  });

  test.each(ruleList.map((rule) => [rule.id] as const))('%s has at least one valid and one invalid case', (id) => {
    const cases = casesOf(id);
    expect(cases).toBeDefined();
    expect(cases?.valid.length).toBeGreaterThan(0);
    expect(cases?.invalid.length).toBeGreaterThan(0);
  });
});

for (const rule of ruleList) {
  const cases = casesOf(rule.id);
  if (!cases) continue;
  describe(rule.id, () => {
    test.each(cases.valid.map((c) => [c.name, c] as const))('valid: %s', (_name, c) => {
      expect(check(rule, c.graph).map((finding) => finding.message)).toEqual([]);
    });
    test.each(cases.invalid.map((c) => [c.name, c] as const))('invalid: %s', (_name, c) => {
      const findings = check(rule, c.graph);
      expect(
        findings.map((finding) => ({ ruleId: finding.ruleId, severity: finding.severity, line: finding.location.line, message: finding.message })),
      ).toEqual(
        (c.expected ?? []).map((expected) => ({ ruleId: rule.id, severity: expected.severity ?? rule.severity, line: expected.line, message: expected.message })),
      );
      expect(findings.length).toBeGreaterThan(0);
    });
  });
}
