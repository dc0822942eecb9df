/** Plain-text tables for the terminal: padded columns, numbers and durations right-aligned. Pure. */
import type { StackResult, Step } from './check-stack';
import { formatPlanSummary } from './plan-summary';

export interface Column {
  readonly header: string;
  readonly align?: 'left' | 'right';
}

export function renderTable(columns: readonly Column[], rows: readonly (readonly string[])[]): string {
  const widths = columns.map((column, index) => Math.max(column.header.length, ...rows.map((row) => (row[index] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    columns
      .map((column, index) => {
        const cell = cells[index] ?? '';
        return column.align === 'right' ? cell.padStart(widths[index]) : cell.padEnd(widths[index]);
      })
      .join('  ')
      .trimEnd();
  return [line(columns.map((c) => c.header)), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** Reasons longer than this go below the table as numbered notes, so the table stays narrow. */
const INLINE_REASON = 32;

/**
 * The closing table of `npm run validate`: stack, validate, plan (+add ~change -destroy), seconds.
 * Long reasons become notes (`skipped [1]` … `[1] needs kreuzwerker/docker …`), each reason once.
 */
export function resultTable(results: readonly StackResult[]): string {
  const notes: string[] = [];
  const cell = (step: Step, ok: string): string => {
    if (step.status === 'ok') return ok;
    if (!step.reason) return step.status;
    if (step.reason.length <= INLINE_REASON) return `${step.status}: ${step.reason}`;
    let index = notes.indexOf(step.reason);
    if (index < 0) index = notes.push(step.reason) - 1;
    return `${step.status} [${index + 1}]`;
  };
  const rows = results.map((result) => [
    result.stack,
    cell(result.validate, result.validate.status === 'ok' && result.diagnostics.some((d) => d.severity === 'warning') ? 'ok (warnings)' : 'ok'),
    result.plan.status === 'ok' && result.plan.summary ? formatPlanSummary(result.plan.summary) : cell(result.plan, 'ok'),
    result.cached ? 'cached' : result.seconds.toFixed(1),
  ]);
  const table = renderTable(
    [{ header: 'stack' }, { header: 'validate' }, { header: 'plan (+add ~change -destroy)' }, { header: 'seconds', align: 'right' }],
    rows,
  );
  return notes.length === 0 ? table : [table, '', ...notes.map((note, index) => `[${index + 1}] ${note}`)].join('\n');
}
