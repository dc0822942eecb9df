/** `text`: findings grouped by file, each with its fix hint, then what was checked and a one-line verdict. */
import type { Finding } from '../model';
import { checkedLine, plural, ruleMetaOf, summaryOf } from './common';
import type { Reporter } from './index';
import { SEVERITY_MAP } from './severity';

export const text: Reporter = (findings, context) => {
  const byFile = new Map<string, Finding[]>();
  for (const finding of findings) {
    const list = byFile.get(finding.location.file);
    if (list) list.push(finding);
    else byFile.set(finding.location.file, [finding]);
  }
  const lines: string[] = [];
  for (const [file, list] of byFile) {
    lines.push(file === '.' ? '(the gate)' : file);
    for (const finding of list) {
      const where = `${finding.location.line}:${finding.location.column}`;
      const label = finding.suppressed ? 'suppressed' : SEVERITY_MAP[finding.severity].text;
      const message = finding.message.replace(/\r?\n/g, '\n      ');
      lines.push(`  ${where}  ${label}  ${message}  ${finding.ruleId}`);
      if (finding.suppressed) {
        lines.push(`    reason: ${finding.suppressed.reason}`);
      } else {
        const help = ruleMetaOf(context, finding.ruleId)?.help;
        if (help) lines.push(`    fix: ${help}`);
      }
    }
    lines.push('');
  }
  const summary = summaryOf(findings, context);
  const counts = `${plural(summary.errors, 'error')}, ${plural(summary.warnings, 'warning')}, ${plural(summary.notes, 'note')}, ${summary.suppressed} suppressed`;
  const verdict = summary.exitCode === 2 ? 'could not run completely' : summary.exitCode === 1 ? 'failed' : 'passed';
  const checked = checkedLine(summary);
  if (checked) lines.push(checked);
  lines.push(`Policy gate ${verdict}: ${counts} (exit ${summary.exitCode}).`);
  return `${lines.join('\n')}\n`;
};
