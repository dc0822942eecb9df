/**
 * Synth layer: every `<synthDir>/stacks/<stack>/cdk.tf.json` becomes one resource graph.
 *
 * - References `${type.name.attr}` (and `${data.type.name.attr}`) become `ResourceRef`s.
 * - A whole-string `${var.x}` becomes the variable's default (or `Unresolved` when it has none), and
 *   `${local.x}` the local. Longer strings keep their interpolations; `graph.variables` has the defaults.
 * - Any other whole-string expression becomes `Unresolved`, so rules warn instead of guessing.
 * - A stack is production unless `locals.production` is the literal `false`, and always when its
 *   environment file says `production: true` (see `stackIsProduction`).
 * - Locations: the TypeScript frame of cdktf's `stackTrace` metadata when present (inexact: overrides can
 *   write metadata, so no comment there suppresses it; see source-map.ts), else the resource's line in the
 *   cdk.tf.json file.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { OneOf, Unresolved, type AttrValue, type Location, type PolicyResource } from '../model';
import { parseReference } from '../terraform-refs';
import { forEachElements } from './for-each';
import { jsonKeyLines } from '../json-lines';
import { readRegularFile } from '../input-files';
import { toRepoPath } from '../paths';
import type { ResourceGraph } from '../types';

export interface SynthReadResult {
  readonly graphs: ResourceGraph[];
  readonly errors: { readonly file: string; readonly message: string }[];
}


type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Largest cdk.tf.json the gate reads (a large app synthesizes a few MB). */
export const MAX_SYNTH_FILE_BYTES = 64 * 1024 * 1024;

export interface SynthReadOptions {
  /** Production as the environment files declare it, by stack name (see environments.ts). */
  readonly declaredProduction?: (stack: string) => boolean | undefined;
}

/**
 * Reads every stack of a synth output directory (`cdktf.out`). Fails closed: a stack folder without
 * cdk.tf.json, a file that is not Terraform JSON, a section of the wrong shape or a stack with nothing in
 * it is an error naming the file, and no stacks at all is an error naming the directory.
 */
export function readSynthDir(root: string, synthDir: string, options: SynthReadOptions = {}): SynthReadResult {
  const stacksDir = path.join(synthDir, 'stacks');
  const graphs: ResourceGraph[] = [];
  const errors: { file: string; message: string }[] = [];
  const repoDir = toRepoPath(root, stacksDir);
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(stacksDir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  } catch (error) {
    return { graphs, errors: [{ file: repoDir, message: `Cannot read synth directory ${repoDir}: ${(error as Error).message}` }] };
  }
  const stacks = entries.filter((entry) => entry.isDirectory() || entry.isSymbolicLink());
  if (stacks.length === 0) errors.push({ file: repoDir, message: `${repoDir} holds no stacks: nothing to check (run the synth first)` });
  for (const entry of stacks) {
    const name = entry.name;
    const file = path.join(stacksDir, name, 'cdk.tf.json');
    const repoFile = toRepoPath(root, file);
    const read = readRegularFile(file, MAX_SYNTH_FILE_BYTES);
    if ('missing' in read) {
      errors.push({ file: toRepoPath(root, path.join(stacksDir, name)), message: `Stack folder ${toRepoPath(root, path.join(stacksDir, name))} has no cdk.tf.json: a half-written or foreign synth output` });
      continue;
    }
    if ('error' in read) {
      errors.push({ file: repoFile, message: `Cannot read ${repoFile}: ${read.error}` });
      continue;
    }
    let json: Json;
    try {
      json = JSON.parse(read.text) as Json;
    } catch (error) {
      errors.push({ file: repoFile, message: `Cannot parse ${repoFile}: ${(error as Error).message}` });
      continue;
    }
    const problem = shapeProblem(json);
    if (problem) {
      errors.push({ file: repoFile, message: `${repoFile} is not Terraform JSON the gate understands: ${problem}` });
      continue;
    }
    graphs.push(stackGraph(json as { [key: string]: Json }, { root, stack: name, file: repoFile, text: read.text, declaredProduction: options.declaredProduction?.(name) }));
  }
  return { graphs, errors };
}

