import type { StackResult } from '../../scripts/terraform/check-stack';
import { renderTable, resultTable } from '../../scripts/terraform/table';

test('renderTable pads columns and right-aligns where asked', () => {
  expect(renderTable([{ header: 'name' }, { header: 'n', align: 'right' }], [['a', '1'], ['long name', '12.5']])).toBe(
    ['name          n', '---------  ----', 'a             1', 'long name  12.5'].join('\n'),
  );
});

test('resultTable shows plan counts, failures and skips with their reasons', () => {
  const results: StackResult[] = [
    { stack: 'prod', validate: { status: 'ok' }, plan: { status: 'ok', summary: { add: 65, change: 0, destroy: 0, import: 0, forget: 0 } }, diagnostics: [], seconds: 12.34 },
    { stack: 'dev', validate: { status: 'failed', reason: '2 error(s)' }, plan: { status: 'skipped', reason: 'validate failed' }, diagnostics: [], seconds: 4 },
    {
      stack: 'images',
      validate: { status: 'skipped', reason: 'needs kreuzwerker/docker' },
      plan: { status: 'skipped', reason: 'needs kreuzwerker/docker' },
      diagnostics: [],
      seconds: 0,
    },
    {
      stack: 'legacy',
      validate: { status: 'ok' },
      plan: { status: 'skipped', reason: 'reads from AWS: data.aws_vpc.main' },
      diagnostics: [{ stack: 'legacy', severity: 'warning', address: 'aws_lb.alb', message: 'Deprecated attribute' }],
      seconds: 6,
    },
  ];
  expect(resultTable(results)).toBe(
    [
      'stack   validate                           plan (+add ~change -destroy)                seconds',
      '------  ---------------------------------  ------------------------------------------  -------',
      'prod    ok                                 +65 ~0 -0                                      12.3',
      'dev     failed: 2 error(s)                 skipped: validate failed                        4.0',
      'images  skipped: needs kreuzwerker/docker  skipped: needs kreuzwerker/docker               0.0',
      'legacy  ok (warnings)                      skipped: reads from AWS: data.aws_vpc.main      6.0',
    ].join('\n'),
  );
});
