/**
 * Values while the source layer evaluates TypeScript: the model's `AttrValue` plus a few internal kinds
 * that never reach a rule (`undefined`, a local construct instance, a provider class, a function…).
 */
import { Node } from 'ts-morph';
import { AttrValue, OneOf, ResourceRef, Unresolved } from '../model';

/** JavaScript `undefined` (an omitted prop); becomes an absent attribute, or `null` inside a `OneOf`. */
export const UNDEFINED: unique symbol = Symbol('undefined');

/** What a parameter is bound to while a function body is evaluated for one particular call. */
export interface Binding {
  /** The argument expression, evaluated in `frame`; absent when the call passed no argument. */
  readonly expr?: Node;
  readonly frame?: Frame;
  /** An argument that is already a value (built-in callbacks such as `arr.map(fn)`). */
  readonly value?: Val;
}

let nextFrameId = 0;

/**
 * Parameter bindings for one evaluation. The root frame binds nothing: a parameter read there is resolved
 * through the call sites of its function (`new Registry(this, 'r', { … })`).
 */
export class Frame {
  readonly id = nextFrameId++;
  constructor(
    readonly bindings: ReadonlyMap<Node, Binding>,
    readonly parent?: Frame,
    /** The construct instance `this` stands for, when known. */
    readonly instance?: InstanceVal,
  ) {}

  binding(param: Node): Binding | undefined {
    for (let f: Frame | undefined = this; f; f = f.parent) {
      const b = f.bindings.get(param);
      if (b) return b;
    }
    return undefined;
  }

  thisInstance(classDecl: Node): InstanceVal | undefined {
    for (let f: Frame | undefined = this; f; f = f.parent) {
      if (f.instance && f.instance.classDecl === classDecl) return f.instance;
    }
    return undefined;
  }
}

export const ROOT_FRAME = new Frame(new Map());

/** `new LocalConstruct(...)`: member access looks at what its class assigns to `this.<member>`. */
export class InstanceVal {
  constructor(
    readonly classDecl: Node,
    /** The `new` expression, when known: its arguments bind the constructor parameters. */
    readonly newExpr: Node | undefined,
    /** Where the `new` expression's arguments are evaluated. */
    readonly frame: Frame,
  ) {}
}

/** A local class used as a value (`new Registry(...)`, `Registry.DEFAULT`). */
export class ClassVal {
  constructor(readonly decl: Node) {}
}

/** Something from a package that is not a provider (`cdktf`'s `Fn`, a global such as `JSON`): `global` for globals. */
export class ExternalVal {
  constructor(
    readonly specifier: string,
    /** Dotted path from the imported name: `Fn.jsonencode`, `JSON.stringify`. */
    readonly path: string,
    /** Where it was read: used as data it is `Unresolved` naming this expression. */
    readonly unresolved: Unresolved,
  ) {}
}

/** A provider package root (`import * as aws from '@cdktf/provider-aws'`), or one of its modules. */
export class ProviderNsVal {
  constructor(
    readonly pkg: string,
    readonly dir: string | undefined,
  ) {}
}

/** A provider construct class, e.g. `EcrRepository` from `lib/ecr-repository`. */
export class ProviderClassVal {
  constructor(
    readonly pkg: string,
    readonly dir: string,
  ) {}
}

/** A namespace import of a local file (`import * as defaults from './defaults'`). */
export class LocalModuleVal {
  constructor(readonly sourceFile: Node) {}
}

/** An enum declaration. */
export class EnumVal {
  constructor(readonly decl: Node) {}
}

/** A function the evaluator can apply: a local declaration, or a built-in such as `JSON.stringify`. */
export class FunctionVal {
  constructor(
    /** A local function, arrow function or method. */
    readonly decl: Node | undefined,
    /** Frame the function was created in (closures), or the instance frame of a method. */
    readonly frame: Frame,
    /** Name of a built-in method (`map`, `join`, `toUpperCase`, `get`…), with its receiver. */
    readonly builtin?: string,
    readonly receiver?: Val,
  ) {}
}

export type Val =
  | AttrValue
  | typeof UNDEFINED
  | InstanceVal
  | ClassVal
  | ExternalVal
  | ProviderNsVal
  | ProviderClassVal
  | LocalModuleVal
  | EnumVal
  | FunctionVal
  | Val[]
  | { [key: string]: Val };

