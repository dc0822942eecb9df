/**
 * `github`: one workflow command per finding, `::error file=…,line=…,col=…,title=…::message`.
 * Suppressed findings become notices that say so.
 */
import { isRepositoryFile } from './common';
import type { Reporter } from './index';
import { SEVERITY_MAP } from './severity';

/** Escaping of a command's message (data). */
export function escapeData(value: string): string {
  return value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escaping of a property value: as data, plus `:` and `,`. */
export function escapeProperty(value: string): string {
  return escapeData(value).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export const github: Reporter = (findings) => {
  const lines = findings.map((finding) => {
    const command = finding.suppressed ? 'notice' : SEVERITY_MAP[finding.severity].github;
    const title = finding.suppressed ? `${finding.ruleId} (suppressed)` : finding.ruleId;
    const message = finding.suppressed ? `${finding.message} (suppressed: ${finding.suppressed.reason})` : finding.message;
    // A finding about the run itself, or a file outside the repository, gets no file annotation.
    const properties = [
      ...(isRepositoryFile(finding.location.file) ? [`file=${escapeProperty(finding.location.file)}`, `line=${finding.location.line}`, `col=${finding.location.column}`] : []),
      `title=${escapeProperty(title)}`,
    ].join(',');
    return `::${command} ${properties}::${escapeData(message)}`;
  });
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
};
