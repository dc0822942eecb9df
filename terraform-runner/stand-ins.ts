/**
 * Stand-in values for a stack's required variables (those without a default), so an offline plan can
 * run. A variable whose description or validation mentions a private key gets a throwaway PEM key made
 * here; everything else gets the simplest value of its type. The values live only in the working copy.
 */
import { generateKeyPairSync } from 'node:crypto';
import { asObject, type Json, type JsonObject } from './stack-info';

export interface RequiredVariable {
  readonly name: string;
  /** The type expression as written (`string`, `list(string)`, `object({…})`); absent means `any`. */
  readonly type?: string;
  readonly sensitive: boolean;
  /** Description, validation conditions and messages: hints at what the value must look like. */
  readonly hints: string;
}

/** Variables with no `default`: Terraform would prompt (or fail with -input=false) for them. */
export function requiredVariables(json: JsonObject): RequiredVariable[] {
  const result: RequiredVariable[] = [];
  for (const [name, value] of Object.entries(asObject(json.variable) ?? {})) {
    const spec = asObject(value) ?? {};
    if ('default' in spec) continue;
    const validations = Array.isArray(spec.validation) ? spec.validation : spec.validation ? [spec.validation] : [];
    const hints = [spec.description, ...validations.flatMap((v) => [asObject(v)?.condition, asObject(v)?.error_message])]
      .filter((text): text is string => typeof text === 'string')
      .join('\n');
    result.push({ name, ...(typeof spec.type === 'string' ? { type: spec.type } : {}), sensitive: spec.sensitive === true, hints });
  }
  return result;
}

/** A throwaway private key, PKCS#8 PEM unless the hints ask for the RSA or EC headers. */
export type KeyMaker = (kind: 'pkcs8' | 'rsa' | 'ec') => string;

export const makeThrowawayKey: KeyMaker = (kind) => {
  if (kind === 'rsa') {
    return generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  }
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  return privateKey.export({ type: kind === 'ec' ? 'sec1' : 'pkcs8', format: 'pem' }).toString();
};

/** `{ name: value }` for every required variable. */
export function standIns(variables: readonly RequiredVariable[], makeKey: KeyMaker = makeThrowawayKey): Record<string, Json> {
  const values: Record<string, Json> = {};
  for (const variable of variables) values[variable.name] = standInValue(variable, makeKey);
  return values;
}

export function standInValue(variable: RequiredVariable, makeKey: KeyMaker = makeThrowawayKey): Json {
  const type = parseType(variable.type ?? 'any');
  if ((type.kind === 'string' || type.kind === 'any') && /private[ _-]?key/i.test(`${variable.name}\n${variable.hints}`)) {
    return makeKey(keyKind(variable.hints));
  }
  return valueOf(type);
}

/** A literal `RSA PRIVATE KEY` / `EC PRIVATE KEY` header in the hints wins; an optional group does not. */
function keyKind(hints: string): 'pkcs8' | 'rsa' | 'ec' {
  if (/BEGIN RSA PRIVATE KEY/.test(hints)) return 'rsa';
  if (/BEGIN EC PRIVATE KEY/.test(hints)) return 'ec';
  return 'pkcs8';
}

export type TypeNode =
  | { kind: 'string' | 'number' | 'bool' | 'any' }
  | { kind: 'list' | 'set' | 'map'; element: TypeNode }
  | { kind: 'tuple'; elements: TypeNode[] }
  | { kind: 'object'; attributes: { name: string; type: TypeNode; optional: boolean }[] };

function valueOf(type: TypeNode): Json {
  switch (type.kind) {
    case 'string':
    case 'any':
      return 'stand-in';
    case 'number':
      return 0;
    case 'bool':
      return false;
    case 'list':
    case 'set':
      return [];
    case 'map':
      return {};
    case 'tuple':
      return type.elements.map(valueOf);
    case 'object': {
      const value: JsonObject = {};
      for (const attribute of type.attributes) if (!attribute.optional) value[attribute.name] = valueOf(attribute.type);
      return value;
    }
  }
}

/**
 * Parses a Terraform type constraint (`map(object({ name = string, port = optional(number, 80) }))`).
 * Cdktf may wrap it as `${…}`. Throws on text it cannot read.
 */
export function parseType(text: string): TypeNode {
  const source = text.trim().replace(/^\$\{([\s\S]*)\}$/, '$1');
  const tokens = source.match(/[A-Za-z_][A-Za-z0-9_-]*|"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?|[(){}[\]=,:]/g) ?? [];
  let at = 0;
  const peek = (): string | undefined => tokens[at];
  const take = (expected?: string): string => {
    const token = tokens[at++];
    if (token === undefined || (expected !== undefined && token !== expected)) {
      throw new Error(`cannot read type "${text}": expected ${expected ?? 'more'} at token ${at}, got ${token ?? 'end'}`);
    }
    return token;
  };
  /** Skips a default value inside `optional(T, default)` (any balanced expression). */
  const skipExpression = (): void => {
    let depth = 0;
    while (at < tokens.length) {
      const token = peek();
      if (depth === 0 && (token === ')' || token === ',')) return;
      if (token === '(' || token === '{' || token === '[') depth++;
      if (token === ')' || token === '}' || token === ']') depth--;
      at++;
    }
  };
  const parse = (): TypeNode => {
    const word = take();
    switch (word) {
      case 'string':
      case 'number':
      case 'bool':
      case 'any':
        return { kind: word };
      case 'list':
      case 'set':
      case 'map': {
        take('(');
        const element = parse();
        take(')');
        return { kind: word, element };
      }
      case 'tuple': {
        take('(');
        take('[');
        const elements: TypeNode[] = [];
        while (peek() !== ']') {
          elements.push(parse());
          if (peek() === ',') take(',');
        }
        take(']');
        take(')');
        return { kind: 'tuple', elements };
      }
      case 'object': {
        take('(');
        take('{');
        const attributes: { name: string; type: TypeNode; optional: boolean }[] = [];
        while (peek() !== '}') {
          const name = take().replace(/^"|"$/g, '');
          const separator = take();
          if (separator !== '=' && separator !== ':') throw new Error(`cannot read type "${text}": expected = after ${name}`);
          let optional = false;
          let type: TypeNode;
          if (peek() === 'optional') {
            take('optional');
            take('(');
            type = parse();
            if (peek() === ',') {
              take(',');
              skipExpression();
            }
            take(')');
            optional = true;
          } else {
            type = parse();
          }
          attributes.push({ name, type, optional });
          if (peek() === ',') take(',');
        }
        take('}');
        take(')');
        return { kind: 'object', attributes };
      }
      default:
        throw new Error(`cannot read type "${text}": unknown type ${word}`);
    }
  };
  const node = parse();
  if (at !== tokens.length) throw new Error(`cannot read type "${text}": unexpected ${tokens[at]}`);
  return node;
}
