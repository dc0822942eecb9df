/**
 * The policy gate as a library: `runGate` reads the inputs (source, synth output, plans), runs every
 * rule and returns findings, a summary and the exit code; `renderReport` formats a result. Neither
 * prints nor exits (cli.ts and scripts/synth.ts do). Heavy modules (ts-morph via the source layer) load
 * only when the source layer runs.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Finding, Layer, PolicyResource } from './model';
import { loadConfig, globToRegExp, resolveScope, type PolicyConfig } from './config';
import { applySuppressions, dedupe, exitCodeOf, internalFinding, runRules, sortFindings, summarize } from './engine';
import { GATE_ERROR, internalRules } from './internal-rules';
import { toRepoPath } from './paths';
import { reporters, type Format, type ReportContext } from './reporters';
import { loadSourceLayer, type AnalyseSource, type PreparedSource } from './source-loader';
import { ruleList } from './rules';
import { parseSuppressions, type Suppression } from './suppressions';
import type { GateResult, ResourceGraph, Rule, RuleMeta, SourceAnalysis } from './types';

export type { Format, ReportContext } from './reporters';
export { FORMATS } from './reporters';
export type { GateResult, Summary, ExitCode, RuleMeta } from './types';

export interface GateOptions {
  /** Repository root: file paths in findings are relative to it. */
  readonly root: string;
  /** TypeScript files or directories for the source layer; default: the scope in policies/policy.config.json. */
  readonly paths?: readonly string[];
  /** Synth output directory (contains stacks/<stack>/cdk.tf.json); must exist when given. Default: `cdktf.out` when it exists. */
  readonly synthDir?: string;
  /**
   * Plan JSON files (`terraform show -json`), in addition to `<synthDir>/stacks/*\/plan.json` (those
   * only when not older than the stack's cdk.tf.json; stale ones are listed in `summary.stalePlans`).
   */
  readonly plans?: readonly string[];
  /** Run the source layer (default true). */
  readonly source?: boolean;
  /** Rules to run (default: the registry); for tests. */
  readonly rules?: readonly Rule[];
  /** Source layer implementation (default: policies/source, loaded lazily); for tests. */
  readonly analyseSource?: AnalyseSource;
  /** A source analysis started earlier with `startSourceAnalysis` (paths then come from there). */
  readonly prepared?: PreparedSource;
}

export type { SourceAnalysis } from './types';
export { enableSourceCompileCache, startSourceAnalysis } from './source-loader';
export type { AnalyseSource, PreparedSource } from './source-loader';

/**
 * Runs the gate. Never throws for bad input: problems become `policy/gate-error` findings and exit code
 * 2 (a rule that throws: `policy/rule-error`, exit 2). Only an internal crash rejects; callers exit 2.
 */
