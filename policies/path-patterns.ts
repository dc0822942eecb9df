/**
 * Construct path patterns (see ConstructPathPattern in model.ts) without ts-morph: matching a path cdktf
 * recorded, and the logical id cdktf derives from a path, so the gate can use them when the source layer
 * ran in a worker or not at all.
 */
import { createHash } from 'node:crypto';
import type { ConstructPathPattern } from './model';

/** Whether a construct path (`prod/web/repository`) matches a pattern. */
export function matchesPath(pattern: ConstructPathPattern, path: string): boolean {
  const parts = path.split('/');
  const { segments } = pattern;
  if (pattern.open ? parts.length < segments.length : parts.length !== segments.length) return false;
  const offset = parts.length - segments.length;
  return segments.every((segment, index) => {
    const part = parts[offset + index];
    return typeof segment === 'string' ? part === segment : new RegExp(`^(?:${segment.pattern})$`).test(part);
  });
}

/**
 * The logical id cdktf gives an element (its name in `cdk.tf.json`): the construct ids below the stack,
 * as cdktf's `makeUniqueId` joins them. Undefined unless every id below the stack is known exactly.
 */
export function logicalIdOf(pattern: ConstructPathPattern): string | undefined {
  if (pattern.open || pattern.segments.length < 2) return undefined;
  const components = pattern.segments.slice(1);
  if (!components.every((segment): segment is string => typeof segment === 'string')) return undefined;
  return makeUniqueId(components);
}

/** cdktf's logical id algorithm (cdktf/lib/private/unique.ts), for the ids below a stack. */
export function makeUniqueId(path: readonly string[]): string {
  const components = path.filter((component) => component !== 'Default');
  const clean = (text: string): string => text.replace(/[^A-Za-z0-9_-]/g, '');
  if (components.length === 1) {
    const candidate = clean(components[0]);
    if (candidate.length <= 255) return candidate;
  }
  const hash = createHash('md5').update(components.join('/')).digest('hex').slice(0, 8).toUpperCase();
  const deduped: string[] = [];
  for (const component of components) if (deduped.length === 0 || !deduped[deduped.length - 1].endsWith(component)) deduped.push(component);
  const human = deduped
    .filter((component) => component !== 'Resource')
    .map(clean)
    .join('_')
    .slice(0, 240);
  return `${human}_${hash}`;
}

