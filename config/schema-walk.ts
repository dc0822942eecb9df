/**
 * Finds the part of the environment schema that governs a field path, so messages can say what the
 * field allows (its keys, its number range) without repeating the schema.
 */
import { environmentSchema } from './schema';

export interface ZodLike {
  readonly description?: string;
  readonly def: {
    readonly type: string;
    readonly shape?: Record<string, ZodLike>;
    readonly innerType?: ZodLike;
    readonly in?: ZodLike;
    readonly element?: ZodLike;
    readonly valueType?: ZodLike;
    readonly options?: readonly ZodLike[];
    readonly discriminator?: string;
    readonly values?: readonly unknown[];
    readonly entries?: Record<string, unknown>;
    readonly defaultValue?: unknown;
  };
  /** Set on number schemas (zod's ZodNumber). */
  readonly minValue?: number | null;
  readonly maxValue?: number | null;
  readonly isInt?: boolean;
}

export const ROOT_SCHEMA = environmentSchema as unknown as ZodLike;

/** The schema node at `path` (wrappers removed, union options chosen by the data), or undefined. */
export function schemaAt(path: readonly PropertyKey[], data: unknown, schema: ZodLike = ROOT_SCHEMA): ZodLike | undefined {
  const node = unwrap(schema, data);
  if (path.length === 0) return node;
  const [head, ...rest] = path;
  const child = valueAt(data, head);
  if (node.def.type === 'object' && node.def.shape) {
    const next = node.def.shape[String(head)];
    return next ? schemaAt(rest, child, next) : undefined;
  }
  if (node.def.type === 'array' && node.def.element) return schemaAt(rest, child, node.def.element);
  if (node.def.type === 'record' && node.def.valueType) return schemaAt(rest, child, node.def.valueType);
  return undefined;
}

/** The keys an object at `path` allows (empty when `path` is not an object). */
export function allowedKeysAt(path: readonly PropertyKey[], data: unknown): string[] {
  const node = schemaAt(path, data);
  return node?.def.type === 'object' && node.def.shape ? Object.keys(node.def.shape) : [];
}

/** Looks through optional/default/pipe wrappers, and picks a discriminated union's option by the data. */
export function unwrap(schema: ZodLike, data: unknown): ZodLike {
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
        const literal = option.def.shape?.[discriminator];
        return literal?.def.values?.includes(wanted);
      });
      if (!match) return node;
      node = match;
    } else {
      return node;
    }
  }
}

export function valueAt(data: unknown, key: PropertyKey): unknown {
  return data !== null && typeof data === 'object' ? (data as Record<PropertyKey, unknown>)[key] : undefined;
}

export function valueAtPath(data: unknown, path: readonly PropertyKey[]): unknown {
  let value = data;
  for (const key of path) value = valueAt(value, key);
  return value;
}
