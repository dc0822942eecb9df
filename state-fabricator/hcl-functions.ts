/**
 * Terraform's built-in functions that configurations of this kind use, with Terraform's semantics
 * (`keys` sorted, `jsonencode` with sorted keys, `cidrsubnet` for IPv4 and IPv6). Any other function is
 * an EvaluationError naming it. Time functions answer a fixed instant: a fabricated state describes
 * one moment.
 */
import { createHash } from 'node:crypto';
import { describe, EvaluationError, numberString, templateString, toNumber, truthy, type Value } from './hcl-values';

/** The instant `timestamp()` and `plantimestamp()` answer in a fabricated state. */
export const FABRICATED_NOW = '2025-01-01T00:00:00Z';

type Fn = (...args: Value[]) => Value;

const list = (value: Value, name: string): Value[] => {
  if (Array.isArray(value)) return value;
  throw new EvaluationError(`${name}: expected a list, got ${describe(value)}`);
};
const object = (value: Value, name: string): { [key: string]: Value } => {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) return value;
  throw new EvaluationError(`${name}: expected a map or object, got ${describe(value)}`);
};
const string = (value: Value, name: string): string => {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return templateString(value);
  throw new EvaluationError(`${name}: expected a string, got ${describe(value)}`);
};
const sortedKeys = (value: { [key: string]: Value }): string[] => Object.keys(value).sort();
const same = (a: Value, b: Value): boolean => JSON.stringify(a) === JSON.stringify(b);
const unique = (values: Value[]): Value[] => values.filter((value, index) => values.findIndex((other) => same(other, value)) === index);

const FUNCTIONS: { readonly [name: string]: Fn } = {
  tostring: (v) => (v === null ? null : string(v, 'tostring')),
  tonumber: (v) => (v === null ? null : toNumber(v)),
  tobool: (v) => (v === null ? null : truthy(v)),
  tolist: (v) => list(v, 'tolist'),
  toset: (v) => {
    const values = unique(list(v, 'toset'));
    return values.every((x) => typeof x === 'string') ? [...(values as string[])].sort() : values;
  },
  tomap: (v) => object(v, 'tomap'),
  length: (v) => (typeof v === 'string' ? [...v].length : Array.isArray(v) ? v.length : Object.keys(object(v, 'length')).length),
  keys: (v) => sortedKeys(object(v, 'keys')),
  values: (v) => {
    const map = object(v, 'values');
    return sortedKeys(map).map((key) => map[key]);
  },
  lookup: (map, key, fallback) => {
    const m = object(map, 'lookup');
    const k = string(key, 'lookup');
    if (k in m) return m[k];
    if (fallback === undefined) throw new EvaluationError(`lookup: no key ${JSON.stringify(k)} and no default`);
    return fallback;
  },
  element: (l, i) => {
    const items = list(l, 'element');
    if (items.length === 0) throw new EvaluationError('element: the list is empty');
    return items[((toNumber(i) % items.length) + items.length) % items.length];
  },
  one: (l) => {
    const items = list(l, 'one');
    if (items.length > 1) throw new EvaluationError(`one: the list has ${items.length} elements`);
    return items.length === 0 ? null : items[0];
  },
  concat: (...lists) => lists.flatMap((l) => list(l, 'concat')),
  merge: (...maps) => Object.assign({}, ...maps.filter((m) => m !== null).map((m) => object(m, 'merge'))),
  flatten: (l) => {
    const flat = (items: Value[]): Value[] => items.flatMap((item) => (Array.isArray(item) ? flat(item) : [item]));
    return flat(list(l, 'flatten'));
  },
  distinct: (l) => unique(list(l, 'distinct')),
  contains: (l, v) => list(l, 'contains').some((item) => same(item, v)),
  compact: (l) => list(l, 'compact').filter((item) => item !== null && item !== ''),
  coalesce: (...values) => {
    const found = values.find((value) => value !== null && value !== '');
    if (found === undefined) throw new EvaluationError('coalesce: every argument is null or empty');
    return found;
  },
  zipmap: (k, v) => {
    const names = list(k, 'zipmap');
    const items = list(v, 'zipmap');
    return Object.fromEntries(names.map((name, index) => [string(name, 'zipmap'), items[index] ?? null]));
  },
  range: (...args) => {
    const [start, end, step] = args.length === 1 ? [0, toNumber(args[0]), 1] : [toNumber(args[0]), toNumber(args[1]), args[2] === undefined ? 1 : toNumber(args[2])];
    const out: number[] = [];
    for (let i = start; step > 0 ? i < end : i > end; i += step) out.push(i);
    return out;
  },
  join: (separator, l) => list(l, 'join').map((item) => string(item, 'join')).join(string(separator, 'join')),
  split: (separator, s) => string(s, 'split').split(string(separator, 'split')),
  lower: (s) => string(s, 'lower').toLowerCase(),
  upper: (s) => string(s, 'upper').toUpperCase(),
  trimspace: (s) => string(s, 'trimspace').trim(),
  trimprefix: (s, prefix) => {
    const text = string(s, 'trimprefix');
    const p = string(prefix, 'trimprefix');
    return text.startsWith(p) ? text.slice(p.length) : text;
  },
  trimsuffix: (s, suffix) => {
    const text = string(s, 'trimsuffix');
    const x = string(suffix, 'trimsuffix');
    return x && text.endsWith(x) ? text.slice(0, -x.length) : text;
  },
  startswith: (s, prefix) => string(s, 'startswith').startsWith(string(prefix, 'startswith')),
  endswith: (s, suffix) => string(s, 'endswith').endsWith(string(suffix, 'endswith')),
  substr: (s, offset, length) => {
    const chars = [...string(s, 'substr')];
    const start = toNumber(offset);
    const count = toNumber(length);
    return chars.slice(start, count < 0 ? undefined : start + count).join('');
  },
  replace: (s, search, replacement) => {
    const text = string(s, 'replace');
    const find = string(search, 'replace');
    if (/^\/.*\/$/.test(find)) throw new EvaluationError('replace: regular expressions are not supported');
    return text.split(find).join(string(replacement, 'replace'));
  },
  format: (spec, ...args) => {
    let index = 0;
    return string(spec, 'format').replace(/%([%sdvq])/g, (_, verb: string) => {
      if (verb === '%') return '%';
      const arg = args[index++];
      if (arg === undefined) throw new EvaluationError('format: too few arguments');
      if (verb === 'd') return numberString(toNumber(arg));
      if (verb === 'q') return JSON.stringify(string(arg, 'format'));
      return verb === 'v' && typeof arg === 'object' ? jsonencode(arg) : string(arg, 'format');
    });
  },
  jsonencode: (v) => jsonencode(v),
  jsondecode: (s) => JSON.parse(string(s, 'jsondecode')) as Value,
  base64encode: (s) => Buffer.from(string(s, 'base64encode'), 'utf8').toString('base64'),
  base64decode: (s) => Buffer.from(string(s, 'base64decode'), 'base64').toString('utf8'),
  sha1: (s) => createHash('sha1').update(string(s, 'sha1')).digest('hex'),
  sha256: (s) => createHash('sha256').update(string(s, 'sha256')).digest('hex'),
  md5: (s) => createHash('md5').update(string(s, 'md5')).digest('hex'),
  min: (...n) => Math.min(...n.map(toNumber)),
  max: (...n) => Math.max(...n.map(toNumber)),
  abs: (n) => Math.abs(toNumber(n)),
  floor: (n) => Math.floor(toNumber(n)),
  ceil: (n) => Math.ceil(toNumber(n)),
  timestamp: () => FABRICATED_NOW,
  plantimestamp: () => FABRICATED_NOW,
  cidrsubnet: (prefix, newbits, netnum) => cidrsubnet(string(prefix, 'cidrsubnet'), toNumber(newbits), toNumber(netnum)),
};

