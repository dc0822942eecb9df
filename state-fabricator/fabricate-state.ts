/**
 * A Terraform state (format 4) as if a stack had been applied: from the stack's plan from no state
 * (`terraform show -json`), its configuration (cdk.tf.json) and the provider's resource schemas.
 *
 * Every resource instance the plan creates gets its planned values; what the plan left unknown is filled
 * the way an apply would have: an attribute the configuration sets is evaluated from its expression
 * (with the fabricated values of the resources it refers to), and what AWS computes gets a realistic
 * placeholder (placeholders.ts). Outputs are evaluated the same way. Instances carry the schema version of
 * their type, their dependencies, sensitive paths and create_before_destroy, as terraform writes them.
 * Anything it cannot work out is a FabricationError naming the resource, the attribute and why.
 */
import { createHash } from 'node:crypto';
import { evaluate, EvaluationError, type Scope, type Value } from './hcl-evaluate';
import { parseTemplate, ParseError } from './hcl-parse';
import { awsComputedValues, ec2Id, placeholderContext, storedForm, type PlaceholderContext } from './placeholders';
import type { CtyType, ProviderSchemas, SchemaBlock, SchemaBlockType } from './provider-schema';
import { numberString } from './hcl-values';
import type { PlanResourceChange } from '../terraform-runner/plan-against-state';
import type { Json, JsonObject } from '../terraform-runner/stack-info';

type Attributes = { [name: string]: Value };
type PathStep = string | number;

export class FabricationError extends Error {}

/** A resource change of a plan (`terraform show -json`), as the change plans read it. */
export type PlannedChange = PlanResourceChange;

export interface FabricateInput {
  /** The stack's configuration: its cdk.tf.json, parsed. */
  readonly config: JsonObject;
  /** The stack planned from no state (`terraform show -json`), with `resource_changes` and `variables`. */
  readonly plan: { readonly resource_changes?: readonly PlannedChange[]; readonly variables?: { readonly [name: string]: { readonly value?: Json } } };
  readonly schemas: ProviderSchemas;
  /** Variable values; they win over the plan's (a redacted stand-in, for instance). @default - the plan's */
  readonly variables?: { readonly [name: string]: Json };
  /** terraform_version written into the state. */
  readonly terraformVersion: string;
  /** The account in ARNs. @default - the provider's first allowed_account_ids, else 123456789012 */
  readonly accountId?: string;
  /** Seed of the placeholder IDs: the same seed gives the same state. @default 'baseline' */
  readonly seed?: string;
}

export interface StateInstance {
  index_key?: string | number;
  schema_version: number;
  attributes: Attributes;
  sensitive_attributes: { type: 'get_attr' | 'index'; value: Value }[][];
  dependencies?: string[];
  create_before_destroy?: boolean;
}

export interface StateResource {
  mode: 'managed';
  type: string;
  name: string;
  provider: string;
  instances: StateInstance[];
}

export interface TerraformState {
  version: 4;
  terraform_version: string;
  serial: number;
  lineage: string;
  outputs: { [name: string]: { value: Value; type: Json; sensitive?: boolean } };
  resources: StateResource[];
  check_results: null;
}

const DEFAULT_ACCOUNT = '123456789012';

export function fabricateState(input: FabricateInput): TerraformState {
  return new Fabricator(input).state();
}

class Fabricator {
  private readonly changes: PlannedChange[];
  private readonly instances = new Map<string, Attributes>();
  private readonly inProgress = new Set<string>();
  private readonly localValues = new Map<string, Value>();
  private readonly variables: { [name: string]: Value };
  /** Variables given to the fabricator: values planned from them are evaluated again with the given value. */
  private readonly givenVariables: ReadonlySet<string>;
  private readonly seed: string;
  private readonly account: string;

