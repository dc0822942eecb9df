/**
 * A node:test reporter for `npm test`: each failure in full, then one closing line
 * ("sample-app: N passed, N failed, N skipped (N files, N.N s)") instead of a line of TAP per test,
 * so the summaries of the project's test runs are not buried. `node --test test/` still gives the full listing.
 */
import { relative } from 'node:path';
import { inspect } from 'node:util';

export default async function* summaryReporter(source) {
  const counts = { passed: 0, failed: 0, skipped: 0 };
  const files = new Set();
  const started = Date.now();
  // What each test file wrote to stderr: shown with that file's first failure (a file that does not even
  // load says why only there).
  const stderr = new Map();
  for await (const event of source) {
    const { type, data } = event;
    if (type === 'test:stderr' && data.file) stderr.set(data.file, `${stderr.get(data.file) ?? ''}${data.message}`);
    if (type !== 'test:pass' && type !== 'test:fail') continue;
    if (data.file) files.add(data.file);
    // A file that fails to load is reported as a failing test named after the file; suites are not tests.
    if (data.details?.type === 'suite') continue;
    if (type === 'test:pass') {
      if (data.skip || data.todo) counts.skipped += 1;
      else counts.passed += 1;
      continue;
    }
    counts.failed += 1;
    const where = data.file ? `${relative(process.cwd(), data.file)}${data.line ? `:${data.line}` : ''}` : '';
    const error = data.details?.error;
    const cause = error?.cause ?? error;
    const detail = cause instanceof Error ? (cause.stack ?? cause.message) : inspect(cause, { depth: 4 });
    yield `\n✖ ${data.name}${where ? ` (${where})` : ''}\n${indent(detail)}\n`;
    const output = stderr.get(data.file);
    if (output) {
      stderr.delete(data.file);
      yield `  stderr of ${where.replace(/:\d+$/, '')}:\n${indent(output.trimEnd())}\n`;
    }
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  yield `sample-app: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped (${files.size} files, ${seconds} s)\n`;
}

function indent(text) {
  return String(text)
    .split('\n')
    .map((line) => `    ${line}`)
    .join('\n');
}