/** Why a parsed cdk.tf.json is not Terraform JSON the layer understands (undefined when it is). */
export function shapeProblem(json: Json): string | undefined {
  if (!isJsonObject(json)) return 'the top level is not an object';
  const objectOf = (section: string, depth: number): string | undefined => {
    const value = json[section];
    if (value === undefined) return undefined;
    const check = (item: Json | undefined, where: string, level: number): string | undefined => {
      if (!isJsonObject(item)) return `"${where}" is not an object`;
      if (level === 0) return undefined;
      for (const [key, inner] of Object.entries(item)) {
        if (key === '//') continue;
        const problem = check(inner, `${where}.${key}`, level - 1);
        if (problem) return problem;
      }
      return undefined;
    };
    return check(value, section, depth);
  };
  const problem = objectOf('resource', 2) ?? objectOf('data', 2) ?? objectOf('terraform', 0) ?? objectOf('locals', 0) ?? objectOf('variable', 1) ?? objectOf('output', 1) ?? objectOf('module', 1);
  if (problem) return problem;
  const provider = json.provider;
  if (provider !== undefined) {
    if (!isJsonObject(provider)) return '"provider" is not an object';
    for (const [name, configs] of Object.entries(provider)) {
      const list = Array.isArray(configs) ? configs : [configs];
      if (list.some((config) => !isJsonObject(config))) return `"provider.${name}" is not an object or a list of objects`;
    }
  }
  const terraform = json.terraform;
  if (isJsonObject(terraform) && terraform.backend !== undefined) {
    // `"local": null` is how an override removes cdktf's default backend: Terraform reads it as absent.
    if (!isJsonObject(terraform.backend) || Object.values(terraform.backend).some((config) => config !== null && !isJsonObject(config))) return '"terraform.backend" is not an object of backend blocks';
  }
  const count = (value: Json | undefined): number => (isJsonObject(value) ? Object.keys(value).length : 0);
  const present = (value: Json | undefined): number => (isJsonObject(value) ? Object.values(value).filter((item) => item !== null).length : 0);
  const settings = isJsonObject(terraform) ? present(terraform.backend) + count(terraform.cloud) : 0;
  if (count(json.resource) + count(json.data) + count(provider) + count(json.module) + count(json.output) + settings === 0) {
    return 'it has no resources, data sources, providers, modules, outputs or backend: nothing to check';
  }
  return undefined;
}

export interface StackOptions {
  readonly root: string;
  readonly stack: string;
  /** Repository-relative path of the JSON file. */
  readonly file: string;
  /** The JSON text, for line numbers; omit for line 1. */
  readonly text?: string;
  /** `production:` of the stack's environment file, when there is one. */
  readonly declaredProduction?: boolean;
}

/**
 * Whether a synthesized stack is production: unless its environment file says `production: true`, only a
 * literal `"locals": { "production": false }` makes it a non-production stack. A marker that is missing,
 * a string, a Terraform expression or anything else counts as production (fail closed).
 */
export function stackIsProduction(json: { [key: string]: Json }, declaredProduction?: boolean): boolean {
  if (declaredProduction === true) return true;
  const locals = json.locals;
  return !(isJsonObject(locals) && locals.production === false);
}

/**
 * Whether a stack's production status is only presumed: neither its environment file nor a literal
 * `locals.production` (true or false) says what it is.
 */
export function stackProductionAssumed(json: { [key: string]: Json }, declaredProduction?: boolean): boolean {
  if (declaredProduction !== undefined) return false;
  const locals = json.locals;
  return !(isJsonObject(locals) && typeof locals.production === 'boolean');
}