  constructor(private readonly input: FabricateInput) {
    this.changes = (input.plan.resource_changes ?? []).filter((c) => (c.mode ?? 'managed') === 'managed' && c.change.actions.includes('create'));
    const variables: { [name: string]: Value } = {};
    for (const [name, entry] of Object.entries(input.plan.variables ?? {})) variables[name] = (entry.value ?? null) as Value;
    for (const [name, value] of Object.entries(input.variables ?? {})) variables[name] = value as Value;
    this.variables = variables;
    this.givenVariables = new Set(Object.keys(input.variables ?? {}));
    this.seed = input.seed ?? 'baseline';
    this.account = input.accountId ?? providerAccount(input.config) ?? DEFAULT_ACCOUNT;
  }

  state(): TerraformState {
    const grouped = new Map<string, StateResource>();
    for (const change of this.changes) {
      const key = `${change.type}.${change.name}`;
      const body = this.resourceConfig(change.type, change.name);
      let resource = grouped.get(key);
      if (!resource) {
        resource = { mode: 'managed', type: change.type, name: change.name, provider: providerReference(change, body), instances: [] };
        grouped.set(key, resource);
      }
      const lifecycle = asObject(body.lifecycle);
      resource.instances.push({
        ...(change.index !== undefined ? { index_key: change.index } : {}),
        schema_version: this.schemaOf(change).version,
        attributes: this.instance(change),
        sensitive_attributes: sensitivePaths(change.change.after_sensitive),
        ...dependencies(body),
        ...(lifecycle?.create_before_destroy === true ? { create_before_destroy: true } : {}),
      });
    }
    const resources = [...grouped.values()].sort((a, b) => `${a.type}.${a.name}`.localeCompare(`${b.type}.${b.name}`));
    return {
      version: 4,
      terraform_version: this.input.terraformVersion,
      serial: 1,
      lineage: this.uuid('lineage'),
      outputs: this.outputs(),
      resources,
      check_results: null,
    };
  }

  private outputs(): TerraformState['outputs'] {
    const out: TerraformState['outputs'] = {};
    for (const [name, raw] of Object.entries(asObject(this.input.config.output) ?? {})) {
      const body = asObject(raw) ?? {};
      const value = this.evaluateJson(body.value ?? null, this.scope(), `output.${name}`);
      if (value === null) continue; // terraform does not store null outputs
      out[name] = { value, type: ctyTypeOf(value), ...(body.sensitive === true ? { sensitive: true } : {}) };
    }
    return out;
  }

  /** The fabricated attributes of one instance (memoized; dependencies are fabricated first). */
  private instance(change: PlannedChange): Attributes {
    const done = this.instances.get(change.address);
    if (done) return done;
    if (this.inProgress.has(change.address)) throw new FabricationError(`${change.address}: its configuration refers to itself through other resources`);
    this.inProgress.add(change.address);
    const schema = this.schemaOf(change);
    const body = this.resourceConfig(change.type, change.name);
    const scope = this.scope(this.instanceScope(change, body));
    const computed: PathStep[][] = [];
    const filler = new Filler(change.address, change.type, (json, where) => this.evaluateJson(json, scope, where), computed, this.givenVariables);
    const attributes = filler.block(asObject(change.change.after), change.change.after_unknown ?? {}, { raw: body }, schema.block, []);
    const ctx = this.placeholderContext(change);
    applyComputed(attributes, awsComputedValues(change.type, attributes, ctx), computed);
    this.inProgress.delete(change.address);
    this.instances.set(change.address, attributes);
    return attributes;
  }

  private placeholderContext(change: PlannedChange): PlaceholderContext {
    return placeholderContext(this.seed, change.address, this.regionOf(change), this.account, (subnetId) => this.vpcOf(subnetId, change));
  }

  private vpcOf(subnetId: string | undefined, change: PlannedChange): string {
    if (subnetId) {
      for (const candidate of this.changes.filter((c) => c.type === 'aws_subnet')) {
        const subnet = this.instance(candidate);
        if (subnet.id === subnetId && typeof subnet.vpc_id === 'string') return subnet.vpc_id;
      }
    }
    for (const candidate of this.changes) {
      const vpcId = asObject(candidate.change.after)?.vpc_id;
      if (typeof vpcId === 'string' && vpcId.startsWith('vpc-')) return vpcId;
    }
    const vpc = this.changes.find((c) => c.type === 'aws_vpc');
    if (vpc) return String(this.instance(vpc).id);
    return ec2Id('vpc', this.placeholderContext({ ...change, address: 'stack-vpc' }));
  }

