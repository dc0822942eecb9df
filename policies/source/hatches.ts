/**
 * Escape hatches: code that changes an element after `new`. `x.addOverride(path, v)`, `x.putAttr(v)`,
 * `x.resetAttr()`, `x.attr = v` (also `x['attr'] = v` and the backing field `x._attr = v`), `Object.assign(x, { attr: v })`, `Object.defineProperty`,
 * `x.overrideLogicalId(id)`, `this.attr = v` inside a local subclass of a provider class, and stack-level
 * `stack.addOverride('resource.<type>.<name>.<path>', v)`.
 *
 * The element a hatch changes is found by evaluating its receiver. When the receiver is only known through
 * a type test (`if (node instanceof EcrRepository) node.imageTagMutability = …` in an Aspect) or an
 * unknown key into a known object, the change applies to every element it may reach as a possible value
 * (`OneOf(before, after)`): rules then check both. A hatch the layer cannot place at all is a blind spot.
 */
import { Node, SyntaxKind } from 'ts-morph';
import { OneOf, ResourceRef, Unresolved, type AttrValue, type ConstructPathPattern, type Location } from '../model';
import { applyOverride, cloneAttributes, terraformName, toAttrValue } from './attributes';
import { logicalIdOf } from '../path-patterns';
import type { Evaluator } from './evaluate';
import type { ProviderModuleInfo } from './provider-modules';
import type { ElementBase } from './resource-classes';
import { enclosingClassOfThis, unwrap } from './syntax';
import { lookupName } from './scope';
import { ClassVal, ExternalVal, InstanceVal, isPlainObject, optionsOf, ProviderClassVal, UNDEFINED, valueKey, type Val } from './values';

export type Attributes = { [key: string]: AttrValue };

/** An element while the source layer builds it. */
export interface Element {
  readonly key: string;
  readonly type: string;
  /** What creates it: a provider class, a raw cdktf element or a backend (undefined: a stack override made it). */
  readonly base?: ElementBase;
  /** Local classes between the `new` and the cdktf class. */
  readonly subclasses: readonly Node[];
  readonly module?: ProviderModuleInfo;
  attributes: Attributes;
  readonly production: boolean;
  logicalId?: string;
  readonly constructPaths: readonly ConstructPathPattern[];
  readonly location: Location;
  readonly displayName: string;
  /** Part of the configuration the layer could not see (see PolicyResource.unknownAttributes). */
  unknownAttributes?: Unresolved;
}

export interface BlindSpotSink {
  (location: Location, what: string, why: string): void;
}

/** Method names of hatches on an element. */
const HATCH_METHOD = /^(addOverride|overrideLogicalId|put[A-Z]\w*|reset[A-Z]\w*)$/;
const LOGICAL_ASSIGNMENTS = new Set([SyntaxKind.EqualsToken, SyntaxKind.QuestionQuestionEqualsToken, SyntaxKind.BarBarEqualsToken, SyntaxKind.AmpersandAmpersandEqualsToken]);
/** Top-level keys of a stack's Terraform JSON that hold elements. */
const STACK_SECTIONS = new Set(['resource', 'data', 'provider', 'terraform']);

/** Whether a node is a hatch candidate (cheap syntactic test, used while walking the files once). */
export function isHatch(node: Node): boolean {
  if (Node.isCallExpression(node)) {
    const callee = unwrap(node.getExpression());
    if (Node.isPropertyAccessExpression(callee) && HATCH_METHOD.test(callee.getName())) return true;
    return Node.isPropertyAccessExpression(callee) && ['assign', 'defineProperty'].includes(callee.getName()) && callee.getExpression().getText() === 'Object';
  }
  if (Node.isBinaryExpression(node) && LOGICAL_ASSIGNMENTS.has(node.getOperatorToken().getKind())) {
    const left = unwrap(node.getLeft());
    return Node.isPropertyAccessExpression(left) || Node.isElementAccessExpression(left);
  }
  return false;
}

/** A change to one element: `definite` replaces values, otherwise the new values join the old ones. */
type Change = (element: Element, attributes: Attributes) => void;