export function callFunction(name: string, args: Value[]): Value {
  const fn = FUNCTIONS[name.replace(/^provider::[^:]+::/, '')];
  if (!fn) throw new EvaluationError(`the function ${name}() is not supported by the state fabricator`);
  return fn(...args);
}

/** Terraform's jsonencode: object keys sorted, no whitespace. */
export function jsonencode(value: Value): string {
  if (Array.isArray(value)) return `[${value.map(jsonencode).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${jsonencode(value[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/** `cidrsubnet("10.0.0.0/16", 8, 2)` → `10.0.2.0/24`; IPv6 likewise. */
export function cidrsubnet(prefix: string, newbits: number, netnum: number): string {
  const [address, lengthText] = prefix.split('/');
  const length = Number(lengthText);
  const v6 = address.includes(':');
  const width = v6 ? 128 : 32;
  const newLength = length + newbits;
  if (!Number.isInteger(newLength) || newLength > width) throw new EvaluationError(`cidrsubnet: ${prefix} has no room for ${newbits} more bits`);
  if (netnum < 0 || BigInt(netnum) >= 1n << BigInt(newbits)) throw new EvaluationError(`cidrsubnet: ${netnum} does not fit in ${newbits} bits`);
  const base = v6 ? parseIpv6(address) : parseIpv4(address);
  const mask = ((1n << BigInt(width)) - 1n) ^ ((1n << BigInt(width - length)) - 1n);
  const network = (base & mask) | (BigInt(netnum) << BigInt(width - newLength));
  return `${v6 ? formatIpv6(network) : formatIpv4(network)}/${newLength}`;
}

function parseIpv4(text: string): bigint {
  return text.split('.').reduce((acc, part) => (acc << 8n) | BigInt(Number(part)), 0n);
}

function formatIpv4(value: bigint): string {
  return [24n, 16n, 8n, 0n].map((shift) => ((value >> shift) & 255n).toString()).join('.');
}

function parseIpv6(text: string): bigint {
  const [head, tail] = text.includes('::') ? text.split('::') : [text, undefined];
  const headParts = head ? head.split(':') : [];
  const tailParts = tail ? tail.split(':') : [];
  const missing = 8 - headParts.length - tailParts.length;
  const groups = [...headParts, ...Array<string>(tail === undefined ? 0 : missing).fill('0'), ...tailParts];
  if (groups.length !== 8) throw new EvaluationError(`cidrsubnet: cannot read the IPv6 address ${text}`);
  return groups.reduce((acc, group) => (acc << 16n) | BigInt(parseInt(group || '0', 16)), 0n);
}

/** RFC 5952 form: lower case, the longest run of zero groups as `::`. */
function formatIpv6(value: bigint): string {
  const groups = Array.from({ length: 8 }, (_, i) => Number((value >> BigInt(112 - i * 16)) & 0xffffn));
  let bestStart = -1;
  let bestLength = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength && j - i > 1) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}
