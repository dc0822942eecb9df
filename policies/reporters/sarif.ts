/**
 * `sarif`: SARIF 2.1.0 for GitHub code scanning: rule descriptors from the rule modules, results with
 * ruleIndex, repository-relative URIs against `%SRCROOT%`, in-source suppressions with their reason.
 * Findings about the run itself (or files outside the repository) are tool execution notifications of
 * the invocation, which is unsuccessful when the gate could not run completely.
 */
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { isRepositoryFile, summaryOf } from './common';
import type { RuleMeta } from '../types';
import type { Reporter } from './index';
import { SEVERITY_MAP } from './severity';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
export const TOOL_NAME = 'ecs-web-stack-policy';

/** A repository-relative path as a URI reference (each segment percent-encoded). */
export function relativeUri(file: string): string {
  return file.split('/').map((segment) => encodeURIComponent(segment)).join('/');
}

export const sarif: Reporter = (findings, context) => {
  const rules: RuleMeta[] = [...(context.rules ?? [])];
  const index = new Map(rules.map((rule, position) => [rule.id, position]));
  for (const finding of findings) {
    if (!index.has(finding.ruleId)) {
      index.set(finding.ruleId, rules.length);
      rules.push({ id: finding.ruleId, severity: finding.severity, description: finding.ruleId, why: finding.ruleId, help: finding.ruleId, messages: {} });
    }
  }
  const rootUri = pathToFileURL(context.root.endsWith('/') ? context.root : `${context.root}/`).href;
  // Results point into the repository (code scanning shows them on files); what the gate says about the
  // run itself, or about a file outside the repository, is a tool execution notification.
  const results = findings.filter((finding) => isRepositoryFile(finding.location.file));
  const notifications = findings.filter((finding) => !isRepositoryFile(finding.location.file));
  const summary = summaryOf(findings, context);
  const log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: TOOL_NAME,
            version: context.toolVersion ?? '0.1.0',
            rules: rules.map((rule) => ({
              id: rule.id,
              name: rule.id,
              shortDescription: { text: rule.description },
              fullDescription: { text: rule.why },
              help: { text: rule.help, markdown: `${rule.help}\n\n**Why:** ${rule.why}` },
              defaultConfiguration: { level: SEVERITY_MAP[rule.severity].sarif },
            })),
          },
        },
        originalUriBaseIds: { SRCROOT: { uri: rootUri } },
        invocations: [
          {
            executionSuccessful: summary.exitCode !== 2,
            toolExecutionNotifications: notifications.map((finding) => ({
              level: SEVERITY_MAP[finding.severity].sarif,
              message: { text: finding.message },
              descriptor: { id: finding.ruleId },
              ...(finding.location.file !== '.' && finding.location.file !== ''
                ? { locations: [{ physicalLocation: { artifactLocation: { uri: pathToFileURL(path.resolve(context.root, finding.location.file)).href }, region: { startLine: finding.location.line, startColumn: finding.location.column } } }] }
                : {}),
            })),
          },
        ],
        results: results.map((finding) => ({
          ruleId: finding.ruleId,
          ruleIndex: index.get(finding.ruleId) ?? 0,
          level: SEVERITY_MAP[finding.severity].sarif,
          message: { text: finding.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: relativeUri(finding.location.file), uriBaseId: 'SRCROOT' },
                region: { startLine: finding.location.line, startColumn: finding.location.column },
              },
            },
          ],
          ...(finding.suppressed ? { suppressions: [{ kind: 'inSource', justification: finding.suppressed.reason }] } : {}),
          properties: { layer: finding.layer, ...(finding.stack !== undefined ? { stack: finding.stack } : {}) },
        })),
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
};
