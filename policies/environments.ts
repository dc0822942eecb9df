/**
 * What the environment files declare about production, as a second witness beside the marker a stack
 * writes (`local.production`): code can write any marker, the environment file is what the team reviews.
 * A stack named after a file (`environments/prod.yaml` → stack `prod`) whose file says `production: true`
 * is production whatever its marker says.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** `production: true` as a plain top-level line, the way environment files write it. */
const PLAIN = /^production:[ \t]*(true|false|True|False|TRUE|FALSE)[ \t]*(?:#.*)?$/gm;

/** `production: true` / `false` of `<dir>/<stack>.yaml` (or `.yml`), for the given stacks; absent when a file does not say. */
export function declaredProduction(root: string, directory: string | undefined, stacks: readonly string[]): Map<string, boolean> {
  const out = new Map<string, boolean>();
  if (!directory) return out;
  const base = path.resolve(root, directory);
  for (const stack of stacks) {
    for (const extension of ['.yaml', '.yml']) {
      const file = path.join(base, `${stack}${extension}`);
      let text: string;
      try {
        const stat = fs.statSync(file);
        if (!stat.isFile() || stat.size > 1024 * 1024) continue;
        text = fs.readFileSync(file, 'utf8');
      } catch {
        continue;
      }
      const value = productionOf(text);
      if (value !== undefined) out.set(stack, value);
      break;
    }
  }
  return out;
}

/** The top-level `production` of an environment file: one plain line is read directly, anything else is parsed. */
function productionOf(text: string): boolean | undefined {
  const plain = [...text.matchAll(PLAIN)];
  if (plain.length === 1 && !/^\s*[{[]|^---|^%/m.test(text)) return plain[0][1].toLowerCase() === 'true';
  try {
    // Loaded only for files written another way (flow style, several documents, anchors).
    const { parse } = require('yaml') as typeof import('yaml');
    const document = parse(text, { maxAliasCount: 100 }) as unknown;
    const value = typeof document === 'object' && document !== null ? (document as { production?: unknown }).production : undefined;
    return typeof value === 'boolean' ? value : undefined;
  } catch {
    // An unreadable file proves nothing either way; the configuration loader reports it.
    return undefined;
  }
}

/**
 * Which ECS services may call which, as the environment files of the `services:` form declare it
 * (`services.<name>.callers`): for each such stack, the ECS service name of every called service → the
 * ECS service names of its callers (an empty map: the file declares its services, and no callers).
 * Read from the file the team reviews, never from what the code writes: the gate accepts ingress from a
 * sibling service's security group only when this says so. Looked up as `<dir>/<stack>.yaml` (or
 * `.yml`), else `<dir>/examples/<stack>.yaml`; a file that cannot be read or parsed declares nothing.
 */
export function declaredCallers(root: string, directory: string | undefined, stacks: readonly string[]): Map<string, DeclaredCallers> {
  const out = new Map<string, DeclaredCallers>();
  if (!directory) return out;
  const base = path.resolve(root, directory);
  for (const stack of stacks) {
    const text = readEnvironmentText([base, path.join(base, 'examples')], stack);
    if (text === undefined) continue;
    const declared = callersOf(text, stack);
    if (declared) out.set(stack, declared);
  }
  return out;
}

/** ECS service name of a called service → ECS service names of the services declared as its callers. */
export type DeclaredCallers = ReadonlyMap<string, ReadonlySet<string>>;

function readEnvironmentText(directories: readonly string[], stack: string): string | undefined {
  for (const directory of directories) {
    for (const extension of ['.yaml', '.yml']) {
      const file = path.join(directory, `${stack}${extension}`);
      try {
        const stat = fs.statSync(file);
        if (!stat.isFile() || stat.size > 1024 * 1024) continue;
        return fs.readFileSync(file, 'utf8');
      } catch {
        continue;
      }
    }
  }
  return undefined;
}

/**
 * The callers a file of the `services:` form declares, by ECS service name (`services.<name>.service.name`,
 * else `<app>-<stack>-<name>`); an empty map when it declares none. Undefined for a file without
 * `services:` (or one that does not parse): it says nothing about workers or callers.
 */
function callersOf(text: string, stack: string): Map<string, Set<string>> | undefined {
  const out = new Map<string, Set<string>>();
  let document: unknown;
  try {
    const { parse } = require('yaml') as typeof import('yaml');
    document = parse(text, { maxAliasCount: 100 }) as unknown;
  } catch {
    return undefined;
  }
  if (!isRecord(document) || typeof document.app !== 'string' || !isRecord(document.services)) return undefined;
  const app = document.app;
  const services = document.services;
  const ecsName = (key: string): string | undefined => {
    const entry = services[key];
    if (!isRecord(entry)) return undefined;
    const own = isRecord(entry.service) ? entry.service.name : undefined;
    return typeof own === 'string' ? own : `${app}-${stack}-${key}`;
  };
  for (const [key, entry] of Object.entries(services)) {
    if (!isRecord(entry) || !Array.isArray(entry.callers)) continue;
    const callee = ecsName(key);
    const callers = entry.callers.filter((caller): caller is string => typeof caller === 'string' && caller !== key).map(ecsName);
    if (callee === undefined) continue;
    const names = new Set(callers.filter((name): name is string => name !== undefined));
    if (names.size > 0) out.set(callee, names);
  }
  return out;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
