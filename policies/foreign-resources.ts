/**
 * Resources this configuration has another AWS service create, which no rule sees as a Terraform resource:
 * the resources of CloudFormation templates (`aws_cloudformation_stack` and `aws_cloudformation_stack_set`,
 * `template_body` in JSON or YAML) and Cloud Control API resources (`aws_cloudcontrolapi_resource`,
 * `type_name` and `desired_state`). Rules read them here, in CloudFormation's own terms (resource type
 * and properties), and check the types they govern.
 *
 * Values are read exactly or not at all: a `Ref` to a parameter is the value the stack passes (or the
 * parameter's default), a `Ref`/`Fn::GetAtt` to another resource of the template is a reference to it,
 * and every other intrinsic function is `Unresolved`. What the gate cannot read (a `template_url`, a
 * template it cannot parse, a `Transform`, a nested stack, a `desired_state` it cannot work out) is
 * returned as unreadable, with the reason, so each rule reports it as "cannot verify".
 */
import type { Document, YAMLMap } from 'yaml';
import { OneOf, ResourceRef, Unresolved, type AttrValue, type Location, type PolicyResource } from './model';
import { escapeInterpolations } from './policy-documents';
import { interpolatedReference } from './terraform-refs';
import type { RuleContext } from './types';
import { describe, interpolations, isLiteralString, isObject, isUnresolved, optionsOf } from './values';

export type ForeignService = 'CloudFormation' | 'Cloud Control';

/** One resource of a CloudFormation template, or the resource of a Cloud Control API resource. */
export interface ForeignResource {
  readonly host: PolicyResource;
  readonly via: ForeignService;
  /** The CloudFormation resource type, `AWS::ECR::Repository`. */
  readonly type: string;
  /** Unique within the graph: `<host key>#<logical id>` (CloudFormation) or the host's key (Cloud Control). */
  readonly key: string;
  /** For messages: `aws_cloudformation_stack.legacy → Repository (AWS::ECR::Repository)`. */
  readonly label: string;
  /** The properties (CloudFormation's names), or `Unresolved` when they are not an object the gate can read. */
  readonly properties: AttrValue;
}

/** A host whose resources the gate cannot see, and why. */
export interface UnreadableHost {
  readonly host: PolicyResource;
  readonly via: ForeignService;
  /** Why, as a clause: `its template comes from template_url …, which the gate does not read`. */
  readonly reason: string;
  /** The resource type, when the host creates one known type (Cloud Control); undefined: it may create any. */
  readonly type?: string;
  /** Set when the cause is a value the gate could not work out: the attribute and its expression. */
  readonly unresolved?: { readonly attribute: string; readonly expression: string };
}

export interface ForeignResources {
  readonly resources: readonly ForeignResource[];
  readonly unreadable: readonly UnreadableHost[];
}

/** Resource types that create further resources from a template the gate does not read. */
const NESTED_TEMPLATES = new Set(['AWS::CloudFormation::Stack', 'AWS::Serverless::Application']);
const STACK_TYPES = ['aws_cloudformation_stack', 'aws_cloudformation_stack_set'];
const CLOUD_CONTROL_TYPES = ['aws_cloudcontrolapi_resource'];
/** Deepest nesting of a template value the reader follows. */
const MAX_DEPTH = 64;

const cache = new WeakMap<readonly PolicyResource[], ForeignResources>();

/** The YAML parser, loaded only when a graph has a template to read (every gate run loads the rules). */
function yaml(): typeof import('yaml') {
  return require('yaml') as typeof import('yaml');
}

/** Every foreign resource of the graph, and every host the gate cannot see into (read once per graph). */
export function foreignResources(context: RuleContext): ForeignResources {
  const cached = cache.get(context.resources);
  if (cached) return cached;
  const resources: ForeignResource[] = [];
  const unreadable: UnreadableHost[] = [];
  for (const host of context.ofType(...STACK_TYPES)) readStack(host, resources, unreadable);
  for (const host of context.ofType(...CLOUD_CONTROL_TYPES)) readCloudControl(host, resources, unreadable);
  const result = { resources, unreadable };
  cache.set(context.resources, result);
  return result;
}

