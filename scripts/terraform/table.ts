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

/** The closing table of `npm run validate`: stack, validate, plan (+add ~change -destroy), seconds. */
export function resultTable(results: readonly StackResult[]): string {
  const rows = results.map((result) => [
    result.stack,
    stepCell(result.validate, result.validate.status === 'ok' && result.diagnostics.some((d) => d.severity === 'warning') ? 'ok (warnings)' : 'ok'),
    result.plan.status === 'ok' && result.plan.summary ? formatPlanSummary(result.plan.summary) : stepCell(result.plan, 'ok'),
    result.seconds.toFixed(1),
  ]);
  return renderTable(
    [{ header: 'stack' }, { header: 'validate' }, { header: 'plan (+add ~change -destroy)' }, { header: 'seconds', align: 'right' }],
    rows,
  );
}

function stepCell(step: Step, ok: string): string {
  if (step.status === 'ok') return ok;
  return step.reason ? `${step.status}: ${step.reason}` : step.status;
}