/** One synthesized stack as a resource graph. */
export function stackGraph(json: { [key: string]: Json }, options: StackOptions): ResourceGraph {
  const { root, stack, file } = options;
  const lines = options.text ? jsonKeyLines(options.text) : new Map<string, number>();
  const production = stackIsProduction(json, options.declaredProduction);
  const productionAssumed = production && stackProductionAssumed(json, options.declaredProduction);
  const locals = isJsonObject(json.locals) ? json.locals : {};
  const variableDefaults: { [name: string]: Json | undefined } = {};
  if (isJsonObject(json.variable)) {
    for (const [name, declaration] of Object.entries(json.variable)) {
      variableDefaults[name] = isJsonObject(declaration) ? declaration.default : undefined;
    }
  }

  const at = (keyPath: string): Location => ({ file, line: lines.get(keyPath) ?? 1, column: 1 });
  const converter = makeConverter(variableDefaults, locals);
  const variables: { [name: string]: AttrValue | undefined } = {};
  for (const [name, value] of Object.entries(variableDefaults)) {
    variables[name] = value === undefined ? undefined : converter(value, at(`variable/${name}`));
  }

  const resources: PolicyResource[] = [];
  const constructPaths: { [key: string]: string } = {};
  const add = (kind: 'resource' | 'data', blocks: Json | undefined): void => {
    if (!isJsonObject(blocks)) return;
    for (const [type, byName] of Object.entries(blocks)) {
      if (!isJsonObject(byName)) continue;
      for (const [name, body] of Object.entries(byName)) {
        if (!isJsonObject(body)) continue;
        const key = kind === 'data' ? `data.${type}.${name}` : `${type}.${name}`;
        const metadata = isJsonObject(body['//']) && isJsonObject(body['//'].metadata) ? body['//'].metadata : {};
        if (typeof metadata.path === 'string') constructPaths[key] = metadata.path;
        const traced = Array.isArray(metadata.stackTrace) ? locationFromStackTrace(root, metadata.stackTrace) : undefined;
        const location = traced ?? at(`${kind}/${type}/${name}`);
        const each = forEachElements(body.for_each);
        resources.push({
          key,
          type: kind === 'data' ? `data.${type}` : type,
          displayName: key,
          attributes: convertAttributes(body, (value) => converter(value, location, each), location),
          location,
          layer: 'synth',
          stack,
          production,
        });
      }
    }
  };
  add('resource', json.resource);
  add('data', json.data);

  if (isJsonObject(json.provider)) {
    for (const [providerName, configs] of Object.entries(json.provider)) {
      const list = Array.isArray(configs) ? configs : [configs];
      for (const config of list) {
        if (!isJsonObject(config)) continue;
        const alias = typeof config.alias === 'string' ? `.${config.alias}` : '';
        const key = `provider.${providerName}${alias}`;
        const location = at(`provider/${providerName}`);
        resources.push({
          key,
          type: `provider.${providerName}`,
          displayName: key,
          attributes: convertAttributes(config, (value) => converter(value, location), location),
          location,
          layer: 'synth',
          stack,
          production,
        });
      }
    }
  }

  // The state backend (S3 takes credentials and assume_role like the provider) as `terraform.backend.<name>`.
  const terraform = json.terraform;
  if (isJsonObject(terraform) && isJsonObject(terraform.backend)) {
    for (const [backendName, config] of Object.entries(terraform.backend)) {
      if (!isJsonObject(config)) continue;
      const key = `terraform.backend.${backendName}`;
      const location = at(`terraform/backend/${backendName}`);
      resources.push({
        key,
        type: key,
        displayName: key,
        attributes: convertAttributes(config, (value) => converter(value, location), location),
        location,
        layer: 'synth',
        stack,
        production,
      });
    }
  }

  // `required_providers` (which provider source each local name is) as `terraform.required_providers`.
  if (isJsonObject(terraform) && isJsonObject(terraform.required_providers)) {
    const location = at('terraform/required_providers');
    resources.push({
      key: 'terraform.required_providers',
      type: 'terraform.required_providers',
      displayName: 'terraform.required_providers',
      attributes: convertAttributes(terraform.required_providers, (value) => converter(value, location), location),
      location,
      layer: 'synth',
      stack,
      production,
    });
  }

  // Import blocks (`import { to = <address>, id = … }`) as resources of type `import`: an id they give a
  // resource is that resource (a rule on a literal security group id an import maps to a managed group).
  const imports = Array.isArray(json.import) ? json.import : isJsonObject(json.import) ? [json.import] : [];
  imports.forEach((block, index) => {
    if (!isJsonObject(block)) return;
    const location = at('import');
    const to = typeof block.to === 'string' ? block.to.replace(/^\$\{(.*)\}$/, '$1') : converter(block.to ?? null, location);
    resources.push({
      key: `import[${index}]`,
      type: 'import',
      displayName: `import of ${typeof to === 'string' ? to : 'an address'}`,
      attributes: { to, id: converter(block.id ?? null, location) },
      location,
      layer: 'synth',
      stack,
      production,
    });
  });

  // Terraform modules: their resources are not in this file; the gate says so unless a plan covers the stack.
  const modules = isJsonObject(json.module) ? Object.keys(json.module).map((name) => ({ name, location: at(`module/${name}`) })) : [];

  return { layer: 'synth', stack, file, resources, variables, imports: [], files: [], changes: [], constructPaths, production, ...(productionAssumed ? { productionAssumed } : {}), ...(modules.length > 0 ? { modules } : {}) };
}

