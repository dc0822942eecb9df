/**
 * IAM, KMS and S3 policy documents as rules read them: the JSON string of a `policy` or
 * `assume_role_policy` attribute, parsed, with its statements as a list. Terraform interpolations stay
 * inside the JSON strings (they are values, not structure); quotes inside them (`split(":", …)`) are
 * escaped first, so a synthesized document parses and keeps the interpolation text.
 */
import type { AttrValue } from './model';
import { interpolations } from './values';

export interface Statement {
  readonly Sid?: string;
  readonly Effect?: string;
  readonly Principal?: unknown;
  readonly Action?: unknown;
  readonly Resource?: unknown;
  readonly Condition?: { readonly [operator: string]: { readonly [key: string]: unknown } };
}

/** The statements of a policy document string; undefined when the value is not a parsable document. */
export function statementsOf(value: AttrValue | undefined): Statement[] | undefined {
  if (typeof value !== 'string') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(escapeInterpolations(value));
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const statement = (parsed as { Statement?: unknown }).Statement;
  if (Array.isArray(statement)) return statement.filter((s): s is Statement => typeof s === 'object' && s !== null);
  if (typeof statement === 'object' && statement !== null) return [statement as Statement];
  return [];
}

/** A policy element that may be one string or a list, as a list of strings. */
export function stringList(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string');
  return [];
}

/** The condition keys a statement tests (lower-cased), over every operator. */
export function conditionKeys(statement: Statement): Set<string> {
  const keys = new Set<string>();
  for (const block of Object.values(statement.Condition ?? {})) {
    if (typeof block === 'object' && block !== null) for (const key of Object.keys(block)) keys.add(key.toLowerCase());
  }
  return keys;
}

/** Whether an action pattern list grants `action` (exact, `service:*` or `*`). */
export function grants(actions: readonly string[], action: string): boolean {
  const lower = action.toLowerCase();
  return actions.some((pattern) => {
    const p = pattern.toLowerCase();
    if (p === '*' || p === lower) return true;
    if (!p.includes('*')) return false;
    const regex = new RegExp(`^${p.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
    return regex.test(lower);
  });
}

/** JSON-escapes the inside of every `${…}`, which Terraform evaluates before the JSON is read. */
export function escapeInterpolations(text: string): string {
  let out = '';
  let last = 0;
  for (const part of interpolations(text)) {
    out += text.slice(last, part.start) + text.slice(part.start, part.end).replace(/\\/g, '\\\\').replace(/"/g, '\\"');
    last = part.end;
  }
  return out + text.slice(last);
}
