/**
 * Turns a schema issue into a message that says what the field allows and what it received, as the
 * user wrote it: `1e308`, `.inf`, `the string "256"`, never `null` for a value JSON cannot show.
 */
import type { z } from 'zod';
import { clip } from './errors';
import { RETIRED_IMPORT_KEYS } from './imports';
import type { Locator } from './locate';
import { allowedKeysAt, schemaAt, valueAtPath, type ZodLike } from './schema-walk';
import { suggestKey } from './suggest';

export interface FieldProblem {
  readonly path: readonly PropertyKey[];
  readonly message: string;
}

/** Messages for required fields whose generic "is required" would not say enough. */
const REQUIRED_HINTS: Readonly<Record<string, string>> = {
  production: 'is required: write `production: true` or `production: false` (production turns on the stricter rules: immutable tags, no `latest`, deletion protection, accountId)',
};

/** Unknown keys per object that get a "did you mean". */
const MAX_SUGGESTIONS = 50;

export function describeIssues(issues: readonly z.core.$ZodIssue[], data: unknown, locator?: Locator): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const rangeReported = new Set<string>();
  for (const issue of issues) {
    const path = issue.path as PropertyKey[];
    if (isNumberRangeIssue(issue)) {
      // zod reports 1e308 twice (beyond the safe integers, and beyond the field's maximum): say it once.
      const key = JSON.stringify(path.map(String));
      if (rangeReported.has(key)) continue;
      rangeReported.add(key);
    }
    problems.push(...describeIssue(issue, path, data, locator));
  }
  return problems;
}

function describeIssue(issue: z.core.$ZodIssue, path: readonly PropertyKey[], data: unknown, locator?: Locator): FieldProblem[] {
  const value = valueAtPath(data, path);
  const received = (hint = '') => (value === undefined ? '' : `; received ${describeValue(value, locator?.sourceOf(path))}${hint}`);
  const leaf = schemaAt(path, data);

  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key, index) => {
        // "Did you mean" costs an edit distance per allowed key: the first keys get it, a flood does not.
        const suggestion = index < MAX_SUGGESTIONS ? suggestKey(key, path, data) : { allowed: allowedKeysAt(path, data).filter((k) => k !== '$schema'), closest: undefined };
        const allowed = suggestion.allowed.length > 0 ? `; allowed here: ${suggestion.allowed.join(', ')}` : '';
        if (key === '<<') return { path: [...path, key], message: 'YAML merge keys (<<) are not supported; write the settings out' };
        const retired = path.length === 1 && path[0] === 'imports' && Object.hasOwn(RETIRED_IMPORT_KEYS, key) ? RETIRED_IMPORT_KEYS[key] : undefined;
        if (retired) return { path: [...path, key], message: retired };
        const hint = suggestion.closest ? ` (did you mean "${suggestion.closest}"?)` : '';
        return { path: [...path, key], message: `unknown key${hint}${allowed}` };
      });
    case 'invalid_type': {
      if (value === undefined) {
        const hint = REQUIRED_HINTS[path.join('.')];
        return [{ path, message: hint ?? `is required (${expectedNoun(issue.expected, leaf)})` }];
      }
      return [{ path, message: `must be ${expectedNoun(issue.expected, leaf)}${received(typeHint(issue.expected, value, locator?.sourceOf(path)?.text))}` }];
    }
    case 'invalid_value': {
      const allowed = issue.values.map((v) => JSON.stringify(v)).join(', ');
      const quotedNumber = typeof value === 'string' && issue.values.some((v) => typeof v === 'number' && String(v) === value.trim());
      return [{ path, message: `must be one of ${allowed}${received(quotedNumber ? ' (write it without quotes)' : '')}` }];
    }
    case 'too_small':
    case 'too_big': {
      if (issue.origin === 'number' || issue.origin === 'int') return [{ path, message: `must be ${numberRange(leaf)}${received()}` }];
      if (issue.message.startsWith('must ')) return [{ path, message: `${issue.message}${received()}` }];
      if (issue.origin === 'array' || issue.origin === 'set') {
        const bound = issue.code === 'too_small' ? `at least ${String(issue.minimum)}` : `at most ${String(issue.maximum)}`;
        return [{ path, message: `must have ${bound} item(s)${received()}` }];
      }
      if (issue.origin === 'string') {
        const bound = issue.code === 'too_small' ? `at least ${String(issue.minimum)}` : `at most ${String(issue.maximum)}`;
        return [{ path, message: `must be ${bound} character(s) long${received()}` }];
      }
      return [{ path, message: `${issue.message}${received()}` }];
    }
    case 'invalid_format':
      return [{ path, message: `${issue.message}${received()}` }];
    case 'invalid_key': {
      const key = path[path.length - 1];
      const reasons = issue.issues.map((inner) => inner.message).join('; ');
      return [{ path, message: `the name ${JSON.stringify(clip(String(key), 80))} is not allowed here: ${reasons}` }];
    }
    case 'invalid_union': {
      const discriminated = (issue as { discriminator?: string; options?: unknown[] }).options;
      if (discriminated) {
        return [{ path, message: `must be one of ${discriminated.map((v) => JSON.stringify(v)).join(', ')}${received()}` }];
      }
      return [{ path, message: `${issue.message}${received()}` }];
    }
    default:
      return [{ path, message: issue.message }];
  }
}