/** Foreign resources of the given types, and the unreadable hosts that may create one of them. */
export function foreignOfTypes(context: RuleContext, types: readonly string[]): ForeignResources {
  const all = foreignResources(context);
  return {
    resources: all.resources.filter((resource) => types.includes(resource.type)),
    unreadable: all.unreadable.filter((host) => host.type === undefined || types.includes(host.type)),
  };
}

/** A foreign resource as a resource of the model (Terraform type and attributes), located at its host. */
export function asPolicyResource(foreign: ForeignResource, type: string, attributes: { readonly [key: string]: AttrValue }): PolicyResource {
  const { host } = foreign;
  return {
    key: foreign.key,
    type,
    displayName: foreign.label,
    attributes,
    location: host.location,
    layer: host.layer,
    ...(host.stack !== undefined ? { stack: host.stack } : {}),
    production: host.production,
  };
}

/** A property of a foreign resource (undefined when its properties are not an object). */
export function property(foreign: ForeignResource, name: string): AttrValue | undefined {
  return isObject(foreign.properties) ? foreign.properties[name] : undefined;
}

/** An expression short enough for a message. */
export function shortExpression(expression: string, max = 160): string {
  return expression.length <= max ? expression : `${expression.slice(0, max - 1)}…`;
}

function readStack(host: PolicyResource, resources: ForeignResource[], unreadable: UnreadableHost[]): void {
  const via: ForeignService = 'CloudFormation';
  const body = optionsOf(host.attributes.template_body);
  const urls = optionsOf(host.attributes.template_url).filter((url) => url !== undefined && url !== null);
  if (host.unknownAttributes && host.attributes.template_body === undefined) {
    unreadable.push({ host, via, reason: 'its template cannot be seen', unresolved: { attribute: 'configuration', expression: host.unknownAttributes.expression } });
  }
  for (const url of urls) unreadable.push({ host, via, reason: `its template comes from template_url ${describe(url)}, which the gate does not read` });
  for (const option of body) {
    if (option === undefined || option === null) continue;
    if (typeof option !== 'string' || isWholeExpression(option)) {
      const expression = isUnresolved(option) ? option.expression : describe(option);
      unreadable.push({ host, via, reason: 'its template_body cannot be worked out', unresolved: { attribute: 'template_body', expression } });
      continue;
    }
    readTemplate(host, option, resources, unreadable);
  }
}

function readTemplate(host: PolicyResource, text: string, resources: ForeignResource[], unreadable: UnreadableHost[]): void {
  const via: ForeignService = 'CloudFormation';
  const document = parseText(text);
  if ('error' in document) {
    unreadable.push({ host, via, reason: `its template_body is not JSON or YAML the gate can parse (${document.error})` });
    return;
  }
  const template = document.document.contents;
  if (!yaml().isMap(template)) {
    unreadable.push({ host, via, reason: 'its template_body is not a CloudFormation template (not a mapping)' });
    return;
  }
  const section = (name: string): unknown => template.get(name, true);
  const declared = section('Resources');
  const logicalIds = new Set<string>(yaml().isMap(declared) ? declared.items.map((item) => String(yaml().isScalar(item.key) ? item.key.value : item.key)) : []);
  const parameters = section('Parameters');
  const transform = section('Transform');
  if (transform !== undefined && transform !== null) {
    unreadable.push({ host, via, reason: `its template declares Transform ${describe(plainOf(transform, document.document))}, which rewrites it when CloudFormation deploys it` });
  }
  const reader = new TemplateReader(host, document.document, logicalIds, yaml().isMap(parameters) ? parameters : undefined);
  if (declared === undefined || declared === null) return;
  if (!yaml().isMap(declared)) {
    unreadable.push({ host, via, reason: 'its template has a Resources section that is not a mapping' });
    return;
  }
  for (const item of declared.items) {
    const logicalId = String(yaml().isScalar(item.key) ? item.key.value : item.key);
    const definition = item.value;
    const typeNode = yaml().isMap(definition) ? definition.get('Type', true) : undefined;
    const type = yaml().isScalar(typeNode) && typeNode.tag === undefined && typeof typeNode.value === 'string' ? typeNode.value : undefined;
    if (type === undefined) {
      unreadable.push({ host, via, reason: `its template's resource ${logicalId} has no literal Type` });
      continue;
    }
    if (NESTED_TEMPLATES.has(type) || type.endsWith('::MODULE')) {
      unreadable.push({ host, via, reason: `its template's resource ${logicalId} (${type}) creates resources from a template the gate does not read` });
      continue;
    }
    const propertiesNode = yaml().isMap(definition) ? definition.get('Properties', true) : undefined;
    const properties = propertiesNode === undefined || propertiesNode === null ? {} : reader.value(propertiesNode, 0);
    resources.push({
      host,
      via,
      type,
      key: `${host.key}#${logicalId}`,
      label: `${host.displayName} → ${logicalId} (${type})`,
      properties: isObject(properties) || isUnresolved(properties) ? properties : new Unresolved(`Properties of ${logicalId}: ${describe(properties)}`, host.location),
    });
  }
}