export async function runGate(options: GateOptions): Promise<GateResult> {
  const root = path.resolve(options.root);
  const rules = options.rules ?? ruleList;
  const gateErrors: Finding[] = [];
  const fail = (message: string, file = '.', line = 1, column = 1, layer: Layer = 'source'): void => {
    gateErrors.push(internalFinding(GATE_ERROR, 'failed', { message }, { file, line, column }, layer));
  };

  let config: PolicyConfig | undefined;
  try {
    config = loadConfig(root);
  } catch (error) {
    fail((error as Error).message, 'policies/policy.config.json');
  }

  const graphs: ResourceGraph[] = [];
  const sourceTexts = new Map<string, string>();
  let sourceFiles: string[] = [];
  let sourceGraph: ResourceGraph | undefined;

  // Source layer.
  if (options.source !== false && config) {
    let pending: Promise<SourceAnalysis> | undefined;
    if (options.prepared) {
      sourceFiles = [...options.prepared.files];
      if (options.prepared.scopeError) fail(options.prepared.scopeError);
      pending = options.prepared.analysis;
    } else {
      try {
        sourceFiles = resolveScope(root, config, options.paths);
      } catch (error) {
        fail((error as Error).message);
      }
      if (sourceFiles.length > 0) {
        const analyse = options.analyseSource;
        pending = (async () => (analyse ?? loadSourceLayer())({ root, files: sourceFiles.map((file) => path.join(root, file)) }))();
      }
    }
    if (pending) {
      try {
        const analysis = await pending;
        for (const diagnostic of analysis.diagnostics) {
          fail(diagnostic.message, toRepoPath(root, diagnostic.file), diagnostic.line, diagnostic.column);
        }
        for (const file of analysis.files) sourceTexts.set(toRepoPath(root, file.file), file.text);
        sourceGraph = {
          layer: 'source',
          resources: analysis.resources,
          variables: {},
          imports: analysis.imports.map((entry) => ({ ...entry, file: toRepoPath(root, entry.file) })),
          files: analysis.files.map((file) => ({ file: toRepoPath(root, file.file), text: file.text })),
          changes: [],
        };
        graphs.push(sourceGraph);
      } catch (error) {
        fail(`The source layer failed: ${(error as Error).message}`);
      }
    }
  }

  // Synth layer.
  const stacks: string[] = [];
  const synthByStack = new Map<string, ResourceGraph>();
  let synthDir: string | undefined;
  if (options.synthDir !== undefined) {
    synthDir = path.resolve(root, options.synthDir);
    if (!fs.existsSync(path.join(synthDir, 'stacks'))) {
      fail(`--synth-dir ${options.synthDir} has no stacks/ directory (expected <dir>/stacks/<stack>/cdk.tf.json)`, '.', 1, 1, 'synth');
      synthDir = undefined;
    }
  } else if (config && fs.existsSync(path.join(root, config.synthDir, 'stacks'))) {
    synthDir = path.join(root, config.synthDir);
  }
  if (synthDir) {
    const { readSynthDir } = require('./synth') as typeof import('./synth');
    const read = readSynthDir(root, synthDir);
    for (const error of read.errors) fail(error.message, error.file, 1, 1, 'synth');
    for (const graph of read.graphs) {
      const mapped = sourceGraph ? mapToSource(graph, sourceGraph) : graph;
      graphs.push(mapped);
      stacks.push(mapped.stack ?? '');
      if (mapped.stack !== undefined) synthByStack.set(mapped.stack, mapped);
    }
  }

  // Plan layer.
  const planFiles = new Set<string>((options.plans ?? []).map((file) => path.resolve(root, file)));
  const stalePlans: string[] = [];
  if (synthDir && config) for (const file of findPlans(synthDir, config.plans, stalePlans)) planFiles.add(file);
  const plans: string[] = [];
  if (planFiles.size > 0) {
    const { readPlanFile } = require('./plan') as typeof import('./plan');
    for (const file of [...planFiles].sort()) {
      try {
        const graph = readPlanFile(file, { root, synthByStack });
        graphs.push(graph);
        plans.push(toRepoPath(root, file));
      } catch (error) {
        fail((error as Error).message, toRepoPath(root, file), 1, 1, 'plan');
      }
    }
  }

  // Rules, de-duplication, suppressions.
  const { findings: all, addresses, unresolved, ruleErrors } = runRules(graphs, rules);
  // A value the source layer could not resolve was checked per environment by the synth layer when a
  // synthesized resource maps to the same construct line: the synthesized verdict replaces the warning.
  const checkedBySynth = new Set<string>();
  for (const graph of graphs) {
    if (graph.layer !== 'synth') continue;
    for (const resource of graph.resources) if (isSourceFile(resource.location.file)) checkedBySynth.add(locationKey(resource.location));
  }
  const raw = all.filter((finding) => !(finding.layer === 'source' && unresolved.has(finding) && checkedBySynth.has(locationKey(finding.location))));
  const unique = dedupe(raw, addresses);
  const suppressions: Suppression[] = [];
  const parsed = new Set<string>();
  const suppressionsOf = (file: string): void => {
    if (parsed.has(file) || !/\.[cm]?tsx?$/.test(file)) return;
    parsed.add(file);
    let text = sourceTexts.get(file);
    if (text === undefined) {
      try {
        text = fs.readFileSync(path.join(root, file), 'utf8');
      } catch {
        return;
      }
    }
    suppressions.push(...parseSuppressions(file, text));
  };
  for (const file of sourceTexts.keys()) suppressionsOf(file);
  for (const finding of unique) suppressionsOf(finding.location.file);
  const known = new Set([...ruleList, ...rules].map((rule) => rule.id));
  const analysed = new Set(sourceTexts.keys());
  const findings = sortFindings([...applySuppressions(unique, suppressions, known, (file) => analysed.has(file)), ...gateErrors]);

  const exitCode = exitCodeOf(findings, gateErrors.length > 0 || ruleErrors > 0);
  const ruleMetas: RuleMeta[] = [...rules.map(metaOf), ...Object.values(internalRules)];
  return {
    findings,
    exitCode,
    summary: summarize(findings, exitCode, { sourceFiles: sourceFiles.length, stacks, plans, stalePlans: stalePlans.map((file) => toRepoPath(root, file)) }),
    rules: ruleMetas,
  };
}

