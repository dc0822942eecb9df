/**
 * Test helpers: hand-built source-like resources, synth graphs from Terraform JSON objects, and running
 * one rule the way the engine does.
 */
import { OneOf, ResourceRef, Unresolved, type AttrValue, type Finding, type PolicyResource } from '../../policies/model';
import { jsonKeyLines } from '../../policies/json-lines';
import { planGraph } from '../../policies/plan';
import { stackGraph } from '../../policies/synth';
import { runRules } from '../../policies/engine';
import type { ResourceGraph, Rule, RuleContext, SourceFile, SourceImport } from '../../policies/types';

export const SOURCE_FILE = 'constructs/fixture.ts';
export const SYNTH_FILE = 'cdktf.out/stacks/prod/cdk.tf.json';
export const PLAN_FILE = 'cdktf.out/stacks/prod/plan.json';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** A source-layer resource at `constructs/fixture.ts:<line>:5`. */
export function src(
  type: string,
  attributes: { [key: string]: AttrValue },
  options: { line?: number; production?: boolean; id?: string } = {},
): PolicyResource {
  const line = options.line ?? 1;
  const className = type.replace(/^aws_/, '').replace(/(^|_)([a-z])/g, (_, __, c: string) => c.toUpperCase());
  return {
    key: `${SOURCE_FILE}:${line}:5`,
    type,
    displayName: `new ${className}(this, "${options.id ?? `r${line}`}")`,
    attributes,
    location: { file: SOURCE_FILE, line, column: 5 },
    layer: 'source',
    production: options.production ?? true,
  };
}

/** A reference to the resource built by `src(…, { line })`. */
export function ref(line: number, attribute = 'id'): ResourceRef {
  return new ResourceRef(`${SOURCE_FILE}:${line}:5`, attribute);
}

export function unresolved(expression: string, line = 1): Unresolved {
  return new Unresolved(expression, { file: SOURCE_FILE, line, column: 10 });
}

export function oneOf(...options: AttrValue[]): OneOf {
  return new OneOf(options);
}

/** A synth graph from a Terraform JSON object (pretty-printed so resources get their own lines). */
export function synth(json: { [key: string]: Json }, stack = 'prod'): ResourceGraph {
  return stackGraph(json, { root: '/repo', stack, file: SYNTH_FILE, text: JSON.stringify(json, null, 2) });
}

/** A plan graph from `terraform show -json`-shaped output. */
export function plan(json: { [key: string]: Json }, stack = 'prod'): ResourceGraph {
  return planGraph(json, { root: '/repo', file: PLAN_FILE, stack });
}

/** The line of a key path (`resource/aws_lb/main`) in the pretty-printed JSON. */
export function jsonLine(json: Json, keyPath: string): number {
  const line = jsonKeyLines(JSON.stringify(json, null, 2)).get(keyPath);
  if (line === undefined) throw new Error(`no key path ${keyPath}`);
  return line;
}

export function sourceGraph(
  resources: PolicyResource[],
  extra: { imports?: SourceImport[]; files?: SourceFile[] } = {},
): ResourceGraph {
  return { layer: 'source', resources, variables: {}, imports: extra.imports ?? [], files: extra.files ?? [], changes: [] };
}

/** A rule context over a graph, as the engine builds it, for helpers rules call (reports are dropped). */
export function contextOf(graph: ResourceGraph): RuleContext {
  return {
    ...graph,
    byKey: (key) => graph.resources.find((resource) => resource.key === key),
    ofType: (...types) => graph.resources.filter((resource) => types.includes(resource.type)),
    report: () => undefined,
  };
}

/** Runs one rule over one graph; rule errors propagate as a thrown error. */
export function check(rule: Rule, graph: ResourceGraph): Finding[] {
  const { findings } = runRules([graph], [rule]);
  const crash = findings.find((finding) => finding.ruleId === 'policy/rule-error');
  if (crash) throw new Error(crash.message);
  return findings;
}

/** A rule case: a graph, and for invalid cases the findings expected (rule, severity, line, message). */
export interface RuleCase {
  readonly name: string;
  readonly graph: ResourceGraph;
  readonly expected?: readonly { readonly severity?: 'error' | 'warning' | 'note'; readonly line: number; readonly message: string }[];
}

export interface RuleCases {
  readonly valid: readonly RuleCase[];
  readonly invalid: readonly RuleCase[];
}

/** Terraform JSON for a stack with `locals.production`. */
export function tf(resource: { [type: string]: { [name: string]: Json } }, options: { production?: boolean; variable?: { [name: string]: Json }; provider?: Json } = {}): { [key: string]: Json } {
  return {
    locals: { production: options.production ?? true },
    ...(options.provider !== undefined ? { provider: options.provider } : {}),
    resource,
    ...(options.variable ? { variable: options.variable } : {}),
  };
}
