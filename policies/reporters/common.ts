/** Helpers shared by reporters. */
import type { Finding } from '../model';
import type { RuleMeta, Summary } from '../types';
import type { ReportContext } from './index';

/** The summary from the context, or one computed from the findings (exit code 1 on an active error). */
export function summaryOf(findings: readonly Finding[], context: ReportContext): Summary {
  if (context.summary) return context.summary;
  const active = findings.filter((finding) => !finding.suppressed);
  const errors = active.filter((finding) => finding.severity === 'error').length;
  return {
    errors,
    warnings: active.filter((finding) => finding.severity === 'warning').length,
    notes: active.filter((finding) => finding.severity === 'note').length,
    suppressed: findings.length - active.length,
    total: findings.length,
    exitCode: errors > 0 ? 1 : 0,
    sourceFiles: 0,
    stacks: [],
    plans: [],
  };
}

export function ruleMetaOf(context: ReportContext, ruleId: string): RuleMeta | undefined {
  return context.rules?.find((rule) => rule.id === ruleId);
}

export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** Where a finding came from, for humans: `synth prod`, `plan prod`, `source`. */
export function origin(finding: Finding): string {
  return finding.stack !== undefined ? `${finding.layer} ${finding.stack}` : finding.layer;
}
