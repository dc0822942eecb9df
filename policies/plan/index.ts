/**
 * Plan layer: `terraform show -json <planfile>` output becomes one resource graph per plan.
 *
 * Attributes are the planned after-values of every managed resource that still exists after the plan,
 * also inside Terraform modules (which the synth layer cannot see into).
 * Values unknown until apply (`after_unknown`) are taken from the configuration's expressions: a
 * reference such as `aws_security_group.alb.id` becomes a `ResourceRef`, anything else `Unresolved`.
 * `resource_changes` actions are kept in `changes` (replace_paths, importing) for rules about actions.
 * Provider configuration is left out: offline plans (npm run validate) use stand-in credentials, and the
 * provider blocks the app writes are checked by the source and synth layers.
 */
import * as path from 'node:path';
import { ResourceRef, Unresolved, type AttrValue, type Location, type PolicyResource } from '../model';
import { toRepoPath } from '../paths';
import { readRegularFile } from '../input-files';
import { interpolatedReference, parseReference } from '../terraform-refs';
import type { PlanChange, ResourceGraph } from '../types';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export interface PlanOptions {
  readonly root: string;
  /** Synth graphs by stack name: production and source locations of a stack's resources come from there. */
  readonly synthByStack?: ReadonlyMap<string, ResourceGraph>;
  /** Production as the environment files declare it, by stack name (see environments.ts). */
  readonly declaredProduction?: (stack: string) => boolean | undefined;
}

/** Largest plan JSON the gate reads. */
export const MAX_PLAN_FILE_BYTES = 256 * 1024 * 1024;

/**
 * Reads one plan JSON file; throws with a readable message naming the file when it cannot, or when it is
 * not `terraform show -json` plan output the layer understands (fail closed: a plan the gate cannot read
 * is never a pass).
 */
export function readPlanFile(file: string, options: PlanOptions): ResourceGraph {
  const repoFile = toRepoPath(options.root, file);
  const read = readRegularFile(path.resolve(options.root, file), MAX_PLAN_FILE_BYTES);
  if ('missing' in read) throw new Error(`Cannot read plan ${repoFile}: no such file`);
  if ('error' in read) throw new Error(`Cannot read plan ${repoFile}: ${read.error}`);
  let json: Json;
  try {
    json = JSON.parse(read.text) as Json;
  } catch (error) {
    throw new Error(`Cannot parse plan ${repoFile}: ${(error as Error).message}`);
  }
  const problem = planProblem(json);
  if (problem) throw new Error(`${repoFile} is not \`terraform show -json\` plan output the gate understands: ${problem}`);
  const stack = stackNameOf(file);
  return planGraph(json as { [key: string]: Json }, { ...options, file: repoFile, stack });
}

/** Why a parsed plan is not one the layer understands (undefined when it is). */
export function planProblem(json: Json): string | undefined {
  if (!isObject(json)) return 'the top level is not an object';
  if (typeof json.format_version !== 'string') return 'it has no format_version';
  if (json.resource_changes === undefined) return 'it has no resource_changes, so it plans nothing the gate could check';
  if (!Array.isArray(json.resource_changes)) return '"resource_changes" is not a list';
  if (json.resource_changes.length === 0) return '"resource_changes" is empty, so it plans nothing the gate could check';
  for (const [index, entry] of json.resource_changes.entries()) {
    const where = `resource_changes[${index}]${isObject(entry) && typeof entry.address === 'string' ? ` (${entry.address})` : ''}`;
    if (!isObject(entry)) return `${where} is not an object`;
    for (const key of ['address', 'type', 'name'] as const) if (typeof entry[key] !== 'string') return `${where} has no ${key}`;
    if (entry.mode !== 'managed' && entry.mode !== 'data') return `${where} has mode ${JSON.stringify(entry.mode ?? null)}, not managed or data`;
    const change = entry.change;
    if (!isObject(change)) return `${where} has no change`;
    if (!Array.isArray(change.actions) || change.actions.length === 0 || !change.actions.every((action) => typeof action === 'string')) return `${where}.change.actions is not a list of actions`;
    if (!('after' in change) || (change.after !== null && !isObject(change.after))) return `${where}.change.after is not an object or null`;
    if (change.after_unknown !== undefined && !isObject(change.after_unknown) && typeof change.after_unknown !== 'boolean') return `${where}.change.after_unknown is not an object`;
  }
  for (const key of ['planned_values', 'configuration', 'variables'] as const) {
    if (json[key] !== undefined && !isObject(json[key])) return `"${key}" is not an object`;
  }
  return undefined;
}

