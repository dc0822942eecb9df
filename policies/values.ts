/**
 * Helpers rules use to read `AttrValue`s the same way in every layer.
 */
import { OneOf, ResourceRef, Unresolved, type AttrValue } from './model';

export type Plain = string | number | boolean | null;

export function isUnresolved(value: unknown): value is Unresolved {
  return value instanceof Unresolved;
}

export function isRef(value: unknown): value is ResourceRef {
  return value instanceof ResourceRef;
}

export function isObject(value: AttrValue | undefined): value is { readonly [key: string]: AttrValue } {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    !(value instanceof Unresolved) &&
    !(value instanceof ResourceRef) &&
    !(value instanceof OneOf)
  );
}

/** Every possible value: OneOf expanded (recursively); `undefined` stays one option (attribute omitted). */
export function optionsOf(value: AttrValue | undefined): (AttrValue | undefined)[] {
  if (value instanceof OneOf) return value.options.flatMap((option) => optionsOf(option));
  return [value];
}

/**
 * The blocks of a nested block attribute. Terraform JSON writes blocks as a list of objects, or one
 * object; the source layer may give either. OneOf options are flattened; unresolved entries are returned
 * as such so the rule can warn.
 */
export function blocksOf(value: AttrValue | undefined): (AttrValue & object)[] {
  const out: (AttrValue & object)[] = [];
  for (const option of optionsOf(value)) {
    if (option === undefined || option === null) continue;
    if (Array.isArray(option)) {
      for (const item of option) {
        for (const inner of optionsOf(item)) {
          if (inner !== undefined && inner !== null && typeof inner === 'object') out.push(inner);
        }
      }
    } else if (typeof option === 'object') {
      out.push(option);
    }
  }
  return out;
}

/** The elements of a list attribute (a single value counts as a one-element list); OneOf flattened. */
export function listOf(value: AttrValue | undefined): AttrValue[] {
  const out: AttrValue[] = [];
  for (const option of optionsOf(value)) {
    if (option === undefined || option === null) continue;
    if (Array.isArray(option)) {
      for (const item of option) for (const inner of optionsOf(item)) if (inner !== undefined && inner !== null) out.push(inner);
    } else {
      out.push(option);
    }
  }
  return out;
}

/** Attribute of an object block; undefined when the block is not an object. */
export function attr(block: AttrValue | undefined, key: string): AttrValue | undefined {
  return isObject(block) ? block[key] : undefined;
}

/** Short text of a value for messages. */
export function describe(value: AttrValue | undefined): string {
  if (value === undefined) return '(omitted)';
  if (value instanceof Unresolved) return value.expression;
  if (value instanceof ResourceRef) return value.attribute ? `${value.targetKey}.${value.attribute}` : value.targetKey;
  if (value instanceof OneOf) return value.options.map((option) => describe(option)).join(' | ');
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

/** True for a string that still contains a Terraform interpolation (`${…}`). */
export function isInterpolated(value: unknown): value is string {
  return typeof value === 'string' && value.includes('${');
}

/** A string with no Terraform interpolation in it: a value known as written. */
export function isLiteralString(value: unknown): value is string {
  return typeof value === 'string' && !value.includes('${');
}

/** A number from a number or numeric string; undefined otherwise. */
export function asNumber(value: AttrValue | undefined): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value)) return Number(value);
  return undefined;
}

/** Every string anywhere inside a value (object keys excluded), with refs and unresolved skipped. */
export function* stringsIn(value: AttrValue | undefined): Generator<string> {
  if (typeof value === 'string') {
    yield value;
  } else if (value instanceof OneOf) {
    for (const option of value.options) yield* stringsIn(option);
  } else if (Array.isArray(value)) {
    for (const item of value) yield* stringsIn(item);
  } else if (isObject(value)) {
    for (const key of Object.keys(value)) yield* stringsIn(value[key]);
  }
}

/**
 * The `${…}` interpolations of a string (nesting-aware), with their start and end offsets. The source
 * layer writes values it could not resolve inside strings as `${unresolved:<expression>}`.
 */
export function interpolations(text: string): { start: number; end: number; body: string }[] {
  const out: { start: number; end: number; body: string }[] = [];
  let index = text.indexOf('${');
  while (index >= 0) {
    let depth = 0;
    let end = -1;
    for (let i = index + 1; i < text.length; i++) {
      if (text[i] === '{') depth++;
      else if (text[i] === '}') {
        depth--;
        if (depth === 0) {
          end = i + 1;
          break;
        }
      }
    }
    if (end < 0) break;
    out.push({ start: index, end, body: text.slice(index + 2, end - 1) });
    index = text.indexOf('${', end);
  }
  return out;
}

/** The string with every interpolation replaced by as many `X` (so `:` and `/` inside do not count). */
export function maskInterpolations(text: string): string {
  let out = text;
  for (const part of interpolations(text)) out = out.slice(0, part.start) + 'X'.repeat(part.end - part.start) + out.slice(part.end);
  return out;
}

/** Readable form: `${unresolved:<expression>}` → `<expression>`. */
export function readable(text: string): string {
  let out = '';
  let last = 0;
  for (const part of interpolations(text)) {
    out += text.slice(last, part.start) + (part.body.startsWith('unresolved:') ? part.body.slice('unresolved:'.length) : text.slice(part.start, part.end));
    last = part.end;
  }
  return out + text.slice(last);
}

/** Whether a string holds a value the source layer could not resolve. */
export function hasUnresolved(text: string): boolean {
  return text.includes('${unresolved:');
}
