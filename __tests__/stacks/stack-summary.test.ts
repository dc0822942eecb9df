/** The per-stack summary `npm run synth` prints, checked against the synthesized JSON it describes. */
import { join } from 'node:path';
import { formatSummary, summarizeStack } from '../../scripts/stack-summary';
import { FIXTURE_ENVIRONMENTS, synthesize } from '../helpers/synth';

test('resources by type match cdk.tf.json; certificate path and production are named', () => {
  const out = synthesize();
  for (const stack of out.built.stacks) {
    const summary = summarizeStack(stack.env, stack);
    const json = out.stacks[stack.env.name];
    const expected = Object.entries(json.resource)
      .map(([type, resources]) => [type, Object.keys(resources).length] as const)
      .sort(([a], [b]) => a.localeCompare(b));
    expect(summary.resourcesByType).toEqual(expected);
    expect(summary.resourceCount).toBe(expected.reduce((sum, [, n]) => sum + n, 0));
    expect(summary.importsByType).toEqual([]);
  }
  const [prod] = out.built.stacks.filter((stack) => stack.env.name === 'prod');
  const [staging] = out.built.stacks.filter((stack) => stack.env.name === 'staging');
  const prodText = formatSummary(summarizeStack(prod.env, prod));
  expect(prodText).toMatch(/^stack prod \(production\): 83 resources\n  certificate: acm \(DNS-validated: example\.com, \*\.example\.com\)\n  .*aws_nat_gateway ×3/);
  expect(formatSummary(summarizeStack(staging.env, staging))).toMatch(/^stack staging: 29 resources\n  certificate: imported \(expires 2036-11-24; key from TF_VAR_tls_private_key\)/);
});

test('a stack that adopts resources says how many, of which types, and what to do after the first apply', () => {
  const out = synthesize({ files: [join(FIXTURE_ENVIRONMENTS, 'examples', 'console-tutorial.yaml')] });
  const [stack] = out.built.stacks;
  const json = out.stacks['console-tutorial'] as unknown as { import: Array<{ to: string }> };
  const expected = new Map<string, number>();
  for (const block of json.import) expected.set(block.to.split('.')[0], (expected.get(block.to.split('.')[0]) ?? 0) + 1);
  const summary = summarizeStack(stack.env, stack);
  expect(summary.importsByType).toEqual([...expected].sort(([a], [b]) => a.localeCompare(b)));
  expect(formatSummary(summary)).toMatch(
    new RegExp(`\n  imports: ${json.import.length} existing resources adopted by import blocks \\(aws_acm_certificate, .*\\); the plan shows what changes on them; remove the imports: entries after the first apply$`),
  );
});