/**
 * On a plain object built with a spread the layer cannot see into (`{ ...env.tags, Name: 'x' }`): the keys
 * written out are known, any other key is unknown. Reading an absent key gives `Unresolved`; the object as a
 * whole converts to `whole`. Keys written before the spread are `OneOf(value, Unresolved)` already.
 */
export const UNKNOWN_KEYS: unique symbol = Symbol('unknown keys');

export interface UnknownKeys {
  readonly whole: Unresolved;
}

export function unknownKeysOf(v: unknown): UnknownKeys | undefined {
  return isPlainObject(v) ? ((v as { [UNKNOWN_KEYS]?: UnknownKeys })[UNKNOWN_KEYS] ?? undefined) : undefined;
}

/** At most this many options in a `OneOf`; more becomes `Unresolved`. */
export const MAX_OPTIONS = 32;

export function isPlainObject(v: unknown): v is { [key: string]: Val } {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

/** A stable text for de-duplicating options. */
export function valueKey(v: Val): string {
  if (v === UNDEFINED) return 'undefined';
  if (v instanceof Unresolved) return `?${v.expression}@${v.location.file}:${v.location.line}:${v.location.column}`;
  if (v instanceof ResourceRef) return `&${v.targetKey}.${v.attribute}`;
  if (v instanceof OneOf) return `|(${v.options.map(valueKey).join(',')})`;
  if (Array.isArray(v)) return `[${v.map(valueKey).join(',')}]`;
  if (isPlainObject(v)) {
    const rest = unknownKeysOf(v);
    return `{${Object.keys(v).map((k) => `${JSON.stringify(k)}:${valueKey(v[k])}`).join(',')}${rest ? `,...${valueKey(rest.whole)}` : ''}}`;
  }
  if (typeof v === 'object' && v !== null) return `#${v.constructor.name}`;
  return JSON.stringify(v) ?? String(v);
}

/** Build a `OneOf`, flattening nested ones and dropping duplicates; a single option is returned as is. */
export function oneOf(options: readonly Val[], onTooMany: () => Val): Val {
  const flat: Val[] = [];
  const seen = new Set<string>();
  const add = (v: Val): void => {
    if (v instanceof OneOf) {
      for (const o of v.options) add(o);
      return;
    }
    const key = valueKey(v);
    if (seen.has(key)) return;
    seen.add(key);
    flat.push(v);
  };
  for (const o of options) add(o);
  if (flat.length === 1) return flat[0];
  if (flat.length > MAX_OPTIONS) return onTooMany();
  // Internal kinds inside a OneOf are kept until `toAttrValue` turns them into markers.
  return new OneOf(flat as AttrValue[]);
}

/** The options of a value: its `OneOf` options, or the value itself. */
export function optionsOf(v: Val): readonly Val[] {
  return v instanceof OneOf ? (v.options as readonly Val[]) : [v];
}

/** Apply `fn` to each option of `v` and join the results. */
export function mapOptions(v: Val, fn: (o: Val) => Val, onTooMany: () => Val): Val {
  if (!(v instanceof OneOf)) return fn(v);
  return oneOf(v.options.map((o) => fn(o as Val)), onTooMany);
}

/** Every combination of the options of `values` (for templates, arrays), or undefined when there are too many. */
export function combinations(values: readonly Val[]): Val[][] | undefined {
  let result: Val[][] = [[]];
  for (const v of values) {
    const opts = optionsOf(v);
    const next: Val[][] = [];
    for (const prefix of result) for (const o of opts) next.push([...prefix, o]);
    if (next.length > MAX_OPTIONS) return undefined;
    result = next;
  }
  return result;
}

/** How a reference reads inside a string: like a Terraform interpolation, `${<targetKey>.<attribute>}`. */
export function refText(ref: ResourceRef): string {
  return `\${${ref.targetKey}${ref.attribute ? `.${ref.attribute}` : ''}}`;
}

/** JavaScript truthiness when it is known. */
export function truthiness(v: Val): boolean | undefined {
  if (v === UNDEFINED || v === null || v === false || v === 0 || v === '') return false;
  if (typeof v === 'string' || typeof v === 'number' || v === true) return true;
  if (v instanceof Unresolved || v instanceof OneOf || v instanceof ExternalVal) return undefined;
  return true; // objects, arrays, references, classes
}
