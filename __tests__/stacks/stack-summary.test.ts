/** The per-stack summary `npm run synth` prints, checked against the synthesized JSON it describes. */
import { formatSummary, summarizeStack } from '../../scripts/stack-summary';
import { synthesize } from '../helpers/synth';

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
  }
  const [prod] = out.built.stacks.filter((stack) => stack.env.name === 'prod');
  const [staging] = out.built.stacks.filter((stack) => stack.env.name === 'staging');
  const prodText = formatSummary(summarizeStack(prod.env, prod));
  expect(prodText).toMatch(/^stack prod \(production\): 83 resources\n  certificate: acm \(DNS-validated: example\.com, \*\.example\.com\)\n  .*aws_nat_gateway ×3/);
  expect(formatSummary(summarizeStack(staging.env, staging))).toMatch(/^stack staging: 29 resources\n  certificate: imported \(expires 2036-11-24; key from TF_VAR_tls_private_key\)/);
});