/** Renders a result in one of the report formats. */
export function renderReport(result: GateResult, format: Format, context: ReportContext): string {
  return reporters[format](result.findings, { rules: result.rules, summary: result.summary, ...context });
}

/** Files written by one checkout or one validate run are not stale relative to each other. */
const STALE_TOLERANCE_MS = 1000;

function mtimeOf(file: string): number | undefined {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return undefined;
  }
}

function isSourceFile(file: string): boolean {
  return /\.[cm]?tsx?$/.test(file);
}

function locationKey(location: { file: string; line: number; column: number }): string {
  return `${location.file}:${location.line}:${location.column}`;
}

function metaOf(rule: Rule): RuleMeta {
  const { id, severity, description, why, help, messages, layers } = rule;
  return { id, severity, description, why, help, messages, ...(layers ? { layers } : {}) };
}

/** Plan files under the synth directory matching the configured globs, and those older than their synth. */
function findPlans(synthDir: string, globs: readonly string[], stale: string[]): string[] {
  const patterns = globs.map(globToRegExp);
  const out: string[] = [];
  const stacksDir = path.join(synthDir, 'stacks');
  let stacks: string[] = [];
  try {
    stacks = fs.readdirSync(stacksDir);
  } catch {
    return out;
  }
  for (const stack of stacks) {
    let entries: string[] = [];
    try {
      entries = fs.readdirSync(path.join(stacksDir, stack));
    } catch {
      continue;
    }
    const synthesized = mtimeOf(path.join(stacksDir, stack, 'cdk.tf.json'));
    for (const entry of entries) {
      const relative = `stacks/${stack}/${entry}`;
      if (entry === 'cdk.tf.json' || !patterns.some((pattern) => pattern.test(relative))) continue;
      const file = path.join(stacksDir, stack, entry);
      // A plan older than the stack's cdk.tf.json was made from an earlier synth: it would report
      // problems that are already fixed (or miss new ones), so it is skipped (and listed as stale).
      if (synthesized !== undefined && (mtimeOf(file) ?? 0) < synthesized - STALE_TOLERANCE_MS) stale.push(file);
      else out.push(file);
    }
  }
  return out;
}

/**
 * Points synth resources at the TypeScript line of the matching source resource when cdktf left no
 * stack trace: same Terraform type and the same construct id (the last segment of the construct path),
 * when exactly one source resource matches.
 */
function mapToSource(graph: ResourceGraph, source: ResourceGraph): ResourceGraph {
  const paths = graph.constructPaths ?? {};
  const byTypeAndId = new Map<string, PolicyResource[]>();
  for (const resource of source.resources) {
    const id = constructIdOf(resource);
    if (id === undefined) continue;
    const key = `${resource.type}|${id}`;
    const list = byTypeAndId.get(key);
    if (list) list.push(resource);
    else byTypeAndId.set(key, [resource]);
  }
  const resources = graph.resources.map((resource) => {
    if (isSourceFile(resource.location.file)) return resource;
    const constructPath = paths[resource.key];
    if (!constructPath) return resource;
    const segments = constructPath.split('/');
    const id = segments[segments.length - 1] ?? '';
    let candidates = byTypeAndId.get(`${resource.type}|${id}`) ?? [];
    if (candidates.length > 1 && segments.length > 2) {
      // The same id in several constructs: prefer the file named after the parent construct.
      const parent = segments[segments.length - 2];
      candidates = candidates.filter((candidate) => path.basename(candidate.location.file).replace(/\.[cm]?tsx?$/, '').includes(parent));
    }
    if (candidates.length !== 1) return resource;
    return { ...resource, location: candidates[0].location };
  });
  return { ...graph, resources };
}

/** The construct id of a source resource, read from its display name (`EcrRepository "id" (file:line)` or `new X(scope, "id")`). */
export function constructIdOf(resource: PolicyResource): string | undefined {
  const match = /^(?:new\s+)?[\w.$]+\s*(?:\(\s*[^,]*,\s*)?(["'`])([^"'`]+)\1/.exec(resource.displayName);
  return match ? match[2] : undefined;
}