function readCloudControl(host: PolicyResource, resources: ForeignResource[], unreadable: UnreadableHost[]): void {
  const via: ForeignService = 'Cloud Control';
  const types = optionsOf(host.attributes.type_name);
  for (const typeName of types) {
    if (!isLiteralString(typeName)) {
      const expression = typeName === undefined ? '(omitted)' : isUnresolved(typeName) ? typeName.expression : describe(typeName);
      unreadable.push({ host, via, reason: 'its type_name cannot be worked out', unresolved: { attribute: 'type_name', expression } });
      continue;
    }
    const label = `${host.displayName} (${typeName} through Cloud Control)`;
    for (const state of optionsOf(host.attributes.desired_state)) {
      if (typeof state !== 'string' || isWholeExpression(state)) {
        const expression = state === undefined ? host.unknownAttributes?.expression ?? '(omitted)' : isUnresolved(state) ? state.expression : describe(state);
        unreadable.push({ host, via, type: typeName, reason: 'its desired_state cannot be worked out', unresolved: { attribute: 'desired_state', expression } });
        continue;
      }
      const document = parseText(state);
      if ('error' in document || !yaml().isMap(document.document.contents)) {
        unreadable.push({ host, via, type: typeName, reason: `its desired_state is not a JSON object the gate can parse${'error' in document ? ` (${document.error})` : ''}` });
        continue;
      }
      // Cloud Control takes literal JSON: no intrinsic functions, no parameters.
      const reader = new TemplateReader(host, document.document, new Set(), undefined, false);
      resources.push({ host, via, type: typeName, key: host.key, label, properties: reader.value(document.document.contents, 0) });
    }
  }
}

/** A string that is one Terraform expression (`${jsonencode({…})}`, `${file("t.yaml")}`): known only at plan time. */
function isWholeExpression(text: string): boolean {
  const parts = interpolations(text.trim());
  return parts.length === 1 && parts[0].start === 0 && parts[0].end === text.trim().length;
}

/** Parses JSON or YAML text (JSON is YAML); Terraform interpolations in a JSON text keep their quotes escaped. */
function parseText(text: string): { document: Document } | { error: string } {
  const source = text.trimStart().startsWith('{') ? escapeInterpolations(text) : text;
  const document = yaml().parseDocument(source, { prettyErrors: false, uniqueKeys: true });
  if (document.errors.length > 0) return { error: document.errors[0].message.split('\n')[0] };
  return { document };
}

