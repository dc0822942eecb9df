import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatPlanSummary, redactStandIns, summarizePlan } from '../../terraform-runner/plan-summary';

const fixture = JSON.parse(readFileSync(join(__dirname, 'fixtures', 'plan.json'), 'utf8'));

describe('summarizePlan', () => {
  test('counts like terraform: a replacement is one add and one destroy; reads and no-ops do not count', () => {
    expect(summarizePlan(fixture)).toEqual({ add: 4, change: 2, destroy: 3, import: 2, forget: 1 });
  });

  test('a plan without resource_changes counts nothing', () => {
    expect(summarizePlan({})).toEqual({ add: 0, change: 0, destroy: 0, import: 0, forget: 0 });
  });

  test.each([
    [{ add: 65, change: 0, destroy: 0, import: 0, forget: 0 }, '+65 ~0 -0'],
    [{ add: 4, change: 2, destroy: 3, import: 2, forget: 1 }, '+4 ~2 -3, 2 import, 1 forget'],
  ])('formats %j as %s', (summary, text) => {
    expect(formatPlanSummary(summary)).toBe(text);
  });
});

describe('redactStandIns', () => {
  const key = '-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg\n-----END PRIVATE KEY-----\n';

  test('replaces every JSON-escaped occurrence of a stand-in value', () => {
    const plan = JSON.stringify({ variables: { tls_private_key: { value: key } }, resource_changes: [{ change: { after: { private_key: key } } }] });
    const redacted = redactStandIns(plan, { tls_private_key: key });
    expect(redacted).not.toContain('PRIVATE KEY');
    expect(JSON.parse(redacted).variables.tls_private_key.value).toBe('(stand-in for var.tls_private_key, redacted)');
  });

  test('leaves short stand-ins alone (they would match unrelated text)', () => {
    expect(redactStandIns('{"a":"stand-in","b":0}', { name: 'stand-in', count: 0 })).toBe('{"a":"stand-in","b":0}');
  });
});
