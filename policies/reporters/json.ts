/** `json`: `{ findings: [{ ruleId, severity, file, line, column, message, layer, suppressed? }], summary }`. */
import { summaryOf } from './common';
import type { Reporter } from './index';

export const json: Reporter = (findings, context) => {
  const out = {
    findings: findings.map((finding) => ({
      ruleId: finding.ruleId,
      severity: finding.severity,
      file: finding.location.file,
      line: finding.location.line,
      column: finding.location.column,
      message: finding.message,
      layer: finding.layer,
      ...(finding.suppressed ? { suppressed: { reason: finding.suppressed.reason } } : {}),
    })),
    summary: summaryOf(findings, context),
  };
  return `${JSON.stringify(out, null, 2)}\n`;
};