  private regionOf(change: PlannedChange): string {
    const body = this.resourceConfig(change.type, change.name);
    const alias = typeof body.provider === 'string' ? body.provider.replace(/^\$\{|\}$/g, '').split('.')[1] : undefined;
    const configs = asArray(asObject(this.input.config.provider)?.aws).map(asObject);
    const config = configs.find((c) => (c?.alias ?? undefined) === alias) ?? configs[0];
    const region = config?.region;
    if (typeof region === 'string') {
      const value = this.evaluateJson(region, this.scope(), 'provider.aws.region');
      if (typeof value === 'string') return value;
    }
    return 'us-east-1';
  }

  private instanceScope(change: PlannedChange, body: JsonObject): Pick<Scope, 'each' | 'countIndex'> {
    if (body.for_each !== undefined) {
      const collection = this.evaluateJson(body.for_each, this.scope(), `${change.type}.${change.name}.for_each`);
      const key = String(change.index);
      const value = Array.isArray(collection) ? key : asValueObject(collection)?.[key];
      if (value === undefined) throw new FabricationError(`${change.address}: for_each has no key ${JSON.stringify(key)}`);
      return { each: { key, value } };
    }
    if (body.count !== undefined && typeof change.index === 'number') return { countIndex: change.index };
    return {};
  }

  private scope(extra: Pick<Scope, 'each' | 'countIndex'> = {}): Scope {
    return {
      ...extra,
      variable: (name) => {
        if (!(name in this.variables)) throw new EvaluationError(`var.${name} has no value`);
        return this.variables[name];
      },
      local: (name) => {
        if (!this.localValues.has(name)) {
          const locals = asObject(this.input.config.locals) ?? {};
          if (!(name in locals)) throw new EvaluationError(`local.${name} is not defined`);
          this.localValues.set(name, this.evaluateJson(locals[name], this.scope(), `local.${name}`));
        }
        return this.localValues.get(name) as Value;
      },
      resource: (type, name) => this.resourceValue(type, name),
    };
  }

  /** `<type>.<name>` as an expression sees it: the instance, or its instances by key or index. */
  private resourceValue(type: string, name: string): Value {
    const body = asObject(asObject(asObject(this.input.config.resource)?.[type])?.[name]);
    if (!body) throw new EvaluationError(`${type}.${name} is not a resource of this stack`);
    const instances = this.changes.filter((c) => c.type === type && c.name === name);
    if (body.for_each !== undefined) return Object.fromEntries(instances.map((c) => [String(c.index), this.instance(c)]));
    if (body.count !== undefined) return instances.sort((a, b) => Number(a.index) - Number(b.index)).map((c) => this.instance(c));
    if (instances.length !== 1) throw new EvaluationError(`${type}.${name} is not planned, so it has no values`);
    return this.instance(instances[0]);
  }

  private evaluateJson(json: Json, scope: Scope, where: string): Value {
    try {
      return evaluateConfig(json, scope);
    } catch (error) {
      if (error instanceof EvaluationError || error instanceof ParseError) throw new FabricationError(`${where}: ${error.message}`);
      throw error;
    }
  }

  private resourceConfig(type: string, name: string): JsonObject {
    return asObject(asObject(asObject(this.input.config.resource)?.[type])?.[name]) ?? {};
  }

  private schemaOf(change: PlannedChange): { version: number; block: SchemaBlock } {
    const provider = change.provider_name ?? 'registry.terraform.io/hashicorp/aws';
    const schema = this.input.schemas[provider]?.[change.type];
    if (!schema) throw new FabricationError(`${change.address}: no schema for ${change.type} from ${provider}`);
    return schema;
  }

  private uuid(salt: string): string {
    const h = createHash('sha256').update(`${this.seed}\0${salt}`).digest('hex');
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
  }
}

/** A configuration node: JSON as written (strings are templates), or a value already evaluated. */
type ConfigNode = { readonly raw: Json } | { readonly value: Value };

