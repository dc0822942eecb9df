/** `markdown`: a summary for `$GITHUB_STEP_SUMMARY`: counts, then one table row per finding. */
import { checkedLine, origin, plural, summaryOf } from './common';
import type { Reporter } from './index';
import { SEVERITY_MAP } from './severity';

/** Findings shown in the table; the rest is counted (step summaries are limited to 1 MiB). */
export const MAX_ROWS = 200;

/** Text in a table cell: backslashes, pipes and backticks escaped (a backtick would open a code span), one line. */
function cell(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/`/g, '\\`').replace(/\r?\n/g, ' ');
}

/** A code span in a table cell: fenced with more backticks than any run inside it, pipes escaped. */
function code(value: string): string {
  const longest = Math.max(0, ...(value.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const padded = value.startsWith('`') || value.endsWith('`') ? ` ${value} ` : value;
  return `${fence}${padded.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ')}${fence}`;
}

export const markdown: Reporter = (findings, context) => {
  const summary = summaryOf(findings, context);
  const status = summary.exitCode === 2 ? '💥 could not run' : summary.exitCode === 1 ? '❌ failed' : '✅ passed';
  const lines = [
    `## Policy gate ${status}`,
    '',
    '| Errors | Warnings | Notes | Suppressed | Exit code |',
    '| ---: | ---: | ---: | ---: | ---: |',
    `| ${summary.errors} | ${summary.warnings} | ${summary.notes} | ${summary.suppressed} | ${summary.exitCode} |`,
  ];
  const checked = checkedLine(summary);
  if (checked) lines.push('', checked);
  if (findings.length > 0) {
    lines.push('', '| Severity | Rule | Location | Layer | Message |', '| --- | --- | --- | --- | --- |');
    for (const finding of findings.slice(0, MAX_ROWS)) {
      const severity = finding.suppressed ? '🔕 suppressed' : SEVERITY_MAP[finding.severity].markdown;
      const message = finding.suppressed ? `${finding.message} (suppressed: ${finding.suppressed.reason})` : finding.message;
      lines.push(
        `| ${severity} | ${code(finding.ruleId)} | ${finding.location.file === '.' ? 'the gate' : code(`${finding.location.file}:${finding.location.line}`)} | ${cell(origin(finding))} | ${cell(message)} |`,
      );
    }
    if (findings.length > MAX_ROWS) lines.push('', `…and ${plural(findings.length - MAX_ROWS, 'more finding')} (see the json or sarif report).`);
  }
  return `${lines.join('\n')}\n`;
};
