/**
 * The engine: runs rules over resource graphs, de-duplicates findings seen by several layers, applies
 * suppressions and summarises. Pure apart from the rules themselves; reading inputs is gate.ts's job.
 */
import type { Finding, Layer, Location, PolicyResource, Severity } from './model';
import { INVALID_SUPPRESSION, RULE_ERROR, UNUSED_SUPPRESSION, internalRules } from './internal-rules';
import { covers, suppressionProblems, type Suppression } from './suppressions';
import type { ExitCode, ReportInput, ResourceGraph, Rule, RuleContext, Summary } from './types';

/** A finding with the engine's bookkeeping (stripped before it leaves the engine). */
interface Raw {
  finding: Finding;
  /** Terraform address of the resource (synth, plan). */
  address?: string;
  /** Order of creation, for stable sorting. */
  order: number;
}

const SEVERITY_RANK: { readonly [S in Severity]: number } = { error: 3, warning: 2, note: 1 };
const LAYER_ORDER: { readonly [L in Layer]: number } = { source: 0, synth: 1, plan: 2 };

/** Replaces `{name}` placeholders; unknown placeholders stay as written. */
export function renderMessage(template: string, data: ReportInput['data'] = {}): string {
  return template.replace(/\{([A-Za-z0-9_]+)\}/g, (whole, name: string) => (name in data ? String(data[name]) : whole));
}

/** Runs every applicable rule over every graph; a rule that throws becomes a `policy/rule-error` finding. */
export function runRules(
  graphs: readonly ResourceGraph[],
  rules: readonly Rule[],
): { findings: Finding[]; addresses: Map<Finding, string>; unresolved: Set<Finding>; ruleErrors: number } {
  const findings: Finding[] = [];
  const addresses = new Map<Finding, string>();
  /** Findings reported with the `unresolved` message. */
  const unresolved = new Set<Finding>();
  let ruleErrors = 0;
  for (const graph of graphs) {
    const byKey = new Map<string, PolicyResource>();
    const byType = new Map<string, PolicyResource[]>();
    for (const resource of graph.resources) {
      byKey.set(resource.key, resource);
      const list = byType.get(resource.type);
      if (list) list.push(resource);
      else byType.set(resource.type, [resource]);
    }
    for (const rule of rules) {
      if (rule.layers && !rule.layers.includes(graph.layer)) continue;
      const context: RuleContext = {
        ...graph,
        byKey: (key) => byKey.get(key),
        ofType: (...types) => types.flatMap((type) => byType.get(type) ?? []),
        report(input) {
          const template = rule.messages[input.messageId];
          if (template === undefined) throw new Error(`rule ${rule.id} reported unknown message id "${input.messageId}"`);
          const location: Location | undefined = input.location ?? input.resource?.location;
          if (!location) throw new Error(`rule ${rule.id} reported "${input.messageId}" without a resource or location`);
          const reported: Severity = input.severity ?? (input.messageId === 'unresolved' && rule.severity === 'error' ? 'warning' : rule.severity);
          // The hardening pack blocks where production is declared; where it is only presumed, it informs.
          const presumed = rule.pack === 'hardening' && reported === 'error' && graph.productionAssumed === true;
          const severity: Severity = presumed ? 'warning' : reported;
          const finding: Finding = {
            ruleId: rule.id,
            severity,
            message:
              renderMessage(template, input.data) +
              (presumed ? ' (a warning: the stack is production only by presumption, as nothing declares `production`; an error where production is declared)' : '') +
              (graph.stack !== undefined ? ` [${graph.layer} ${graph.stack}]` : ''),
            location,
            layer: graph.layer,
            ...(input.resource ? { resource: input.resource.displayName } : {}),
            ...(graph.stack !== undefined ? { stack: graph.stack } : {}),
          };
          findings.push(finding);
          if (input.resource && graph.layer !== 'source') addresses.set(finding, input.resource.key);
          if (input.messageId === 'unresolved') unresolved.add(finding);
        },
      };
      try {
        rule.check(context);
      } catch (error) {
        ruleErrors++;
        const message = error instanceof Error ? error.message : String(error);
        findings.push({
          ruleId: RULE_ERROR,
          severity: 'error',
          message: renderMessage(internalRules[RULE_ERROR].messages.threw, {
            rule: rule.id,
            layer: graph.layer,
            scope: graph.stack !== undefined ? ` (stack ${graph.stack})` : '',
            message,
          }),
          location: { file: `policies/rules/${rule.id}.ts`, line: 1, column: 1 },
          layer: graph.layer,
          ...(graph.stack !== undefined ? { stack: graph.stack } : {}),
        });
      }
    }
  }
  return { findings, addresses, unresolved, ruleErrors };
}

/**
 * Drops a finding that another layer already reported: same rule and the same location in a TypeScript
 * file, or same rule, stack and resource address. Within one layer nothing is merged. Of duplicates the
 * most severe wins; on a tie the earlier layer (source, then synth, then plan).
 */