function isNumberRangeIssue(issue: z.core.$ZodIssue): boolean {
  return (issue.code === 'too_big' || issue.code === 'too_small') && (issue.origin === 'number' || issue.origin === 'int');
}

/** What a field of the expected type is, in words: "a whole number from 1 to 1000", "true or false". */
function expectedNoun(expected: string, leaf: ZodLike | undefined): string {
  switch (expected) {
    case 'number':
    case 'int':
      return numberRange(leaf);
    case 'boolean':
      return 'true or false';
    case 'string':
      return stringAllowed(leaf);
    case 'object':
      return 'a mapping of settings';
    case 'array':
      return 'a list';
    case 'record':
      return 'a mapping of names to values';
    default:
      return `a ${expected}`;
  }
}

/** A string field's own pattern message ("a 12-digit AWS account ID …"), else "a string". */
function stringAllowed(leaf: ZodLike | undefined): string {
  const checks = (leaf?.def as { checks?: Array<{ _zod: { def: { format?: string; error?: (issue: unknown) => unknown } } }> } | undefined)?.checks ?? [];
  for (const check of checks) {
    const { format, error } = check._zod.def;
    if (format !== 'regex' || typeof error !== 'function') continue;
    const message = error({});
    if (typeof message === 'string' && message.startsWith('must be ')) return `text: ${message.slice('must be '.length)}`;
  }
  return 'a string';
}

function numberRange(leaf: ZodLike | undefined): string {
  const kind = leaf?.isInt ? 'a whole number' : 'a number';
  const min = finiteBound(leaf?.minValue);
  const max = finiteBound(leaf?.maxValue);
  if (min !== undefined && max !== undefined) return `${kind} from ${min} to ${max}`;
  if (min !== undefined) return `${kind} of at least ${min}`;
  if (max !== undefined) return `${kind} of at most ${max}`;
  return kind;
}

/** zod reports the safe-integer range as bounds of int fields without their own: not worth saying. */
function finiteBound(value: number | null | undefined): number | undefined {
  return typeof value === 'number' && Math.abs(value) < Number.MAX_SAFE_INTEGER ? value : undefined;
}

function typeHint(expected: string, value: unknown, source: string | undefined): string {
  if (expected === 'string' && (typeof value === 'number' || typeof value === 'boolean')) {
    return ` (quote it: "${source ?? String(value)}")`;
  }
  if ((expected === 'number' || expected === 'int') && typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) {
    return ' (write it without quotes)';
  }
  if (expected === 'boolean' && typeof value === 'string' && /^(true|false|yes|no|on|off|y|n)$/i.test(value.trim())) {
    return ' (write true or false, without quotes)';
  }
  return '';
}

/** A value as the user wrote it, with its type where that is the point. */
export function describeValue(value: unknown, source?: { text: string; quoted: boolean }): string {
  if (value === null) return 'an empty value';
  if (typeof value === 'string') return `the string ${JSON.stringify(clip(value, 60))}`;
  if (typeof value === 'number') {
    const written = source && !source.quoted ? source.text : String(value);
    return Number.isFinite(value) ? `the number ${clip(written, 40)}` : `${clip(written, 40)} (not a finite number)`;
  }
  if (typeof value === 'boolean') return `the boolean ${String(value)}`;
  if (Array.isArray(value)) return `a list of ${value.length} item(s)`;
  if (typeof value === 'object') return 'a mapping';
  return String(value);
}
