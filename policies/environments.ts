/**
 * What the environment files declare about production, as a second witness beside the marker a stack
 * writes (`local.production`): code can write any marker, the environment file is what the team reviews.
 * A stack named after a file (`environments/prod.yaml` → stack `prod`) whose file says `production: true`
 * is production whatever its marker says. The same files declare which services may call which
 * (`services.<name>.callers`), the only sibling ingress the gate accepts.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { defaultServiceName } from '../config/names';

/** `production: true` as a plain top-level line, the way environment files write it. */
const PLAIN = /^production:[ \t]*(true|false|True|False|TRUE|FALSE)[ \t]*(?:#.*)?$/gm;

/**
 * The environment files of one directory, each read (and parsed, when needed) at most once per gate run:
 * the synth and plan layers ask the same questions about the same stacks.
 */
export class EnvironmentFiles {
  private readonly base: string | undefined;
  private readonly texts = new Map<string, string | undefined>();
  private readonly documents = new Map<string, { readonly document?: unknown }>();

  /** `directory` relative to `root`; undefined: no environment files (every answer is "not declared"). */
  constructor(root: string, directory: string | undefined) {
    this.base = directory ? path.resolve(root, directory) : undefined;
  }

  /** `production: true` / `false` of `<dir>/<stack>.yaml` (or `.yml`); undefined when no file says. */
  production(stack: string): boolean | undefined {
    const file = this.base ? this.find([this.base], stack) : undefined;
    return file === undefined ? undefined : productionOf(this.text(file) as string, () => this.parsed(file));
  }

  /**
   * Which ECS services may call which, as a file of the `services:` form declares it
   * (`services.<name>.callers`): the ECS service name of every called service → the ECS service names of
   * its callers (an empty map: the file declares its services, and no callers). Read from the file the
   * team reviews, never from what the code writes: the gate accepts ingress from a sibling service's
   * security group only when this says so. Looked up as `<dir>/<stack>.yaml` (or `.yml`), else
   * `<dir>/examples/<stack>.yaml`; undefined for a file without `services:`, or one that cannot be read
   * or parsed (it declares nothing).
   */
  callers(stack: string): DeclaredCallers | undefined {
    const file = this.base ? this.find([this.base, path.join(this.base, 'examples')], stack) : undefined;
    if (file === undefined) return undefined;
    const { document } = this.parsed(file);
    return document === undefined ? undefined : callersOf(document, stack);
  }

  /** The first readable `<dir>/<stack>.yaml|.yml` of the directories. */
  private find(directories: readonly string[], stack: string): string | undefined {
    for (const directory of directories) {
      for (const extension of ['.yaml', '.yml']) {
        const file = path.join(directory, `${stack}${extension}`);
        if (this.text(file) !== undefined) return file;
      }
    }
    return undefined;
  }

  private text(file: string): string | undefined {
    if (!this.texts.has(file)) this.texts.set(file, readSmallFile(file));
    return this.texts.get(file);
  }

  private parsed(file: string): { readonly document?: unknown } {
    let parsed = this.documents.get(file);
    if (!parsed) {
      try {
        // Loaded only when a question needs more than a plain line.
        const { parse } = require('yaml') as typeof import('yaml');
        parsed = { document: parse(this.text(file) ?? '', { maxAliasCount: 100 }) as unknown };
      } catch {
        // An unreadable file proves nothing either way; the configuration loader reports it.
        parsed = {};
      }
      this.documents.set(file, parsed);
    }
    return parsed;
  }
}

function readSmallFile(file: string): string | undefined {
  try {
    const stat = fs.statSync(file);
    if (!stat.isFile() || stat.size > 1024 * 1024) return undefined;
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** The top-level `production` of an environment file: one plain line is read directly, anything else is parsed. */
function productionOf(text: string, parsed: () => { readonly document?: unknown }): boolean | undefined {
  const plain = [...text.matchAll(PLAIN)];
  if (plain.length === 1 && !/^\s*[{[]|^---|^%/m.test(text)) return plain[0][1].toLowerCase() === 'true';
  const { document } = parsed();
  const value = isRecord(document) ? document.production : undefined;
  return typeof value === 'boolean' ? value : undefined;
}

/** ECS service name of a called service → ECS service names of the services declared as its callers. */
export type DeclaredCallers = ReadonlyMap<string, ReadonlySet<string>>;

/**
 * The callers a file of the `services:` form declares, by ECS service name (`services.<name>.service.name`,
 * else `<app>-<stack>-<name>`); an empty map when it declares none. Undefined for a file without
 * `services:` (or one that does not parse): it says nothing about workers or callers.
 */
function callersOf(document: unknown, stack: string): Map<string, Set<string>> | undefined {
  const out = new Map<string, Set<string>>();
  if (!isRecord(document) || typeof document.app !== 'string' || !isRecord(document.services)) return undefined;
  const app = document.app;
  const services = document.services;
  const ecsName = (key: string): string | undefined => {
    const entry = services[key];
    if (!isRecord(entry)) return undefined;
    const own = isRecord(entry.service) ? entry.service.name : undefined;
    return typeof own === 'string' ? own : defaultServiceName(app, stack, key);
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