/**
 * A block's attributes, converted. A `dynamic "<name>"` block is generated by Terraform from its
 * `for_each` at plan time, so the synth layer cannot know the blocks it makes: each becomes an
 * `Unresolved` entry of `<name>` (next to the static blocks of that name), and a rule about that block
 * reports that it cannot verify it.
 */
function convertAttributes(body: { [key: string]: Json }, converter: (value: Json) => AttrValue, location: Location): { [key: string]: AttrValue } {
  const out: { [key: string]: AttrValue } = {};
  for (const [key, value] of Object.entries(body)) {
    if (key === '//' || key === 'dynamic') continue;
    out[key] = converter(value);
  }
  const dynamic = body.dynamic;
  if (isJsonObject(dynamic)) {
    for (const [name, generator] of Object.entries(dynamic)) {
      const forEach = isJsonObject(generator) ? JSON.stringify(generator.for_each ?? null) : 'null';
      const generated = new Unresolved(`dynamic "${name}" blocks (for_each = ${forEach})`, location);
      const existing = out[name];
      out[name] = existing === undefined ? generated : Array.isArray(existing) ? [...existing, generated] : [existing, generated];
    }
  } else if (dynamic !== undefined) {
    out.dynamic = converter(dynamic);
  }
  return out;
}

function makeConverter(
  variables: { [name: string]: Json | undefined },
  locals: { [name: string]: Json },
): (value: Json, location: Location, each?: readonly Json[]) => AttrValue {
  let variableLocation: Location = { file: '', line: 1, column: 1 };
  // The elements of the resource's for_each, when the JSON spells them out (see for-each.ts).
  let eachElements: readonly Json[] | undefined;
  const convert = (value: Json, depth: number): AttrValue => {
    if (depth > 20) return new Unresolved('(nesting too deep)', variableLocation);
    if (typeof value === 'string') return convertString(value, depth);
    if (Array.isArray(value)) return value.map((item) => convert(item, depth + 1));
    if (isJsonObject(value)) {
      const out: { [key: string]: AttrValue } = {};
      for (const [key, item] of Object.entries(value)) out[key] = convert(item, depth + 1);
      return out;
    }
    return value;
  };

  const plainOf = (expression: string): Json | undefined => {
    const variable = /^var\.([A-Za-z0-9_-]+)$/.exec(expression);
    if (variable) return variables[variable[1]];
    const local = /^local\.([A-Za-z0-9_-]+)$/.exec(expression);
    if (local) return locals[local[1]];
    return undefined;
  };

  const convertString = (value: string, depth: number): AttrValue => {
    const whole = /^\$\{([^{}]+)\}$/.exec(value);
    if (whole) {
      const expression = whole[1].trim();
      const reference = parseReference(expression);
      if (reference) return reference;
      if ((expression === 'each.value' || expression === 'each.key') && eachElements && eachElements.length > 0) {
        const options = eachElements.map((element) => convert(element, depth + 1));
        return options.length === 1 ? options[0] : new OneOf(options);
      }
      const plain = plainOf(expression);
      if (plain !== undefined && !(typeof plain === 'string' && plain === value)) return convert(plain, depth + 1);
      return new Unresolved(value, variableLocation);
    }
    // Longer strings keep their interpolations; rules substitute variables where they need to
    // (`context.variables`), so messages can show what was written.
    return value;
  };

  return (value, location, each) => {
    variableLocation = location;
    eachElements = each;
    return convert(value, 0);
  };
}

/** The first stack frame in a repository file outside node_modules, as an (inexact) location. */
export function locationFromStackTrace(root: string, frames: readonly Json[]): Location | undefined {
  for (const frame of frames) {
    if (typeof frame !== 'string') continue;
    const match = /\(?((?:file:\/\/)?(?:[A-Za-z]:)?[^():\s]+\.[cm]?[tj]sx?):(\d+):(\d+)\)?\s*$/.exec(frame);
    if (!match) continue;
    const absolute = match[1].replace(/^file:\/\//, '');
    if (absolute.includes(`${path.sep}node_modules${path.sep}`) || absolute.includes('/node_modules/')) continue;
    const relative = toRepoPath(root, absolute);
    if (relative.startsWith('..')) continue;
    return { file: relative, line: Number(match[2]), column: Number(match[3]), inexact: true };
  }
  return undefined;
}

function isJsonObject(value: Json | undefined): value is { [key: string]: Json } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
