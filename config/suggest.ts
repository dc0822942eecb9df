/**
 * "Did you mean" for unknown keys: walks the schema to the object that rejected the key, lists the
 * keys it allows and picks the closest one by edit distance.
 */
import { environmentSchema } from './schema';

interface ZodLike {
  readonly def: {
    readonly type: string;
    readonly shape?: Record<string, ZodLike>;
    readonly innerType?: ZodLike;
    readonly in?: ZodLike;
    readonly element?: ZodLike;
    readonly valueType?: ZodLike;
    readonly options?: readonly ZodLike[];
    readonly discriminator?: string;
  };
}

export interface KeySuggestion {
  readonly closest?: string;
  readonly allowed: readonly string[];
}

export function suggestKey(key: string, path: readonly PropertyKey[], data: unknown): KeySuggestion {
  const allowed = allowedKeysAt(environmentSchema as unknown as ZodLike, path, data).filter((k) => k !== '$schema');
  let closest: string | undefined;
  let best = Number.POSITIVE_INFINITY;
  for (const candidate of allowed) {
    const distance = editDistance(key.toLowerCase(), candidate.toLowerCase());
    if (distance < best) {
      best = distance;
      closest = candidate;
    }
  }
  // A suggestion further away than a third of the word is noise, unless the key is a shortened
  // form of exactly one allowed key (subjectAltNames → subjectAlternativeNames).
  const close = closest !== undefined && best <= Math.max(2, Math.floor(key.length / 3));
  if (close) return { closest, allowed };
  const sharingPrefix = allowed.filter((candidate) => commonPrefixLength(candidate.toLowerCase(), key.toLowerCase()) >= 6);
  return { closest: sharingPrefix.length === 1 ? sharingPrefix[0] : undefined, allowed };
}

function commonPrefixLength(a: string, b: string): number {
  let length = 0;
  while (length < a.length && length < b.length && a[length] === b[length]) length++;
  return length;
}

function allowedKeysAt(schema: ZodLike, path: readonly PropertyKey[], data: unknown): string[] {
  const node = unwrap(schema, data);
  if (path.length === 0) return node.def.shape ? Object.keys(node.def.shape) : [];
  const [head, ...rest] = path;
  const child = valueAt(data, head);
  if (node.def.type === 'object' && node.def.shape) {
    const next = node.def.shape[String(head)];
    return next ? allowedKeysAt(next, rest, child) : [];
  }
  if (node.def.type === 'array' && node.def.element) return allowedKeysAt(node.def.element, rest, child);
  if (node.def.type === 'record' && node.def.valueType) return allowedKeysAt(node.def.valueType, rest, child);
  return [];
}

/** Looks through optional/default/pipe wrappers, and picks a discriminated union's option by the data. */
function unwrap(schema: ZodLike, data: unknown): ZodLike {
  let node = schema;
  for (;;) {
    const { type, innerType, options, discriminator } = node.def;
    if ((type === 'optional' || type === 'default' || type === 'nullable' || type === 'prefault') && innerType) {
      node = innerType;
    } else if (type === 'pipe' && node.def.in) {
      node = node.def.in;
    } else if (type === 'union' && options && discriminator) {
      const wanted = valueAt(data, discriminator);
      const match = options.find((option) => {
        const literal = option.def.shape?.[discriminator] as unknown as { def: { values?: unknown[] } } | undefined;
        return literal?.def.values?.includes(wanted);
      });
      if (!match) return node;
      node = match;
    } else {
      return node;
    }
  }
}

function valueAt(data: unknown, key: PropertyKey): unknown {
  return data !== null && typeof data === 'object' ? (data as Record<PropertyKey, unknown>)[key] : undefined;
}

export function editDistance(a: string, b: string): number {
  const previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = previous[0];
    previous[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = previous[j];
      previous[j] = Math.min(previous[j] + 1, previous[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return previous[b.length];
}
