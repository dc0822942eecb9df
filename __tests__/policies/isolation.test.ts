/**
 * Findings of one file never change another's: a rule the gate cannot place in one file is reported once,
 * at that rule, and leaves every finding about another file's services as it was.
 */
import * as path from 'node:path';
import { runGate } from '../../policies/gate';

const root = path.resolve(__dirname, '../..');
const good = path.join(root, '__tests__/fixtures/policies/rules-e2e/good.ts');
const stray = path.join(root, '__tests__/fixtures/policies/isolation/stray-rule.ts');

test('an ingress rule on a group the gate cannot identify is one finding at that rule; other files are unchanged', async () => {
  const alone = await runGate({ root, paths: [good], synth: false });
  const both = await runGate({ root, paths: [good, stray], synth: false });
  const inGood = (findings: typeof alone.findings) => findings.filter((finding) => finding.location.file.endsWith('rules-e2e/good.ts'));
  expect(inGood(both.findings)).toEqual(inGood(alone.findings));
  expect(both.findings.filter((finding) => !finding.location.file.endsWith('rules-e2e/good.ts')).map((finding) => [finding.ruleId, finding.severity, finding.location.line, finding.message])).toEqual([
    [
      'sg-ingress-from-alb-only',
      'error',
      7,
      'Cannot verify which security group VpcSecurityGroupIngressRule "stray" (__tests__/fixtures/policies/isolation/stray-rule.ts:7) opens (security_group_id is `group.id`); it may be the group of an ECS service.',
    ],
  ]);
});