export class Hatches {
  constructor(
    private readonly evaluator: Evaluator,
    private readonly elements: Map<string, Element>,
    private readonly blind: BlindSpotSink,
  ) {}

  /** Applies one hatch to the elements it reaches. */
  apply(hatch: Node): void {
    const location = this.evaluator.location(hatch);
    const read = this.read(hatch, location);
    if (!read) return;
    const { receiver, change, stackOverride } = read;
    if (stackOverride !== undefined) {
      this.applyStackOverride(hatch, stackOverride.path, stackOverride.value, location);
      return;
    }
    const targets = this.targets(receiver, hatch);
    if (targets === undefined) {
      if (read.cdktfSpecific && !this.notAnElement(receiver, 0)) this.blind(location, `what \`${short(hatch.getText())}\` changes`, 'its receiver is not an element the source layer can identify');
      return;
    }
    const inProduction = safely(() => this.evaluator.isProduction(hatch), true);
    for (const { element, definite } of targets) {
      // A change made only outside production does not change what production gets.
      if (element.production && !inProduction) continue;
      if (definite) change(element, element.attributes);
      else {
        const changed = cloneAttributes(element.attributes);
        change(element, changed);
        element.attributes = joinAttributes(element.attributes, changed);
      }
    }
  }

  /** What a hatch does, and to which receiver. */
  private read(hatch: Node, location: Location): { receiver: Node; change: Change; cdktfSpecific: boolean; stackOverride?: { path: string; value: Val } } | undefined {
    const evaluate = (node: Node | undefined): Val => (node ? this.evaluator.evaluate(node) : UNDEFINED);
    if (Node.isCallExpression(hatch)) {
      const callee = unwrap(hatch.getExpression());
      if (!Node.isPropertyAccessExpression(callee)) return undefined;
      const args = hatch.getArguments();
      if (callee.getName() === 'assign') {
        // Object.assign(element, { attr: v }, …): each key goes through the element's setter.
        const [target, ...sources] = args;
        if (!target) return undefined;
        const values = sources.map((source) => ({ source, value: evaluate(source) }));
        return {
          receiver: target,
          cdktfSpecific: false,
          change: (element, attributes) => {
            for (const { source, value } of values) {
              if (value === UNDEFINED || value === null) continue;
              // An object the layer cannot see into may set any attribute: fail closed on this element.
              if (!isPlainObject(value)) {
                element.unknownAttributes ??= this.evaluator.unresolved(source);
                continue;
              }
              for (const [key, item] of Object.entries(value)) setAttribute(element, attributes, key, item, location);
            }
          },
        };
      }
      if (callee.getName() === 'defineProperty') {
        // Object.defineProperty(element, 'attr', { value: v }): like `element.attr = v`.
        const [target, keyNode, descriptorNode] = args;
        if (!target) return undefined;
        const key = evaluate(keyNode);
        const descriptor = evaluate(descriptorNode);
        return {
          receiver: target,
          cdktfSpecific: false,
          change: (element, attributes) => {
            if (typeof key === 'string' && isPlainObject(descriptor) && 'value' in descriptor && !('get' in descriptor)) setAttribute(element, attributes, key, descriptor.value, location);
            else element.unknownAttributes ??= this.evaluator.unresolved(hatch);
          },
        };
      }
      const method = callee.getName();
      const receiver = callee.getExpression();
      if (method === 'addOverride') {
        const path = evaluate(args[0]);
        if (typeof path !== 'string') {
          return { receiver, cdktfSpecific: true, change: () => this.blind(location, `the override \`${short(hatch.getText())}\``, 'its path is not a known string') };
        }
        const raw = evaluate(args[1]);
        const first = path.split('.')[0];
        if (STACK_SECTIONS.has(first) && !this.isElement(receiver)) return { receiver, cdktfSpecific: true, change: () => undefined, stackOverride: { path, value: raw } };
        return { receiver, cdktfSpecific: true, change: (_element, attributes) => applyOverride(attributes, path, raw === UNDEFINED ? undefined : toAttrValue(raw, undefined, true, location)) };
      }
      if (method === 'overrideLogicalId') {
        const id = evaluate(args[0]);
        return {
          receiver,
          // Renames, changes no attribute: nothing to say when the receiver is not an element.
          cdktfSpecific: false,
          change: (element) => {
            if (typeof id === 'string') element.logicalId = id;
          },
        };
      }
      const prop = method.replace(/^(put|reset)([A-Z])/, (_m, _verb: string, c: string) => c.toLowerCase());
      const raw = method.startsWith('put') ? evaluate(args[0]) : UNDEFINED;
      return { receiver, cdktfSpecific: true, change: (element, attributes) => setAttribute(element, attributes, prop, raw, location) };
    }
    if (Node.isBinaryExpression(hatch)) {
      const left = unwrap(hatch.getLeft());
      let name: string | undefined;
      let receiver: Node;
      if (Node.isPropertyAccessExpression(left)) {
        name = left.getName();
        receiver = left.getExpression();
      } else if (Node.isElementAccessExpression(left)) {
        const key = evaluate(left.getArgumentExpression());
        name = typeof key === 'string' ? key : undefined;
        receiver = left.getExpression();
      } else return undefined;
      if (name === undefined) return undefined;
      const attribute = name;
      const raw = evaluate(hatch.getRight());
      const definiteAssignment = hatch.getOperatorToken().getKind() === SyntaxKind.EqualsToken;
      return {
        receiver,
        cdktfSpecific: false,
        change: (element, attributes) => {
          if (definiteAssignment) setAttribute(element, attributes, attribute, raw, location);
          else {
            // `x.attr ??= v` and the like: the old value or the new one.
            const changed = { ...attributes };
            setAttribute(element, changed, attribute, raw, location);
            Object.assign(attributes, joinAttributes(attributes, changed));
          }
        },
      };
    }
    return undefined;
  }