export function dedupe(findings: readonly Finding[], addresses: ReadonlyMap<Finding, string>): Finding[] {
  const raws: Raw[] = findings.map((finding, order) => ({ finding, order, address: addresses.get(finding) }));
  raws.sort((a, b) => LAYER_ORDER[a.finding.layer] - LAYER_ORDER[b.finding.layer] || a.order - b.order);
  const kept = new Set<Raw>();
  const byKey = new Map<string, Raw[]>();
  const seenExact = new Set<string>();
  const keysOf = (raw: Raw): string[] => {
    const { finding } = raw;
    const keys: string[] = [];
    // An inexact location (source-map.ts) is no evidence that two findings are about the same resource.
    if (/\.[cm]?tsx?$/.test(finding.location.file) && !finding.location.inexact) keys.push(`${finding.ruleId}|${finding.location.file}:${finding.location.line}:${finding.location.column}`);
    if (raw.address && finding.stack !== undefined) keys.push(`${finding.ruleId}|${finding.stack}|${raw.address}`);
    return keys;
  };
  for (const raw of raws) {
    const { finding } = raw;
    const exact = `${finding.layer}|${finding.ruleId}|${finding.severity}|${finding.location.file}:${finding.location.line}:${finding.location.column}|${finding.stack ?? ''}|${finding.message}`;
    if (seenExact.has(exact)) continue;
    seenExact.add(exact);
    const keys = keysOf(raw);
    const others = new Set<Raw>();
    for (const key of keys) for (const other of byKey.get(key) ?? []) if (kept.has(other) && other.finding.layer !== finding.layer) others.add(other);
    const rank = SEVERITY_RANK[finding.severity];
    if (others.size > 0) {
      const best = Math.max(...[...others].map((other) => SEVERITY_RANK[other.finding.severity]));
      if (best >= rank) continue;
      for (const other of others) if (SEVERITY_RANK[other.finding.severity] < rank) kept.delete(other);
    }
    kept.add(raw);
    for (const key of keys) {
      const list = byKey.get(key);
      if (list) list.push(raw);
      else byKey.set(key, [raw]);
    }
  }
  return raws.filter((raw) => kept.has(raw)).sort((a, b) => a.order - b.order).map((raw) => raw.finding);
}

/**
 * Applies suppressions: a valid one marks the findings of its rules on the one line it covers
 * `suppressed`; an invalid one (a block comment, an unknown rule, no reason with words) is itself an error
 * and suppresses nothing, not even its valid rule ids; a valid one that matched nothing is a warning per
 * rule id when its file was fully analysed (`checkUnused`).
 */
export function applySuppressions(
  findings: readonly Finding[],
  suppressions: readonly Suppression[],
  knownRuleIds: ReadonlySet<string>,
  checkUnused: (file: string) => boolean,
): Finding[] {
  const valid: { suppression: Suppression; ruleId: string; used: boolean }[] = [];
  const problems: Finding[] = [];
  for (const suppression of suppressions) {
    const invalid = suppressionProblems(suppression, knownRuleIds);
    for (const problem of invalid) problems.push(internalFinding(INVALID_SUPPRESSION, problem.messageId, problem.data, suppression.location));
    if (invalid.length === 0) for (const ruleId of suppression.ruleIds) valid.push({ suppression, ruleId, used: false });
  }
  const out = findings.map((finding) => {
    const match = valid.find((entry) => entry.ruleId === finding.ruleId && covers(entry.suppression, finding.location));
    if (!match) return finding;
    match.used = true;
    if (finding.location.inexact) {
      // Placed on this line by stack-trace metadata alone, which an override can write.
      return { ...finding, message: `${finding.message} (not suppressed: only stack-trace metadata, which an override can write, places this synthesized resource on this line, so the comment here cannot vouch for it)` };
    }
    return { ...finding, suppressed: { reason: match.suppression.reason } };
  });
  for (const entry of valid) {
    if (!entry.used && checkUnused(entry.suppression.location.file)) {
      problems.push(internalFinding(UNUSED_SUPPRESSION, 'unused', { rule: entry.ruleId }, entry.suppression.location));
    }
  }
  return [...out, ...problems];
}

export function internalFinding(ruleId: string, messageId: string, data: ReportInput['data'], location: Location, layer: Layer = 'source'): Finding {
  const meta = internalRules[ruleId];
  return { ruleId, severity: meta.severity, message: renderMessage(meta.messages[messageId], data), location, layer };
}

/** Sort order of every report: file, line, column, rule id, layer, stack, message. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      compare(a.location.file, b.location.file) ||
      a.location.line - b.location.line ||
      a.location.column - b.location.column ||
      compare(a.ruleId, b.ruleId) ||
      LAYER_ORDER[a.layer] - LAYER_ORDER[b.layer] ||
      compare(a.stack ?? '', b.stack ?? '') ||
      compare(a.message, b.message),
  );
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Exit code: 2 when the gate could not run fully, 1 for an unsuppressed error, else 0. */
export function exitCodeOf(findings: readonly Finding[], gateFailed: boolean): ExitCode {
  if (gateFailed) return 2;
  return findings.some((finding) => finding.severity === 'error' && !finding.suppressed) ? 1 : 0;
}

export function summarize(
  findings: readonly Finding[],
  exitCode: ExitCode,
  inputs: { sourceFiles: number; stacks: readonly string[]; plans: readonly string[]; stalePlans?: readonly string[]; rules?: number; resources?: number; sourceReused?: boolean },
): Summary {
  const active = findings.filter((finding) => !finding.suppressed);
  return {
    errors: active.filter((finding) => finding.severity === 'error').length,
    warnings: active.filter((finding) => finding.severity === 'warning').length,
    notes: active.filter((finding) => finding.severity === 'note').length,
    suppressed: findings.length - active.length,
    total: findings.length,
    exitCode,
    sourceFiles: inputs.sourceFiles,
    stacks: inputs.stacks,
    plans: inputs.plans,
    ...(inputs.rules !== undefined ? { rules: inputs.rules } : {}),
    ...(inputs.resources !== undefined ? { resources: inputs.resources } : {}),
    ...(inputs.stalePlans && inputs.stalePlans.length > 0 ? { stalePlans: inputs.stalePlans } : {}),
    ...(inputs.sourceReused ? { sourceReused: true } : {}),
  };
}