/** Walks plan values, unknown markers, configuration and schema together (see fabricateState). */
class Filler {
  constructor(
    private readonly address: string,
    private readonly type: string,
    private readonly evaluateJson: (json: Json, where: string) => Value,
    /** Paths whose value AWS computes (filled generically here, realistically by placeholders). */
    private readonly computed: PathStep[][],
    /** Variables whose planned values are replaced (a stand-in redacted from a saved plan, for one). */
    private readonly givenVariables: ReadonlySet<string> = new Set(),
  ) {}

  block(after: JsonObject | undefined, unknown: Json, config: ConfigNode | undefined, block: SchemaBlock, path: PathStep[]): Attributes {
    const out: Attributes = {};
    const unknownObject = unknown === true ? undefined : asObject(unknown);
    for (const [name, attribute] of Object.entries(block.attributes)) {
      const childUnknown = unknown === true ? true : (unknownObject?.[name] ?? false);
      out[name] = this.value(after?.[name], childUnknown, this.child(config, name), attribute.type, Boolean(attribute.computed), [...path, name]);
    }
    for (const [name, blockType] of Object.entries(block.block_types ?? {})) {
      const childUnknown = unknown === true ? true : (unknownObject?.[name] ?? false);
      out[name] = this.nested(after?.[name], childUnknown, this.child(config, name), blockType, [...path, name]);
    }
    return out;
  }

  private nested(after: Json | undefined, unknown: Json, config: ConfigNode | undefined, type: SchemaBlockType, path: PathStep[]): Value {
    const single = type.nesting_mode === 'single' || type.nesting_mode === 'group';
    if (type.nesting_mode === 'map') {
      if (unknown === true && !config) return (this.computed.push(path), {});
      const keys = new Set([...Object.keys(asObject(after) ?? {}), ...Object.keys(asObject(unknown) ?? {}), ...Object.keys(this.objectOf(config) ?? {})]);
      const out: Attributes = {};
      for (const key of keys) out[key] = this.block(asObject(asObject(after)?.[key]), unknown === true ? true : (asObject(unknown)?.[key] ?? false), this.child(config, key), type.block, [...path, key]);
      return out;
    }
    if (single) {
      if (unknown === true && !config) return (this.computed.push(path), null);
      if ((after === null || after === undefined) && unknown !== true && !asObject(unknown)) return null;
      return this.block(asObject(after), unknown, config, type.block, path);
    }
    // list and set
    if (unknown === true) {
      if (!config) return (this.computed.push(path), []);
      const elements = this.elementsOf(config);
      return elements.map((element, index) => this.block(undefined, true, element, type.block, [...path, index]));
    }
    const items = asArray(after);
    const unknowns = asArray(unknown);
    const length = Math.max(items.length, unknowns.length);
    const elements = config ? this.elementsOf(config) : [];
    return Array.from({ length }, (_, index) => {
      const item = asObject(items[index]);
      const element = type.nesting_mode === 'set' ? matchElement(elements, item, index) : elements[index];
      return this.block(item, unknowns[index] ?? false, element, type.block, [...path, index]);
    });
  }

  private value(after: Json | undefined, unknown: Json, config: ConfigNode | undefined, type: CtyType, computed: boolean, path: PathStep[]): Value {
    if (unknown === true || (config && this.usesGivenVariable(config))) {
      if (config) return storedForm(this.type, path, this.convert(this.valueOf(config, path), type, path));
      if (!computed) return null;
      this.computed.push(path);
      return genericValue(type);
    }
    if (unknown === false || unknown === null || unknown === undefined) return after === undefined ? null : (after as Value);
    // Partly unknown: a collection or object with unknown parts.
    const element = collectionElement(type);
    if (Array.isArray(unknown)) {
      const items = asArray(after);
      const values = config ? this.valueOf(config, path) : undefined;
      return Array.from({ length: Math.max(items.length, unknown.length) }, (_, index) =>
        this.value(items[index], unknown[index] ?? false, Array.isArray(values) ? { value: values[index] ?? null } : undefined, element(index), computed, [...path, index]),
      );
    }
    const unknownObject = asObject(unknown) ?? {};
    const afterObject = asObject(after) ?? {};
    const values = config ? asValueObject(this.valueOf(config, path)) : undefined;
    const out: Attributes = {};
    for (const key of new Set([...Object.keys(afterObject), ...Object.keys(unknownObject)])) {
      out[key] = this.value(afterObject[key], unknownObject[key] ?? false, values && key in values ? { value: values[key] } : undefined, element(key), computed, [...path, key]);
    }
    return out;
  }