/** `…/stacks/<stack>/plan.json` → `<stack>`; otherwise the file name without `.json`. */
export function stackNameOf(file: string): string {
  const parts = file.split(/[\\/]/);
  const index = parts.lastIndexOf('stacks');
  if (index >= 0 && index + 2 === parts.length - 1) return parts[index + 1];
  return path.basename(file).replace(/\.json$/, '').replace(/\.plan$/, '');
}

export function planGraph(json: { [key: string]: Json }, options: PlanOptions & { file: string; stack: string }): ResourceGraph {
  const { file, stack } = options;
  const synth = options.synthByStack?.get(stack);
  const planLocation: Location = { file, line: 1, column: 1 };

  const variables: { [name: string]: AttrValue | undefined } = {};
  if (isObject(json.variables)) {
    for (const [name, entry] of Object.entries(json.variables)) {
      variables[name] = isObject(entry) ? (entry.value as AttrValue) : undefined;
    }
  }

  const declared = options.declaredProduction?.(stack);
  const production = planProduction(json, synth, declared);
  const productionAssumed = production && planProductionAssumed(json, synth, declared);
  const configuration = isObject(json.configuration) ? json.configuration : {};
  const rootModule = isObject(configuration.root_module) ? configuration.root_module : {};
  const configByAddress = new Map<string, { [key: string]: Json }>();
  for (const resource of asArray(rootModule.resources)) {
    if (isObject(resource) && typeof resource.address === 'string' && isObject(resource.expressions)) {
      configByAddress.set(resource.address, resource.expressions);
    }
  }

  const resources: PolicyResource[] = [];
  const changes: PlanChange[] = [];
  for (const entry of asArray(json.resource_changes)) {
    if (!isObject(entry) || typeof entry.address !== 'string' || !isObject(entry.change)) continue;
    const change = entry.change;
    const address = entry.address;
    const type = typeof entry.type === 'string' ? entry.type : '';
    changes.push({
      address,
      type,
      name: typeof entry.name === 'string' ? entry.name : '',
      actions: asArray(change.actions).filter((a): a is string => typeof a === 'string'),
      replacePaths: asArray(change.replace_paths).filter(Array.isArray) as (string | number)[][],
      importing: change.importing !== undefined && change.importing !== null,
      ...(typeof entry.action_reason === 'string' ? { actionReason: entry.action_reason } : {}),
      ...(isObject(change.before) ? { before: change.before as { [key: string]: AttrValue } } : {}),
      production,
    });
    // Resources inside Terraform modules are checked by their after-values (their configuration lives in
    // module_calls; references there are module-local, so unknown values stay unknown).
    const inModule = typeof entry.module_address === 'string';
    if (change.after === null || change.after === undefined) continue; // deleted
    const data = entry.mode === 'data';
    const key = data ? `data.${address.replace(/^data\./, '')}` : address;
    const configAddress = address.replace(/\[[^\]]*\]$/, '');
    const synthResource = inModule ? undefined : synth?.resources.find((r) => r.key === configAddress);
    const location = synthResource?.location ?? planLocation;
    const label = address;
    const expressions = inModule ? undefined : configByAddress.get(configAddress);
    const attributes = merge(change.after, change.after_unknown, expressions ?? {}, location, address, expressions !== undefined);
    resources.push({
      key,
      type: data ? `data.${type}` : type,
      displayName: label,
      attributes: isPlainObject(attributes) ? attributes : {},
      location,
      layer: 'plan',
      stack,
      production,
    });
  }

  // Provider configuration is not modelled: offline plans run with stand-in credentials, and the
  // provider blocks the app writes are checked in the source and synth layers.

  return { layer: 'plan', stack, file, resources, variables, imports: [], files: [], changes, production, ...(productionAssumed ? { productionAssumed } : {}) };
}

/**
 * Production: the environment file's `production: true`, else the synth stack of the same name, else an
 * output or variable named `production` that is the literal `false`; anything else is production.
 */
function planProduction(json: { [key: string]: Json }, synth: ResourceGraph | undefined, declared: boolean | undefined): boolean {
  if (declared === true) return true;
  if (synth?.production !== undefined) return synth.production;
  const planned = isObject(json.planned_values) ? json.planned_values : {};
  const outputs = isObject(planned.outputs) ? planned.outputs : {};
  if (isObject(outputs.production) && outputs.production.value === false) return false;
  const variables = isObject(json.variables) ? json.variables : {};
  if (isObject(variables.production) && variables.production.value === false) return false;
  return true;
}

