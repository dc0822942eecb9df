/**
 * The policy gate as a library: `runGate` reads the inputs (source, synth output, plans), runs every
 * rule and returns findings, a summary and the exit code; `renderReport` formats a result. Neither
 * prints nor exits (cli.ts and scripts/synth.ts do). Heavy modules (ts-morph via the source layer) load
 * only when the source layer runs.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Finding, Layer } from './model';
import { CONFIG_FILE, loadConfig, globToRegExp, resolveScope, type PolicyConfig } from './config';
import { applySuppressions, dedupe, exitCodeOf, internalFinding, runRules, sortFindings, summarize } from './engine';
import { EnvironmentFiles } from './environments';
import { MAX_SOURCE_FILE_BYTES, readRegularFile } from './input-files';
import { GATE_ERROR, internalRules, BLIND_SPOT } from './internal-rules';
import { toRepoPath } from './paths';
import { reporters, type Format, type ReportContext } from './reporters';
import { analyseHere, type AnalyseSource, type PreparedSource } from './source-loader';
import { ruleList } from './rules';
import { isSourceFile, mapToSource } from './source-map';
import { suppressionsFromComments, type Suppression } from './suppressions';
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
  /** Read synth output (default true; false also skips the plans under it). */
  readonly synth?: boolean;
  /** Directory of the environment files whose `production:` the synth and plan layers trust (default: from policy.config.json). */
  readonly environments?: string;
  /** Rules to run (default: the registry); for tests. */
  readonly rules?: readonly Rule[];
  /** Source layer implementation (default: policies/source, loaded lazily); for tests. */
  readonly analyseSource?: AnalyseSource;
  /** A source analysis started earlier with `startSourceAnalysis` (paths then come from there). */
  readonly prepared?: PreparedSource;
  /**
   * Reuse a stored source analysis when no file it read has changed, and store new ones (default: on
   * unless POLICY_NO_CACHE is set; see source-cache.ts).
   */
  readonly cache?: boolean;
}

export type { SourceAnalysis } from './types';
export { enableSourceCompileCache, startSourceAnalysis } from './source-loader';
export type { AnalyseSource, PreparedSource } from './source-loader';