  private usesGivenVariable(config: ConfigNode): boolean {
    if (this.givenVariables.size === 0 || !('raw' in config) || typeof config.raw !== 'string') return false;
    return [...config.raw.matchAll(/\bvar\.([A-Za-z_][A-Za-z0-9_-]*)/g)].some((match) => this.givenVariables.has(match[1]));
  }

  private child(config: ConfigNode | undefined, key: string): ConfigNode | undefined {
    if (!config) return undefined;
    if ('raw' in config) {
      const raw = config.raw;
      if (Array.isArray(raw) && raw.length === 1 && asObject(raw[0])) return this.child({ raw: raw[0] }, key);
      const object = asObject(raw);
      if (object) return key in object ? { raw: object[key] } : undefined;
      if (typeof raw === 'string') return this.child({ value: this.valueOf(config, []) }, key);
      return undefined;
    }
    const object = asValueObject(Array.isArray(config.value) && config.value.length === 1 ? config.value[0] : config.value);
    return object && key in object ? { value: object[key] } : undefined;
  }

  private objectOf(config: ConfigNode | undefined): Attributes | undefined {
    if (!config) return undefined;
    return asValueObject(this.valueOf(config, []));
  }

  private elementsOf(config: ConfigNode): ConfigNode[] {
    if ('raw' in config) {
      if (Array.isArray(config.raw)) return config.raw.map((raw) => ({ raw }));
      if (asObject(config.raw)) {
        if ('dynamic' in (asObject(config.raw) ?? {})) throw new FabricationError(`${this.address}: dynamic blocks are not supported`);
        return [{ raw: config.raw }];
      }
    }
    const value = this.valueOf(config, []);
    if (Array.isArray(value)) return value.map((item) => ({ value: item }));
    return value === null ? [] : [{ value }];
  }

  private valueOf(config: ConfigNode, path: PathStep[]): Value {
    return 'raw' in config ? this.evaluateJson(config.raw, `${this.address}.${path.join('.')}`) : config.value;
  }

  private convert(value: Value, type: CtyType, path: PathStep[]): Value {
    try {
      return convert(value, type);
    } catch (error) {
      throw new FabricationError(`${this.address}.${path.join('.')}: ${(error as Error).message}`);
    }
  }
}

/** Evaluates configuration JSON: strings as templates, arrays and objects member by member. */
export function evaluateConfig(json: Json, scope: Scope): Value {
  if (typeof json === 'string') return evaluate(parseTemplate(json), scope);
  if (Array.isArray(json)) return json.map((item) => evaluateConfig(item, scope));
  if (json !== null && typeof json === 'object') {
    const out: Attributes = {};
    for (const [key, value] of Object.entries(json)) if (key !== '//') out[key] = evaluateConfig(value, scope);
    return out;
  }
  return json;
}