/** The plain JS value of a node, for messages. */
function plainOf(node: unknown, document: Document): AttrValue {
  const value = (node as { toJS?: (doc: Document) => unknown }).toJS?.(document) ?? node;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Reads template values as the model's values, resolving the intrinsic functions it can resolve exactly. */
class TemplateReader {
  private readonly location: Location;

  constructor(
    private readonly host: PolicyResource,
    private readonly document: Document,
    private readonly logicalIds: ReadonlySet<string>,
    private readonly parameters: YAMLMap | undefined,
    private readonly intrinsics = true,
  ) {
    this.location = host.location;
  }

  value(node: unknown, depth: number): AttrValue {
    if (depth > MAX_DEPTH) return new Unresolved('(template nesting too deep)', this.location);
    if (node === undefined || node === null) return null;
    if (yaml().isAlias(node)) return this.value(node.resolve(this.document), depth + 1);
    const tag = (node as { tag?: string }).tag;
    if (this.intrinsics && typeof tag === 'string' && tag.startsWith('!')) return this.shortForm(tag.slice(1), node);
    if (yaml().isScalar(node)) {
      const value = node.value;
      if (typeof value === 'string') return this.text(value);
      if (typeof value === 'number' || typeof value === 'boolean' || value === null) return value;
      return new Unresolved(String(value), this.location);
    }
    if (yaml().isSeq(node)) return node.items.map((item) => this.value(item, depth + 1));
    if (yaml().isMap(node)) {
      const keys = node.items.map((item) => String(yaml().isScalar(item.key) ? item.key.value : item.key));
      if (this.intrinsics && keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::') || keys[0] === 'Condition')) {
        return this.longForm(keys[0], node.items[0].value);
      }
      const out: { [key: string]: AttrValue } = {};
      node.items.forEach((item, index) => {
        out[keys[index]] = this.value(item.value, depth + 1);
      });
      return out;
    }
    return new Unresolved(String(node), this.location);
  }

  /** `!Ref X`, `!GetAtt a.b`, `!Sub …` and the other short forms. */
  private shortForm(name: string, node: unknown): AttrValue {
    if (name === 'Ref') return yaml().isScalar(node) ? this.ref(String(node.value)) : this.unresolved(`!Ref ${describe(plainOf(node, this.document))}`);
    return this.longForm(name === 'Condition' ? 'Condition' : `Fn::${name}`, node, node);
  }

  /** `{ "Ref": … }`, `{ "Fn::GetAtt": … }`, `{ "Fn::Sub": "…" }`; every other function is Unresolved. */
  private longForm(name: string, argument: unknown, whole?: unknown): AttrValue {
    const plain = yaml().isScalar(argument) ? argument.value : argument;
    if (name === 'Ref' && (typeof plain === 'string' || yaml().isScalar(argument))) return this.ref(String(plain));
    if (name === 'Fn::GetAtt') {
      const parts = typeof plain === 'string' ? plain.split('.') : yaml().isSeq(argument) ? argument.items.map((item) => String(yaml().isScalar(item) ? item.value : '')) : [];
      if (parts.length >= 2 && this.logicalIds.has(parts[0])) return new ResourceRef(`${this.host.key}#${parts[0]}`, parts.slice(1).join('.'));
    }
    // A Sub without variables is its text.
    if (name === 'Fn::Sub' && typeof plain === 'string' && !plain.includes('${')) return this.text(plain);
    const shown = whole !== undefined ? plainOf(whole, this.document) : plainOf(argument, this.document);
    return this.unresolved(`${name} ${describe(shown)}`);
  }

  /** A `Ref`: a parameter's value as the stack passes it (or its default), a resource of the template, or unknown. */
  private ref(name: string): AttrValue {
    if (name === 'AWS::NoValue') return null;
    if (this.logicalIds.has(name)) return new ResourceRef(`${this.host.key}#${name}`, '');
    const declared = this.parameters?.get(name, true);
    if (declared === undefined) return this.unresolved(`Ref ${name}`);
    const passed: AttrValue[] = [];
    for (const option of optionsOf(this.host.attributes.parameters)) {
      if (option === undefined || option === null) continue;
      if (!isObject(option)) return isUnresolved(option) ? option : this.unresolved(`parameters ${describe(option)}`);
      if (option[name] !== undefined) passed.push(option[name]);
    }
    if (passed.length === 1) return passed[0];
    if (passed.length > 1) return new OneOf(passed);
    const fallback = yaml().isMap(declared) ? declared.get('Default', true) : undefined;
    return fallback === undefined ? this.unresolved(`Ref ${name} (a parameter the stack passes no value for)`) : this.value(fallback, 0);
  }

  /** A string: a whole Terraform interpolation is a reference (or unknown); other text stays as written. */
  private text(value: string): AttrValue {
    if (/^\$\{[^{}]+\}$/.test(value)) return interpolatedReference(value) ?? this.unresolved(value);
    return value;
  }

  private unresolved(expression: string): Unresolved {
    return new Unresolved(shortExpression(expression), this.location);
  }
}
