/** policies/README.md's rule table is generated from the rule modules and must not drift. */
import * as fs from 'node:fs';
import { README, renderRulesTable, withTable } from '../../scripts/rules-table';
import { ruleList } from '../../policies/rules';

test('the rule table in policies/README.md is up to date (npx tsx scripts/rules-table.ts --write)', () => {
  const readme = fs.readFileSync(README, 'utf8');
  expect(withTable(readme)).toBe(readme);
});

test('every rule has a row', () => {
  const table = renderRulesTable();
  for (const rule of ruleList) expect(table).toContain(`| \`${rule.id}\` | ${rule.severity} |`);
});

test('a README without markers is an error', () => {
  expect(() => withTable('# no markers\n')).toThrow('markers');
});
