/**
 * Reporters: fixed findings in, exact strings out (expected outputs live in
 * __tests__/fixtures/policies/reports/, reviewed by hand), plus the SARIF 2.1.0 shape.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FORMATS, reporters, type Format } from '../../policies/reporters';
import { escapeData, escapeProperty } from '../../policies/reporters/github';
import { SEVERITY_MAP } from '../../policies/reporters/severity';
import { renderReport } from '../../policies/gate';
import { context, findings } from './reporter-fixtures';

const expectedDir = path.join(__dirname, '../fixtures/policies/reports');
const files: Record<Format, string> = {
  text: 'expected-text.txt',
  json: 'expected-json.json',
  sarif: 'expected-sarif.sarif.json',
  github: 'expected-github.txt',
  markdown: 'expected-markdown.md',
};

test.each(FORMATS.map((format) => [format] as const))('%s output is exactly the expected string', (format) => {
  expect(reporters[format](findings, context)).toBe(fs.readFileSync(path.join(expectedDir, files[format]), 'utf8'));
});

test('reporters are pure: same input, same output, no cwd', () => {
  const cwd = process.cwd();
  process.chdir(path.join(__dirname, '..'));
  try {
    for (const format of FORMATS) expect(reporters[format](findings, context)).toBe(reporters[format](findings, context));
    expect(reporters.sarif(findings, context)).toContain('"uri": "file:///work/main/"');
  } finally {
    process.chdir(cwd);
  }
});

test('empty runs', () => {
  const empty = { root: '/repo' };
  expect(reporters.text([], empty)).toBe('Policy gate passed: 0 errors, 0 warnings, 0 notes, 0 suppressed (exit 0).\n');
  expect(reporters.github([], empty)).toBe('');
  expect(JSON.parse(reporters.json([], empty))).toEqual({
    findings: [],
    summary: { errors: 0, warnings: 0, notes: 0, suppressed: 0, total: 0, exitCode: 0, sourceFiles: 0, stacks: [], plans: [] },
  });
  expect(reporters.markdown([], empty)).toBe(
    '## Policy gate ✅ passed\n\n| Errors | Warnings | Notes | Suppressed | Exit code |\n| ---: | ---: | ---: | ---: | ---: |\n| 0 | 0 | 0 | 0 | 0 |\n',
  );
});

test('json findings have exactly the documented keys', () => {
  const parsed = JSON.parse(reporters.json(findings, context)) as { findings: Record<string, unknown>[] };
  for (const finding of parsed.findings) {
    const keys = Object.keys(finding).filter((key) => key !== 'suppressed');
    expect(keys).toEqual(['ruleId', 'severity', 'file', 'line', 'column', 'message', 'layer']);
  }
});

test('github escaping: %, CR, LF in data; also : and , in properties', () => {
  expect(escapeData('100% a\r\nb: c, d')).toBe('100%25 a%0D%0Ab: c, d');
  expect(escapeProperty('a:b,c%\n')).toBe('a%3Ab%2Cc%25%0A');
});

test('severity mapping per format in one table', () => {
  expect(SEVERITY_MAP).toEqual({
    error: { sarif: 'error', github: 'error', text: 'error', markdown: '❌ error' },
    warning: { sarif: 'warning', github: 'warning', text: 'warning', markdown: '⚠️ warning' },
    note: { sarif: 'note', github: 'notice', text: 'note', markdown: 'ℹ️ note' },
  });
});

test('renderReport passes the result rules and summary to the reporter', () => {
  const summary = { errors: 9, warnings: 0, notes: 0, suppressed: 0, total: 9, exitCode: 2 as const, sourceFiles: 3, stacks: ['prod'], plans: [] };
  const text = renderReport({ findings: [], summary, exitCode: 2, rules: [] }, 'text', { root: '/repo' });
  expect(text).toBe('Policy gate could not run completely: 9 errors, 0 warnings, 0 notes, 0 suppressed (exit 2).\n');
});

/** SARIF 2.1.0 required structure (the subset GitHub code scanning reads), checked by hand. */
test('sarif has the required 2.1.0 shape', () => {
  const log = JSON.parse(reporters.sarif(findings, context));
  expect(log.version).toBe('2.1.0');
  expect(log.$schema).toMatch(/sarif-2\.1\.0/);
  expect(Array.isArray(log.runs)).toBe(true);
  for (const run of log.runs) {
    expect(typeof run.tool.driver.name).toBe('string');
    const ruleIds = run.tool.driver.rules.map((rule: { id: string }) => rule.id);
    expect(new Set(ruleIds).size).toBe(ruleIds.length);
    for (const rule of run.tool.driver.rules) {
      expect(typeof rule.id).toBe('string');
      expect(typeof rule.shortDescription.text).toBe('string');
      expect(typeof rule.fullDescription.text).toBe('string');
      expect(typeof rule.help.text).toBe('string');
      expect(['none', 'note', 'warning', 'error']).toContain(rule.defaultConfiguration.level);
    }
    expect(run.originalUriBaseIds.SRCROOT.uri).toMatch(/^file:\/\/\/.*\/$/);
    for (const result of run.results) {
      expect(typeof result.message.text).toBe('string');
      expect(run.tool.driver.rules[result.ruleIndex].id).toBe(result.ruleId);
      expect(['none', 'note', 'warning', 'error']).toContain(result.level);
      for (const location of result.locations) {
        const { artifactLocation, region } = location.physicalLocation;
        expect(artifactLocation.uri).not.toMatch(/^[a-z]+:|^\//);
        expect(artifactLocation.uriBaseId).toBe('SRCROOT');
        expect(region.startLine).toBeGreaterThanOrEqual(1);
        expect(region.startColumn).toBeGreaterThanOrEqual(1);
      }
      for (const suppression of result.suppressions ?? []) {
        expect(['inSource', 'external']).toContain(suppression.kind);
        expect(typeof suppression.justification).toBe('string');
      }
    }
  }
});

test('sarif: results point only into the repository; the gate’s own errors are notifications of an unsuccessful run', () => {
  const log = JSON.parse(reporters.sarif(findings, context)) as {
    runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId: string } } }[] }[]; invocations: { executionSuccessful: boolean; toolExecutionNotifications: { message: { text: string } }[] }[] }[];
  };
  const [run] = log.runs;
  for (const result of run.results) {
    const { uri, uriBaseId } = result.locations[0].physicalLocation.artifactLocation;
    expect(uriBaseId).toBe('SRCROOT');
    expect(uri).not.toMatch(/^(\.|\.\.\/|\/)/);
    expect(uri).not.toBe('');
  }
  expect(run.invocations[0].executionSuccessful).toBe(false);
  expect(run.invocations[0].toolExecutionNotifications.map((n) => n.message.text)).toEqual([
    expect.stringContaining('Nothing to check'),
    expect.stringContaining('../elsewhere/stacks/prod/cdk.tf.json'),
  ]);
});

test('markdown: no backtick in a message or path opens a code span of its own', () => {
  const rows = reporters.markdown(findings, context).split('\n').filter((line) => line.startsWith('| ❌') || line.startsWith('| ⚠️') || line.startsWith('| 🔕'));
  expect(rows).toHaveLength(findings.length);
  for (const row of rows) {
    const message = row.split(' | ').slice(4).join(' | ');
    expect(message.replace(/\\`/g, '')).not.toContain('`');
  }
  expect(reporters.markdown(findings, context)).toContain('| ``constructs/odd`name.ts:3`` |');
});
