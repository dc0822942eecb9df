/**
 * Gate configuration (`policies/policy.config.json`) and the default source scope it defines.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface PolicyConfig {
  /** Globs (repository-relative) of the files the source layer reads when no paths are given. */
  readonly include: readonly string[];
  /** Globs excluded from the default scope (directories are pruned while walking). */
  readonly exclude: readonly string[];
  /** Synth output directory, relative to the root; read when it exists. */
  readonly synthDir: string;
  /** Globs of plan JSON files relative to the synth directory, read when they exist. */
  readonly plans: readonly string[];
  /**
   * Directory of the environment files (relative to the root): a stack named after a file that says
   * `production: true` is production whatever its marker says. Empty: no such check.
   */
  readonly environments: string;
}

export const CONFIG_FILE = 'policies/policy.config.json';

const TYPESCRIPT = /\.[cm]?tsx?$/;

export const DEFAULT_CONFIG: PolicyConfig = {
  include: ['**/*.ts'],
  exclude: ['node_modules/**', 'cdktf.out/**', '**/*.d.ts'],
  synthDir: 'cdktf.out',
  plans: ['stacks/*/plan.json'],
  environments: 'environments',
};

/** Reads the configuration file under `root`; missing file → defaults; a broken file throws. */
export function loadConfig(root: string): PolicyConfig {
  const file = path.join(root, CONFIG_FILE);
  if (!fs.existsSync(file)) return DEFAULT_CONFIG;
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`Cannot parse ${CONFIG_FILE}: ${(error as Error).message}`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new Error(`${CONFIG_FILE} must be a JSON object`);
  const object = raw as { [key: string]: unknown };
  const strings = (key: string, fallback: readonly string[]): readonly string[] => {
    const value = object[key];
    if (value === undefined) return fallback;
    if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
      throw new Error(`${CONFIG_FILE}: "${key}" must be an array of glob strings`);
    }
    return value as string[];
  };
  const text = (key: 'synthDir' | 'environments'): string => {
    const value = object[key];
    if (value === undefined) return DEFAULT_CONFIG[key];
    if (typeof value !== 'string') throw new Error(`${CONFIG_FILE}: "${key}" must be a string`);
    return value;
  };
  const known = new Set(['include', 'exclude', 'synthDir', 'plans', 'environments', '$schema', '$comment']);
  const unknown = Object.keys(object).filter((key) => !known.has(key));
  if (unknown.length > 0) throw new Error(`${CONFIG_FILE}: unknown key ${unknown.map((key) => `"${key}"`).join(', ')}; allowed: include, exclude, synthDir, plans, environments`);
  return {
    include: strings('include', DEFAULT_CONFIG.include),
    exclude: strings('exclude', DEFAULT_CONFIG.exclude),
    synthDir: text('synthDir'),
    plans: strings('plans', DEFAULT_CONFIG.plans),
    environments: text('environments'),
  };
}

/** A glob as a regular expression over forward-slash paths: `**` any depth, `*` and `?` within a segment. */
export function globToRegExp(glob: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const char = glob[i];
    if (char === '*' && glob[i + 1] === '*') {
      if (glob[i + 2] === '/') {
        source += '(?:.*/)?';
        i += 2;
      } else {
        source += '.*';
        i += 1;
      }
    } else if (char === '*') {
      source += '[^/]*';
    } else if (char === '?') {
      source += '[^/]';
    } else {
      source += char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
    }
  }
  return new RegExp(`^${source}$`);
}

/**
 * The TypeScript files to analyse: explicit paths (files, or directories walked for `.ts` files
 * outside node_modules), or the configured default scope.
 */
export function resolveScope(root: string, config: PolicyConfig, paths?: readonly string[]): string[] {
  const include = config.include.map(globToRegExp);
  const exclude = config.exclude.map(globToRegExp);
  const files = new Set<string>();
  const walk = (directory: string, useExclude: boolean): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(directory, { withFileTypes: true });
    } catch (error) {
      throw new Error(`Cannot read directory ${relative(root, directory)}: ${(error as Error).message}`);
    }
    for (const entry of entries) {
      const absolute = path.join(directory, entry.name);
      const rel = relative(root, absolute);
      if (entry.isDirectory()) {
        if (entry.name === 'node_modules') continue;
        if (useExclude && exclude.some((pattern) => pattern.test(`${rel}/`))) continue;
        walk(absolute, useExclude);
      } else if (entry.isFile()) {
        if (useExclude) {
          if (include.some((pattern) => pattern.test(rel)) && !exclude.some((pattern) => pattern.test(rel))) files.add(rel);
        } else if (TYPESCRIPT.test(entry.name) && !entry.name.endsWith('.d.ts')) {
          files.add(rel);
        }
      }
    }
  };
  if (paths && paths.length > 0) {
    for (const given of paths) {
      const absolute = path.resolve(root, given);
      let stat: fs.Stats;
      try {
        stat = fs.statSync(absolute);
      } catch {
        throw new Error(`No such file or directory: ${given}`);
      }
      if (stat.isDirectory()) {
        const before = files.size;
        walk(absolute, false);
        if (files.size === before) throw new Error(`${given} holds no TypeScript files (.ts, .tsx) for the source layer`);
      } else if (!stat.isFile()) {
        throw new Error(`${given} is not a regular file or directory; the source layer reads TypeScript files`);
      } else if (!TYPESCRIPT.test(absolute)) {
        throw new Error(`${given} is not a TypeScript file (.ts, .tsx); the source layer reads TypeScript (synth output goes with --synth-dir, plans with --plan)`);
      } else {
        files.add(relative(root, absolute));
      }
    }
  } else {
    walk(root, true);
    if (files.size === 0) throw new Error(`The source scope (include/exclude in ${CONFIG_FILE}) matches no TypeScript file under ${root}`);
  }
  return [...files].sort();
}

function relative(root: string, absolute: string): string {
  return path.relative(root, absolute).split(path.sep).join('/');
}
