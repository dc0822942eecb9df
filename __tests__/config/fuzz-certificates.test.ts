/**
 * The imported-certificate fuzz cases of fuzz/certificate-cases.ts, against certificates made here with
 * openssl: each flaw is an error at the field that names the file, or a warning of a file that loads.
 */
import { basename, join } from 'node:path';
import { ConfigError, type ConfigProblem } from '../../config/errors';
import { loadEnvironments } from '../../config/load';
import { CERTIFICATE_CASES, nowFor } from './fuzz/certificate-cases';
import { makeCertificateMaterial, type CertificateMaterial } from './fuzz/certificate-material';
import { tempDir } from '../helpers/temp';
import { writeFiles } from './fuzz/files';

let root: string;
let material: CertificateMaterial;
beforeAll(() => {
  root = tempDir('fuzz');
  material = makeCertificateMaterial();
});

test.each(CERTIFICATE_CASES.map((testCase, index) => [testCase.name, testCase, index] as const))('%s', (_name, testCase, index) => {
  const dir = join(root, String(index));
  writeFiles(dir, testCase.files(material));
  let problems: readonly ConfigProblem[] = [];
  let warnings: readonly string[] = [];
  try {
    warnings = loadEnvironments([join(dir, 'staging.yaml')], { now: nowFor(testCase) })[0].warnings;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    problems = error.problems;
  }
  if (testCase.expected.length === 0) {
    expect(problems).toEqual([]);
    if (testCase.warnings) {
      expect(warnings).toHaveLength(testCase.warnings.length);
      for (const pattern of testCase.warnings) expect(warnings).toEqual(expect.arrayContaining([expect.stringMatching(pattern)]));
    }
    return;
  }
  for (const expected of testCase.expected) {
    const found = problems.some(
      (problem) => basename(problem.file) === expected.file && problem.line === expected.line && problem.field === expected.field && expected.message.test(problem.message),
    );
    if (!found) throw new Error(`expected ${expected.file}:${expected.line}: ${String(expected.field)}: ${expected.message}\nreceived:\n${problems.map((p) => JSON.stringify(p)).join('\n')}`);
  }
});
