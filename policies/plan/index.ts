/**
 * Plan layer: `terraform show -json <planfile>` output becomes one resource graph per plan.
 *
 * Attributes are the planned after-values of every managed resource that still exists after the plan.
 * Values unknown until apply (`after_unknown`) are taken from the configuration's expressions: a
 * reference such as `aws_security_group.alb.id` becomes a `ResourceRef`, anything else `Unresolved`.
 * `resource_changes` actions are kept in `changes` (replace_paths, importing) for rules about actions.
 * Provider configuration is left out: offline plans (npm run validate) use stand-in credentials, and the
 * provider blocks the app writes are checked by the source and synth layers.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ResourceRef, Unresolved, type AttrValue, type Location, type PolicyResource } from '../model';
import { toRepoPath } from '../paths';
import { interpolatedReference, parseReference } from '../terraform-refs';
import type { PlanChange, ResourceGraph } from '../types';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export interface PlanOptions {
  readonly root: string;
  /** Synth graphs by stack name: production and source locations of a stack's resources come from there. */
  readonly synthByStack?: ReadonlyMap<string, ResourceGraph>;
}

/** Reads one plan JSON file; throws with a readable message when it cannot. */
export function readPlanFile(file: string, options: PlanOptions): ResourceGraph {
  const repoFile = toRepoPath(options.root, file);
  let json: Json;
  try {
    json = JSON.parse(fs.readFileSync(path.resolve(options.root, file), 'utf8')) as Json;
  } catch (error) {
    throw new Error(`Cannot read plan ${repoFile}: ${(error as Error).message}`);
  }
  if (!isObject(json) || (!('resource_changes' in json) && !('planned_values' in json) && !('format_version' in json))) {
    throw new Error(`${repoFile} is not \`terraform show -json\` plan output`);
  }
  return planGraph(json, { ...options, file: repoFile, stack: stackNameOf(file) });
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

  const production = planProduction(json, synth);
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
    if (typeof entry.module_address === 'string') continue; // cdktf stacks are flat; nested modules are not modelled
    if (change.after === null || change.after === undefined) continue; // deleted
    const data = entry.mode === 'data';
    const key = data ? `data.${address.replace(/^data\./, '')}` : address;
    const configAddress = address.replace(/\[[^\]]*\]$/, '');
    const synthResource = synth?.resources.find((r) => r.key === configAddress);
    const location = synthResource?.location ?? planLocation;
    const label = address;
    const expressions = configByAddress.get(configAddress);
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

  return { layer: 'plan', stack, file, resources, variables, imports: [], files: [], changes };
}

/** Production from an output or variable named `production`, else the synth stack, else true (fail safe). */
function planProduction(json: { [key: string]: Json }, synth: ResourceGraph | undefined): boolean {
  const planned = isObject(json.planned_values) ? json.planned_values : {};
  const outputs = isObject(planned.outputs) ? planned.outputs : {};
  if (isObject(outputs.production) && typeof outputs.production.value === 'boolean') return outputs.production.value;
  const variables = isObject(json.variables) ? json.variables : {};
  if (isObject(variables.production) && typeof variables.production.value === 'boolean') return variables.production.value;
  if (synth && synth.resources.length > 0) return synth.resources[0].production;
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