  /** Whether an expression stands for an element (so `x.addOverride('resource…')` is not a stack override). */
  private isElement(receiver: Node): boolean {
    return (this.targets(receiver, receiver) ?? []).length > 0;
  }

  /** The elements a receiver may be; undefined when the layer cannot tell. */
  private targets(receiver: Node, hatch: Node): { element: Element; definite: boolean }[] | undefined {
    const node = unwrap(receiver);
    if (node.getKind() === SyntaxKind.ThisKeyword) {
      // `this.attr = v` inside a local subclass of an element class: every element created through it.
      const cls = enclosingClassOfThis(node);
      const through = [...this.elements.values()].filter((element) => cls !== undefined && element.subclasses.includes(cls));
      if (through.length > 0) return through.map((element) => ({ element, definite: true }));
    }
    let value = this.evaluator.evaluate(node);
    let definite = true;
    const access = constInitializer(node);
    if (Node.isElementAccessExpression(access) && !(value instanceof ResourceRef)) {
      // `targets[key]` (also through `const resource = targets[key]`) with a key the layer cannot work
      // out: any value of the object.
      const object = this.evaluator.evaluate(access.getExpression());
      if (isPlainObject(object)) {
        value = new OneOf(Object.values(object).filter((item): item is ResourceRef => item instanceof ResourceRef));
        definite = false;
      }
    }
    const options = optionsOf(value);
    const refs = options.filter((option): option is ResourceRef => option instanceof ResourceRef && option.attribute === '');
    if (refs.length > 0) {
      const found = refs.map((ref) => this.elements.get(ref.targetKey)).filter((element): element is Element => element !== undefined);
      const sure = definite && refs.length === options.length && refs.length === 1;
      return found.map((element) => ({ element, definite: sure }));
    }
    const narrowed = this.narrowed(node, hatch);
    return narrowed ? narrowed.map((element) => ({ element, definite: false })) : undefined;
  }

  /** True when a receiver certainly is no element: a `new` of a class that creates none, or a const holding one. */
  private notAnElement(receiver: Node, depth: number): boolean {
    const node = unwrap(receiver);
    if (depth > 4) return false;
    if (Node.isNewExpression(node)) {
      const callee = this.evaluator.callee(node);
      return !(callee instanceof Unresolved) && this.evaluator.resources.baseOf(callee) === undefined;
    }
    if (Node.isIdentifier(node)) {
      const decl = lookupName(node.getText(), node);
      const init = decl && Node.isVariableDeclaration(decl) ? decl.getInitializer() : undefined;
      return init !== undefined && this.notAnElement(init, depth + 1);
    }
    const value = this.evaluator.evaluate(node);
    return optionsOf(value).every((option) => option instanceof InstanceVal || isPlainObject(option) || Array.isArray(option) || typeof option === 'string' || typeof option === 'number');
  }