/** A value converted to a cty type the way terraform converts configuration values. */
export function convert(value: Value, type: CtyType): Value {
  if (value === null) return null;
  if (typeof type === 'string') {
    switch (type) {
      case 'string':
        if (typeof value === 'string') return value;
        if (typeof value === 'number') return numberString(value);
        if (typeof value === 'boolean') return String(value);
        break;
      case 'number':
        if (typeof value === 'number') return value;
        if (typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value))) return Number(value);
        break;
      case 'bool':
        if (typeof value === 'boolean') return value;
        if (value === 'true' || value === 'false') return value === 'true';
        break;
      case 'dynamic':
        return value;
    }
    throw new Error(`cannot convert ${JSON.stringify(value)} to ${type}`);
  }
  const [kind, inner] = type as [string, unknown];
  if ((kind === 'list' || kind === 'set') && Array.isArray(value)) {
    const items = value.map((item) => convert(item, inner as CtyType));
    return kind === 'set' ? items.filter((item, index) => items.findIndex((other) => JSON.stringify(other) === JSON.stringify(item)) === index) : items;
  }
  if (kind === 'tuple' && Array.isArray(value)) return value.map((item, index) => convert(item, (inner as CtyType[])[index] ?? 'dynamic'));
  const object = asValueObject(value);
  if (kind === 'map' && object) return Object.fromEntries(Object.entries(object).map(([key, item]) => [key, convert(item, inner as CtyType)]));
  if (kind === 'object' && object) {
    const attributes = inner as { [name: string]: CtyType };
    return Object.fromEntries(Object.entries(attributes).map(([key, attributeType]) => [key, convert(object[key] ?? null, attributeType)]));
  }
  throw new Error(`cannot convert ${JSON.stringify(value)} to ${JSON.stringify(type)}`);
}

/** The neutral value of a type for a computed attribute nothing more is known about. */
function genericValue(type: CtyType): Value {
  if (type === 'string') return '';
  if (type === 'number') return 0;
  if (type === 'bool') return false;
  if (typeof type === 'string') return null;
  const [kind, inner] = type as [string, unknown];
  if (kind === 'list' || kind === 'set' || kind === 'tuple') return [];
  if (kind === 'map') return {};
  if (kind === 'object') return Object.fromEntries(Object.entries(inner as { [name: string]: CtyType }).map(([key, t]) => [key, genericValue(t)]));
  return null;
}

/** The type of an element (by index or key) of a collection or structural type. */
function collectionElement(type: CtyType): (key: string | number) => CtyType {
  if (typeof type === 'string') return () => 'dynamic';
  const [kind, inner] = type as [string, unknown];
  if (kind === 'list' || kind === 'set' || kind === 'map') return () => inner as CtyType;
  if (kind === 'tuple') return (key) => (inner as CtyType[])[Number(key)] ?? 'dynamic';
  if (kind === 'object') return (key) => (inner as { [name: string]: CtyType })[String(key)] ?? 'dynamic';
  return () => 'dynamic';
}

/** For a set of blocks: the configuration element whose literal values agree with the planned element. */
function matchElement(elements: readonly ConfigNode[], planned: JsonObject | undefined, index: number): ConfigNode | undefined {
  if (!planned) return elements[index];
  const matches = elements.filter((element) => {
    const raw = 'raw' in element ? asObject(element.raw) : asValueObject(element.value);
    if (!raw) return false;
    return Object.entries(raw).every(([key, value]) => {
      if (typeof value === 'string' && value.includes('${')) return true;
      if (value === null || typeof value === 'object') return true;
      const plannedValue = planned[key];
      return plannedValue === undefined || plannedValue === null || String(plannedValue) === String(value);
    });
  });
  return matches.length === 1 ? matches[0] : elements[index];
}

/**
 * Sets each computed path to AWS's value from `values` (by top-level attribute; elements of lists are
 * matched on their known fields, e.g. a validation option by its domain name).
 */
function applyComputed(attributes: Attributes, values: Attributes, computed: readonly PathStep[][]): void {
  for (const path of computed) {
    const [top] = path;
    if (typeof top !== 'string' || !(top in values)) continue;
    if (path.length === 1) {
      attributes[top] = values[top];
      continue;
    }
    let source: Value = values[top];
    let target: Value = attributes[top];
    for (let i = 1; i < path.length; i++) {
      const step = path[i];
      if (typeof step === 'number' && Array.isArray(source) && Array.isArray(target)) {
        const current = asValueObject(target[step]);
        const found = current ? source.find((candidate) => agrees(asValueObject(candidate), current)) : undefined;
        source = found ?? source[step] ?? null;
      } else {
        source = asValueObject(source)?.[String(step)] ?? null;
      }
      if (i === path.length - 1) {
        if (source !== null && target !== null && typeof target === 'object') (target as Record<string, Value>)[String(step)] = source;
      } else {
        target = (target as Record<string, Value> | null)?.[String(step)] ?? null;
      }
    }
  }
}

