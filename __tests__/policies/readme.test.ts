/** policies/README.md's rule table is generated from the rule modules and must not drift. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { READMES, renderRulesTable, withTable } from '../../scripts/rules-table';
import { ruleList } from '../../policies/rules';

test.each(READMES.map((file) => [path.basename(path.dirname(file)) + '/' + path.basename(file), file]))(
  'the rule table in %s is up to date (node -r ./scripts/register.js scripts/rules-table.ts --write)',
  (_name, file) => {
    const readme = fs.readFileSync(file, 'utf8');
    expect(withTable(readme)).toBe(readme);
  },
);

test('every rule has a row', () => {
  const table = renderRulesTable();
  for (const rule of ruleList) expect(table).toContain(`| \`${rule.id}\` | ${rule.severity} |`);
});

test('a README without markers is an error', () => {
  expect(() => withTable('# no markers\n')).toThrow('markers');
});