/** Production only by presumption: no environment file, no synth stack, no literal `production` output or variable. */
function planProductionAssumed(json: { [key: string]: Json }, synth: ResourceGraph | undefined, declared: boolean | undefined): boolean {
  if (declared !== undefined) return false;
  if (synth?.production !== undefined) return synth.productionAssumed === true;
  const planned = isObject(json.planned_values) ? json.planned_values : {};
  const outputs = isObject(planned.outputs) ? planned.outputs : {};
  if (isObject(outputs.production) && typeof outputs.production.value === 'boolean') return false;
  const variables = isObject(json.variables) ? json.variables : {};
  if (isObject(variables.production) && typeof variables.production.value === 'boolean') return false;
  return true;
}

/** After-values with unknown parts filled from the configuration expressions. */
function merge(after: Json | undefined, unknown: Json | undefined, expression: Json | undefined, location: Location, label: string, configured: boolean): AttrValue {
  // Unknown and not in the configuration: a computed attribute nobody set, so it counts as omitted.
  if (unknown === true) {
    if (expression === undefined && configured) return undefined as unknown as AttrValue;
    return fromExpression(expression, location) ?? new Unresolved(`${label} (known after apply)`, location);
  }
  if (Array.isArray(after)) {
    if (isLeafExpression(expression) && Array.isArray(unknown) && unknown.some((u) => u === true)) {
      return fromExpression(expression, location) ?? new Unresolved(`${label} (known after apply)`, location);
    }
    return after.map((item, index) =>
      merge(item, Array.isArray(unknown) ? unknown[index] : undefined, Array.isArray(expression) ? expression[index] : undefined, location, `${label}[${index}]`, configured),
    );
  }
  if (isObject(after) || (isObject(unknown) && (after === null || after === undefined))) {
    const base = isObject(after) ? after : {};
    const unknowns = isObject(unknown) ? unknown : {};
    const out: { [key: string]: AttrValue } = {};
    for (const key of new Set([...Object.keys(base), ...Object.keys(unknowns)])) {
      const value = merge(base[key], unknowns[key], isObject(expression) && !isLeafExpression(expression) ? expression[key] : undefined, location, `${label}.${key}`, configured);
      if (value !== undefined) out[key] = value;
    }
    return out;
  }
  return after === undefined ? (undefined as unknown as AttrValue) : after;
}

function isLeafExpression(expression: Json | undefined): expression is { [key: string]: Json } {
  return isObject(expression) && ('references' in expression || 'constant_value' in expression);
}

/** A configuration expression as an attribute value; undefined when there is none. */
function fromExpression(expression: Json | undefined, location: Location): AttrValue | undefined {
  if (expression === undefined || expression === null) return undefined;
  if (Array.isArray(expression)) {
    return expression.map((item) => fromExpression(item, location) ?? null);
  }
  if (!isObject(expression)) return undefined;
  // cdktf writes references as strings ("${aws_lb.main.arn}"), so constant_value keeps the structure.
  if ('constant_value' in expression) return fromConstant(expression.constant_value, location);
  if ('references' in expression) {
    const refs: ResourceRef[] = [];
    const seen = new Set<string>();
    let other: string | undefined;
    for (const reference of asArray(expression.references)) {
      if (typeof reference !== 'string') continue;
      const parsed = parseReference(reference);
      if (parsed && parsed.attribute !== '') {
        if (!seen.has(parsed.targetKey)) {
          seen.add(parsed.targetKey);
          refs.push(parsed);
        }
      } else if (!parsed) {
        other ??= reference;
      }
    }
    if (other !== undefined || refs.length === 0) return new Unresolved(other ?? '(known after apply)', location);
    return refs.length === 1 ? refs[0] : refs;
  }
  const out: { [key: string]: AttrValue } = {};
  for (const [key, value] of Object.entries(expression)) {
    const converted = fromExpression(value, location);
    if (converted !== undefined) out[key] = converted;
  }
  return out;
}

/** A constant from the configuration, with whole-string references as ResourceRefs. */
function fromConstant(value: Json | undefined, location: Location): AttrValue {
  if (value === undefined) return null;
  if (typeof value === 'string') {
    const reference = interpolatedReference(value);
    if (reference) return reference;
    if (/^\$\{[^{}]+\}$/.test(value)) return new Unresolved(value, location);
    return value;
  }
  if (Array.isArray(value)) return value.map((item) => fromConstant(item, location));
  if (isObject(value)) {
    const out: { [key: string]: AttrValue } = {};
    for (const [key, item] of Object.entries(value)) out[key] = fromConstant(item, location);
    return out;
  }
  return value;
}

function isObject(value: Json | undefined): value is { [key: string]: Json } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isPlainObject(value: AttrValue | undefined): value is { [key: string]: AttrValue } {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof ResourceRef) && !(value instanceof Unresolved);
}

function asArray(value: Json | undefined): Json[] {
  return Array.isArray(value) ? value : [];
}