/** Whether every known (non-empty scalar) field of `known` has the same value in `candidate`. */
function agrees(candidate: Attributes | undefined, known: Attributes): boolean {
  if (!candidate) return false;
  return Object.entries(known).every(([key, value]) => value === '' || value === null || typeof value === 'object' || candidate[key] === value);
}

/** `after_sensitive` → the state's sensitive paths (`[[{"type":"get_attr","value":"private_key"}]]`). */
function sensitivePaths(sensitive: Json | undefined): StateInstance['sensitive_attributes'] {
  const out: StateInstance['sensitive_attributes'] = [];
  const walk = (value: Json | undefined, path: { type: 'get_attr' | 'index'; value: Value }[]): void => {
    if (value === true) out.push(path);
    else if (Array.isArray(value)) value.forEach((item, index) => walk(item, [...path, { type: 'index', value: index }]));
    else if (value !== null && typeof value === 'object') for (const [key, item] of Object.entries(value)) walk(item, [...path, { type: 'get_attr', value: key }]);
  };
  walk(sensitive, []);
  return out;
}

/** The resources a resource refers to (and depends_on), as terraform records them in state. */
function dependencies(body: JsonObject): { dependencies?: string[] } {
  const found = new Set<string>();
  const reference = /^([a-z][a-z0-9]*_[a-z0-9_]+)\.([A-Za-z_][A-Za-z0-9_-]*)/;
  const visit = (json: Json): void => {
    if (typeof json === 'string') {
      for (const interpolation of json.matchAll(/\$\{([^}]*)\}/g)) {
        for (const match of interpolation[1].matchAll(/(?<![\w.])([a-z][a-z0-9]*_[a-z0-9_]+)\.([A-Za-z_][A-Za-z0-9_-]*)/g)) found.add(`${match[1]}.${match[2]}`);
      }
    } else if (Array.isArray(json)) json.forEach(visit);
    else if (json !== null && typeof json === 'object') for (const [key, value] of Object.entries(json)) if (key !== '//' && key !== 'lifecycle' && key !== 'depends_on') visit(value);
  };
  visit(body);
  for (const entry of asArray(body.depends_on)) {
    const match = typeof entry === 'string' ? reference.exec(entry.replace(/^\$\{|\}$/g, '')) : null;
    if (match) found.add(`${match[1]}.${match[2]}`);
  }
  return found.size > 0 ? { dependencies: [...found].sort() } : {};
}

function providerReference(change: PlannedChange, body: JsonObject): string {
  const provider = change.provider_name ?? 'registry.terraform.io/hashicorp/aws';
  const alias = typeof body.provider === 'string' ? body.provider.replace(/^\$\{|\}$/g, '').split('.')[1] : undefined;
  return `provider["${provider}"]${alias ? `.${alias}` : ''}`;
}

function providerAccount(config: JsonObject): string | undefined {
  const first = asObject(asArray(asObject(config.provider)?.aws)[0]);
  const allowed = first?.allowed_account_ids;
  return Array.isArray(allowed) && typeof allowed[0] === 'string' ? allowed[0] : undefined;
}

/** The cty type of an output value, as terraform stores it. */
function ctyTypeOf(value: Value): Json {
  if (typeof value === 'string') return 'string';
  if (typeof value === 'number') return 'number';
  if (typeof value === 'boolean') return 'bool';
  if (Array.isArray(value)) return ['tuple', value.map(ctyTypeOf)];
  if (value !== null && typeof value === 'object') return ['object', Object.fromEntries(Object.entries(value).map(([key, item]) => [key, ctyTypeOf(item)]))];
  return 'dynamic';
}

function asObject(value: Json | undefined): JsonObject | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? value : undefined;
}

function asValueObject(value: Value | undefined): Attributes | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? value : undefined;
}

function asArray(value: Json | undefined): Json[] {
  return Array.isArray(value) ? value : value === null || value === undefined ? [] : [value];
}