/**
 * Runs the gate. Never throws for bad input: problems become `policy/gate-error` findings and exit code
 * 2 (a rule that throws: `policy/rule-error`, exit 2), and a run that checked nothing is exit 2 too. Only
 * an internal crash rejects; callers exit 2.
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
    fail((error as Error).message, CONFIG_FILE);
  }
  const environments = options.environments ?? config?.environments;
  const environmentFiles = new EnvironmentFiles(root, environments);
  const declaredProduction = (stack: string): boolean | undefined => environmentFiles.production(stack);

  const graphs: ResourceGraph[] = [];
  const blindSpots: Finding[] = [];
  const blindSpotKeys = new Map<Finding, string>();
  let analysis: SourceAnalysis | undefined;
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
        const request = { root, files: sourceFiles.map((file) => path.join(root, file)) };
        pending = (async () => (analyse ? analyse(request) : analyseHere(request, { cache: options.cache })))();
      }
    }
    if (pending) {
      try {
        analysis = await pending;
        for (const diagnostic of analysis.diagnostics) {
          fail(diagnostic.message, toRepoPath(root, diagnostic.file), diagnostic.line, diagnostic.column);
        }
        for (const spot of analysis.blindSpots ?? []) {
          const finding = internalFinding(BLIND_SPOT, 'blind', { what: spot.what, why: spot.why }, spot.location);
          blindSpots.push(finding);
          if (spot.resourceKey !== undefined) blindSpotKeys.set(finding, spot.resourceKey);
        }
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
  if (options.synth === false) {
    synthDir = undefined;
  } else if (options.synthDir !== undefined) {
    synthDir = path.resolve(root, options.synthDir);
    if (!isDirectory(path.join(synthDir, 'stacks'))) {
      fail(`--synth-dir ${toRepoPath(root, synthDir)} has no stacks/ directory (expected <dir>/stacks/<stack>/cdk.tf.json)`, '.', 1, 1, 'synth');
      synthDir = undefined;
    }
  } else if (config && isDirectory(path.join(root, config.synthDir, 'stacks'))) {
    synthDir = path.join(root, config.synthDir);
  }
  if (synthDir) {
    const { readSynthDir } = require('./synth') as typeof import('./synth');
    const read = readSynthDir(root, synthDir, { declaredProduction });
    for (const error of read.errors) fail(error.message, error.file, 1, 1, 'synth');
    for (const graph of read.graphs) {
      const read = sourceGraph ? mapToSource(graph, sourceGraph) : graph;
      const declared = read.stack !== undefined ? environmentFiles.callers(read.stack) : undefined;
      const mapped: ResourceGraph = declared ? { ...read, declaredCallers: declared } : read;
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
        const read = readPlanFile(file, { root, synthByStack, declaredProduction });
        const callers = read.stack !== undefined ? environmentFiles.callers(read.stack) : undefined;
        const graph: ResourceGraph = callers ? { ...read, declaredCallers: callers } : read;
        graphs.push(graph);
        plans.push(toRepoPath(root, file));
      } catch (error) {
        fail((error as Error).message, toRepoPath(root, file), 1, 1, 'plan');
      }
    }
  }

  // Terraform modules: the synth layer cannot see what they create; a plan of the stack can.
  const planned = new Set(graphs.filter((graph) => graph.layer === 'plan').map((graph) => graph.stack));
  for (const graph of synthByStack.values()) {
    if (planned.has(graph.stack)) continue;
    for (const module of graph.modules ?? []) blindSpots.push(internalFinding(BLIND_SPOT, 'module', { module: `module.${module.name}` }, module.location, 'synth'));
  }

  if (sourceFiles.length === 0 && stacks.length === 0 && plans.length === 0 && gateErrors.length === 0) {
    fail('Nothing to check: no TypeScript files, no synth output and no plan (a gate that checked nothing never passes)');
  }

  // Rules, de-duplication, suppressions.
  const { findings: all, addresses, unresolved, ruleErrors } = runRules(graphs, rules);
  // What the source layer could not work out (an unresolved value, a blind spot on a construct) was checked
  // per environment by the synth layer when a synthesized resource maps to the same construct: the
  // synthesized verdict replaces the source finding.
  const checkedBySynth = new Set<string>();
  for (const graph of graphs) {
    if (graph.layer !== 'synth') continue;
    for (const resource of graph.resources) if (isSourceFile(resource.location.file)) checkedBySynth.add(locationKey(resource.location));
  }
  const sourceLocationOf = new Map((sourceGraph?.resources ?? []).map((resource) => [resource.key, resource.location]));
  const raw = all.filter((finding) => !(finding.layer === 'source' && unresolved.has(finding) && checkedBySynth.has(locationKey(finding.location))));
  const keptBlindSpots = blindSpots.filter((finding) => {
    const key = blindSpotKeys.get(finding);
    const location = key !== undefined ? sourceLocationOf.get(key) ?? finding.location : undefined;
    // A blind spot on a construct: decided by the synth layer when it checked that construct; any other
    // (a computed module path, a hatch the layer cannot place): decided by the synth layer when it ran.
    if (finding.layer !== 'source') return true;
    return location !== undefined ? !checkedBySynth.has(locationKey(location)) : stacks.length === 0;
  });
  const unique = dedupe(raw, addresses);
  const analysed = new Set((analysis?.files ?? []).map((file) => toRepoPath(root, file.file)));
  // A source layer that reports no suppressions of its own (a replacement for tests): read them from the texts.
  const suppressions: Suppression[] = analysis?.suppressions
    ? [...analysis.suppressions]
    : (analysis?.files ?? []).flatMap((file) => suppressionsOfText(toRepoPath(root, file.file), file.text));
  const outside = [...new Set(unique.map((finding) => finding.location.file))].filter((file) => isSourceFile(file) && !analysed.has(file));
  if (outside.length > 0) suppressions.push(...suppressionsOutsideAnalysis(root, outside));
  const known = new Set([...ruleList, ...rules].map((rule) => rule.id));
  const findings = sortFindings([...applySuppressions(unique, suppressions, known, (file) => analysed.has(file)), ...keptBlindSpots, ...gateErrors]);

  const exitCode = exitCodeOf(findings, gateErrors.length > 0 || ruleErrors > 0);
  const ruleMetas: RuleMeta[] = [...rules.map(metaOf), ...Object.values(internalRules)];
  return {
    findings,
    exitCode,
    summary: summarize(findings, exitCode, {
      sourceFiles: sourceFiles.length,
      stacks,
      plans,
      stalePlans: stalePlans.map((file) => toRepoPath(root, file)),
      rules: rules.length,
      resources: graphs.reduce((count, graph) => count + graph.resources.filter((resource) => !PSEUDO_BLOCKS.has(resource.type)).length, 0),
      sourceReused: analysis?.reused === true,
    }),
    rules: ruleMetas,
  };
}

/** Suppressions of TypeScript files the source layer did not read (findings mapped there by a stack trace). */
function suppressionsOutsideAnalysis(root: string, files: readonly string[]): Suppression[] {
  return files.flatMap((file) => {
    const read = readRegularFile(path.join(root, file), MAX_SOURCE_FILE_BYTES);
    return 'text' in read ? suppressionsOfText(file, read.text) : [];
  });
}

/** The suppressions in one file's comments (loads the TypeScript scanner only when the marker is there). */
function suppressionsOfText(file: string, text: string): Suppression[] {
  if (!text.includes('policy-ignore')) return [];
  const { commentsOf } = require('./source/comments') as typeof import('./source/comments');
  return suppressionsFromComments(file, commentsOf(file, text, 'policy-ignore'));
}

function isDirectory(directory: string): boolean {
  try {
    return fs.statSync(directory).isDirectory();
  } catch {
    return false;
  }
}

/** Renders a result in one of the report formats. */
export function renderReport(result: GateResult, format: Format, context: ReportContext): string {
  return reporters[format](result.findings, { rules: result.rules, summary: result.summary, ...context });
}

/** Blocks the synth layer reads for the rules' sake that are not resources (import blocks, required_providers). */
const PSEUDO_BLOCKS = new Set(['import', 'terraform.required_providers']);

/** Files written by one checkout or one validate run are not stale relative to each other. */
const STALE_TOLERANCE_MS = 1000;

function mtimeOf(file: string): number | undefined {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return undefined;
  }
}

function locationKey(location: { file: string; line: number; column: number }): string {
  return `${location.file}:${location.line}:${location.column}`;
}

function metaOf(rule: Rule): RuleMeta {
  const { id, severity, description, why, help, messages, layers, equivalents } = rule;
  return { id, severity, description, why, help, messages, ...(layers ? { layers } : {}), ...(equivalents ? { equivalents } : {}) };
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
