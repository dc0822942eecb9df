/** `startSourceAnalysis` (source layer ahead of time, in a worker when possible) gives the same result. */
import * as path from 'node:path';
import { OneOf, ResourceRef, Unresolved } from '../../policies/model';
import { runGate, startSourceAnalysis } from '../../policies/gate';
import { reviveAnalysis, serializeAnalysis } from '../../policies/source-transfer';

const root = path.resolve(__dirname, '../..');
const stack = path.join(root, '__tests__/fixtures/policies/rules-e2e/stack.ts');
const clean = path.join(root, '__tests__/fixtures/policies/clean');

test('the model classes survive the thread boundary', () => {
  const location = { file: 'a.ts', line: 1, column: 2 };
  const analysis = {
    resources: [
      {
        key: 'a.ts:1:2',
        type: 'aws_lb',
        displayName: 'Lb "alb"',
        attributes: { security_groups: [new ResourceRef('a.ts:3:4', 'id')], internal: new OneOf([true, false]), name: new Unresolved('props.name', location), tags: { a: 'b' }, n: null },
        location,
        layer: 'source' as const,
        production: true,
      },
    ],
    imports: [],
    files: [{ file: 'a.ts', text: 'x' }],
    diagnostics: [],
  };
  const revived = reviveAnalysis(JSON.parse(JSON.stringify(serializeAnalysis(analysis))));
  expect(revived).toEqual(analysis);
  expect(revived.resources[0].attributes.name).toBeInstanceOf(Unresolved);
  expect((revived.resources[0].attributes.security_groups as unknown[])[0]).toBeInstanceOf(ResourceRef);
  expect(revived.resources[0].attributes.internal).toBeInstanceOf(OneOf);
});

test('a prepared analysis gives the same findings as an inline one', async () => {
  const prepared = startSourceAnalysis({ root, paths: [stack] });
  expect(prepared.files).toEqual(['__tests__/fixtures/policies/rules-e2e/stack.ts']);
  const [ahead, inline] = await Promise.all([runGate({ root, synthDir: clean, prepared }), runGate({ root, synthDir: clean, paths: [stack] })]);
  expect(ahead.findings).toEqual(inline.findings);
  expect(ahead.exitCode).toBe(1);
});

test('a bad path in the prepared scope exits 2', async () => {
  const prepared = startSourceAnalysis({ root, paths: ['nope.ts'] });
  const result = await runGate({ root, synthDir: clean, prepared });
  expect(result.exitCode).toBe(2);
  expect(result.findings.map((finding) => finding.message)).toEqual(['No such file or directory: nope.ts']);
});
