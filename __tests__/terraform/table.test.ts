import type { StackResult } from '../../terraform-runner/check-stack';
import { renderTable, resultTable } from '../../terraform-runner/table';

test('renderTable pads columns and right-aligns where asked', () => {
  expect(renderTable([{ header: 'name' }, { header: 'n', align: 'right' }], [['a', '1'], ['long name', '12.5']])).toBe(
    ['name          n', '---------  ----', 'a             1', 'long name  12.5'].join('\n'),
  );
});

test('resultTable shows plan counts, failures and skips; long reasons become notes, each once', () => {
  const docker = 'needs kreuzwerker/docker 3.6.2, not in the mirror /opt/tf-plugins, and registry.terraform.io is unreachable (ENOTFOUND)';
  const results: StackResult[] = [
    { stack: 'prod', validate: { status: 'ok' }, plan: { status: 'ok', summary: { add: 65, change: 0, destroy: 0, import: 0, forget: 0 } }, diagnostics: [], seconds: 12.34 },
    { stack: 'dev', validate: { status: 'failed', reason: '2 error(s)' }, plan: { status: 'skipped', reason: 'validate failed' }, diagnostics: [], seconds: 4 },
    { stack: 'image-dev', validate: { status: 'skipped', reason: docker }, plan: { status: 'skipped', reason: docker }, diagnostics: [], seconds: 0 },
    { stack: 'image-prod', validate: { status: 'skipped', reason: docker }, plan: { status: 'skipped', reason: docker }, diagnostics: [], seconds: 0.1 },
    {
      stack: 'legacy',
      validate: { status: 'ok' },
      plan: { status: 'skipped', reason: 'reads from AWS: data.aws_vpc.main, data.aws_subnets.private' },
      diagnostics: [{ stack: 'legacy', severity: 'warning', address: 'aws_lb.alb', message: 'Deprecated attribute' }],
      seconds: 6,
    },
  ];
  expect(resultTable(results)).toBe(
    [
      'stack       validate            plan (+add ~change -destroy)  seconds',
      '----------  ------------------  ----------------------------  -------',
      'prod        ok                  +65 ~0 -0                        12.3',
      'dev         failed: 2 error(s)  skipped: validate failed          4.0',
      'image-dev   skipped [1]         skipped [1]                       0.0',
      'image-prod  skipped [1]         skipped [1]                       0.1',
      'legacy      ok (warnings)       skipped [2]                       6.0',
      '',
      `[1] ${docker}`,
      '[2] reads from AWS: data.aws_vpc.main, data.aws_subnets.private',
    ].join('\n'),
  );
});
