/**
 * The fuzz cases of fuzz/environment-cases.ts: each bad input gives a configuration error (never a
 * stack trace, a hang or a silent accept) that names the file, the line, the field, what was received
 * and what is allowed; the report stays short however many problems there are.
 */
import { basename, join } from 'node:path';
import { ConfigError, describeConfigError, type ConfigProblem } from '../../config/errors';
import { listEnvironmentFiles, loadEnvironments } from '../../config/load';
import { ENVIRONMENT_CASES, type EnvironmentCase, type ExpectedProblem } from './fuzz/environment-cases';
import { tempDir } from '../helpers/temp';
import { writeFiles } from './fuzz/files';

let root: string;
beforeAll(() => {
  root = tempDir('fuzz');
});

function run(testCase: EnvironmentCase, index: number): { problems: readonly ConfigProblem[]; loaded: string[]; report: string } {
  const dir = join(root, String(index));
  writeFiles(dir, testCase.files);
  try {
    const loaded = loadEnvironments(listEnvironmentFiles(dir));
    return { problems: [], loaded: loaded.map((env) => env.name), report: '' };
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return { problems: error.problems, loaded: [], report: describeConfigError(error) };
  }
}

function matches(problem: ConfigProblem, expected: ExpectedProblem): boolean {
  const field = typeof expected.field === 'string' ? problem.field === expected.field : expected.field.test(problem.field);
  return basename(problem.file) === expected.file && problem.line === expected.line && field && expected.message.test(problem.message);
}

test.each(ENVIRONMENT_CASES.map((testCase, index) => [testCase.name, testCase, index] as const))('%s', (_name, testCase, index) => {
  const { problems, loaded, report } = run(testCase, index);
  if (testCase.expected.length === 0) {
    expect(problems).toEqual([]);
    expect(loaded).toEqual(testCase.loads);
    return;
  }
  for (const expected of testCase.expected) {
    const found = problems.some((problem) => matches(problem, expected));
    if (!found) throw new Error(`expected ${expected.file}:${expected.line ?? '-'}: ${String(expected.field)}: ${expected.message}\nreceived:\n${problems.slice(0, 10).map((p) => JSON.stringify(p)).join('\n')}`);
  }
  // Only whole-file problems (the file cannot be read at all) go without a line.
  for (const problem of problems) {
    if (problem.line === undefined) expect(problem.field).toBe('');
  }
  if (testCase.report) expect(report).toMatch(testCase.report);
  if (testCase.maxReportBytes) expect(Buffer.byteLength(report)).toBeLessThan(testCase.maxReportBytes);
});

test('every case names a distinct class of input', () => {
  const names = ENVIRONMENT_CASES.map((testCase) => testCase.name);
  expect(new Set(names).size).toBe(names.length);
});