  /** Elements a receiver is narrowed to by an enclosing `receiver instanceof X` test (as in an Aspect's visit). */
  private narrowed(receiver: Node, hatch: Node): Element[] | undefined {
    if (!Node.isIdentifier(receiver)) return undefined;
    const name = receiver.getText();
    const found = new Set<Element>();
    let tested = false;
    for (let child: Node = hatch, parent = hatch.getParent(); parent; child = parent, parent = parent.getParent()) {
      let condition: Node | undefined;
      if (Node.isIfStatement(parent) && child === parent.getThenStatement()) condition = parent.getExpression();
      else if (Node.isConditionalExpression(parent) && child === parent.getWhenTrue()) condition = parent.getCondition();
      else if (Node.isBinaryExpression(parent) && parent.getOperatorToken().getKind() === SyntaxKind.AmpersandAmpersandToken && child === parent.getRight()) condition = parent.getLeft();
      if (!condition) continue;
      for (const test of [condition, ...condition.getDescendants()]) {
        if (!Node.isBinaryExpression(test) || test.getOperatorToken().getKind() !== SyntaxKind.InstanceOfKeyword || unwrap(test.getLeft()).getText() !== name) continue;
        tested = true;
        const cls = this.evaluator.evaluate(test.getRight());
        for (const element of this.elements.values()) if (instanceOf(element, cls)) found.add(element);
      }
    }
    return tested ? [...found] : undefined;
  }

  /** `stack.addOverride('resource.<type>.<name>.<path>', v)` and the provider and backend sections. */
  private applyStackOverride(hatch: Node, path: string, raw: Val, location: Location): void {
    const segments = path.split('.');
    const value = raw === UNDEFINED ? undefined : toAttrValue(raw, undefined, true, location);
    let type: string | undefined;
    let name: string | undefined;
    let rest: string[] = [];
    if ((segments[0] === 'resource' || segments[0] === 'data') && segments.length >= 3) {
      type = segments[0] === 'data' ? `data.${segments[1]}` : segments[1];
      name = segments[2];
      rest = segments.slice(3);
    } else if (segments[0] === 'provider' && segments.length >= 2) {
      type = `provider.${segments[1]}`;
      rest = segments.slice(/^\d+$/.test(segments[2] ?? '') ? 3 : 2);
    } else if (segments[0] === 'terraform' && segments[1] === 'backend' && segments.length >= 3) {
      type = `terraform.backend.${segments[2]}`;
      rest = segments.slice(3);
    } else if (segments[0] === 'resource' || segments[0] === 'data' || segments[0] === 'provider' || (segments[0] === 'terraform' && segments[1] === 'backend')) {
      this.blind(location, `the stack override \`${short(hatch.getText())}\``, 'it replaces a whole section the source layer cannot place');
      return;
    } else {
      return; // locals, outputs, variables, required providers: not elements
    }
    const candidates = [...this.elements.values()].filter((element) => element.type === type);
    const matches = candidates.map((element) => ({ element, match: name === undefined ? 'maybe' : logicalIdMatch(element, name) })).filter((entry) => entry.match !== 'no');
    const inProduction = safely(() => this.evaluator.isProduction(hatch), true);
    const change = (attributes: Attributes): void => {
      if (rest.length === 0) {
        if (value === undefined) for (const key of Object.keys(attributes)) delete attributes[key];
        else if (isPlainObject(value)) Object.assign(attributes, value);
      } else applyOverride(attributes, rest.join('.'), value);
    };
    if (matches.length === 0) {
      // The override creates an element of its own (or one the layer did not find): check it as written.
      const attributes: Attributes = {};
      change(attributes);
      const key = `${location.file}:${location.line}:${location.column}`;
      this.elements.set(key, {
        key,
        type,
        subclasses: [],
        attributes,
        production: inProduction,
        constructPaths: [],
        location,
        displayName: `${path.split('.').slice(0, rest.length > 0 ? -rest.length : undefined).join('.')} (stack override, ${location.file}:${location.line})`,
        ...(name !== undefined ? { logicalId: name } : {}),
      });
      return;
    }
    const definite = matches.length === 1 && matches[0].match === 'yes';
    for (const { element } of matches) {
      if (element.production && !inProduction) continue;
      if (definite) change(element.attributes);
      else {
        const changed = cloneAttributes(element.attributes);
        change(changed);
        element.attributes = joinAttributes(element.attributes, changed);
      }
    }
  }
}

