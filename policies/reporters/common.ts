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

/**
 * What a run checked, for humans: `Checked 12 TypeScript files, 3 stacks and 1 plan with 12 rules (219
 * resources).`, and whether the source analysis was reused.
 */
export function checkedLine(summary: Summary): string | undefined {
  if (summary.rules === undefined) return undefined;
  const inputs = [plural(summary.sourceFiles, 'TypeScript file'), plural(summary.stacks.length, 'stack'), plural(summary.plans.length, 'plan')];
  const resources = summary.resources !== undefined ? ` (${plural(summary.resources, 'resource')})` : '';
  const stale = summary.stalePlans && summary.stalePlans.length > 0 ? `; skipped ${plural(summary.stalePlans.length, 'stale plan')}` : '';
  const reused = summary.sourceReused ? ' Source analysis reused: no file it read has changed since it was stored.' : '';
  return `Checked ${inputs[0]}, ${inputs[1]} and ${inputs[2]} with ${plural(summary.rules, 'rule')}${resources}${stale}.${reused}`;
}

/** Whether a finding's file is a repository path (not the repository as a whole, not outside it). */
export function isRepositoryFile(file: string): boolean {
  return file !== '' && file !== '.' && !file.startsWith('../') && file !== '..' && !file.startsWith('/') && !/^[A-Za-z]:[\\/]/.test(file);
}