/** The expression a `const` name stands for (followed through a few names), or the node itself. */
function constInitializer(node: Node): Node {
  let current = node;
  for (let depth = 0; depth < 4 && Node.isIdentifier(current); depth++) {
    const decl = lookupName(current.getText(), current);
    if (!decl || !Node.isVariableDeclaration(decl)) break;
    const statement = decl.getParent()?.getParent();
    if (statement && Node.isForOfStatement(statement)) break;
    const init = decl.getInitializer();
    if (!init) break;
    current = unwrap(init);
  }
  return current;
}

/** Whether an element's logical id is `name`: 'yes', 'no', or 'maybe' (an id the layer cannot work out). */
function logicalIdMatch(element: Element, name: string): 'yes' | 'no' | 'maybe' {
  if (element.logicalId !== undefined) return element.logicalId === name ? 'yes' : 'no';
  const ids = element.constructPaths.map(logicalIdOf);
  if (ids.length === 0 || ids.some((id) => id === undefined)) return 'maybe';
  if (ids.every((id) => id === name)) return 'yes';
  return ids.some((id) => id === name) ? 'maybe' : 'no';
}

/** Whether an element is an instance of a class value (a provider class, a local subclass, a raw cdktf class). */
function instanceOf(element: Element, cls: Val): boolean {
  if (cls instanceof ProviderClassVal) {
    const base = element.base;
    return base?.kind === 'provider' && base.cls.pkg === cls.pkg && base.cls.dir === cls.dir;
  }
  if (cls instanceof ClassVal) return element.subclasses.includes(cls.decl);
  if (cls instanceof ExternalVal && cls.specifier === 'cdktf') {
    if (cls.path === 'TerraformResource') return !element.type.startsWith('provider.') && !element.type.startsWith('data.') && !element.type.startsWith('terraform.');
    if (cls.path === 'TerraformDataSource') return element.type.startsWith('data.');
    if (cls.path === 'TerraformProvider') return element.type.startsWith('provider.');
    if (cls.path === 'TerraformElement') return true;
  }
  return false;
}

/** Sets (or, for `undefined`, deletes) a config property in Terraform spelling, as the element's setter does. */
function setAttribute(element: Element, attributes: Attributes, prop: string, raw: Val, location: Location): void {
  // `_imageTagMutability` is the generated class's backing field of `imageTagMutability`: writing it
  // changes what synthesizes just the same.
  const backing = /^_[a-z]\w*$/.test(prop) && element.module?.attributes.has(prop.slice(1)) ? prop.slice(1) : prop;
  const { name, isMap } = terraformName(backing, element.module);
  if (raw === UNDEFINED) delete attributes[name];
  else attributes[name] = toAttrValue(raw, element.module, isMap, location);
}

/** Attributes where `after` differs from `before` become `OneOf(before, after)` (absent reads as null). */
export function joinAttributes(before: Attributes, after: Attributes): Attributes {
  const out: Attributes = {};
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const a = key in before ? before[key] : null;
    const b = key in after ? after[key] : null;
    out[key] = valueKey(a) === valueKey(b) ? a : new OneOf([a, b]);
  }
  return out;
}

function short(text: string): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > 120 ? `${flat.slice(0, 117)}...` : flat;
}

function safely<T>(fn: () => T, fallback: T): T {
  try {
    return fn();
  } catch {
    return fallback;
  }
}
