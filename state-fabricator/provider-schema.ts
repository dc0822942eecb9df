/**
 * Resource schemas of a provider (`terraform providers schema -json`): attribute types, which attributes
 * are computed, nested block modes, and each resource type's schema version, which a state file must
 * carry. Asking terraform costs a provider start (~5 CPU-seconds), so the trimmed schemas are cached per
 * provider version under node_modules/.cache/ecs-web-stack/provider-schemas.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { installedProviders } from '../terraform-runner/provider-servers';
import type { TerraformSession } from '../terraform-runner/session';
import type { ProviderRequirement } from '../terraform-runner/stack-info';

/** A cty type as terraform writes it in JSON: `"string"`, `["list","string"]`, `["object",{…}]`. */
export type CtyType = string | readonly [string, ...unknown[]];

export interface SchemaAttribute {
  readonly type: CtyType;
  readonly computed?: boolean;
  readonly optional?: boolean;
  readonly required?: boolean;
  readonly sensitive?: boolean;
}

export interface SchemaBlock {
  readonly attributes: { readonly [name: string]: SchemaAttribute };
  readonly block_types?: { readonly [name: string]: SchemaBlockType };
}

export interface SchemaBlockType {
  readonly nesting_mode: 'single' | 'group' | 'list' | 'set' | 'map';
  readonly block: SchemaBlock;
  readonly max_items?: number;
}

export interface ResourceSchema {
  readonly version: number;
  readonly block: SchemaBlock;
}

/** Resource schemas by provider address (`registry.terraform.io/hashicorp/aws`), then resource type. */
export type ProviderSchemas = { readonly [provider: string]: { readonly [type: string]: ResourceSchema } };

export const SCHEMA_CACHE_DIR = join(__dirname, '..', 'node_modules', '.cache', 'ecs-web-stack', 'provider-schemas');

/** Keeps what the fabricator reads; nested attribute types (plugin framework) become plain cty types. */
export function trimBlock(block: RawBlock): SchemaBlock {
  const attributes: { [name: string]: SchemaAttribute } = {};
  for (const [name, raw] of Object.entries(block.attributes ?? {})) {
    attributes[name] = {
      type: raw.type ?? nestedType(raw.nested_type),
      ...(raw.computed ? { computed: true } : {}),
      ...(raw.optional ? { optional: true } : {}),
      ...(raw.required ? { required: true } : {}),
      ...(raw.sensitive ? { sensitive: true } : {}),
    };
  }
  const blockTypes: { [name: string]: SchemaBlockType } = {};
  for (const [name, raw] of Object.entries(block.block_types ?? {})) {
    blockTypes[name] = { nesting_mode: raw.nesting_mode, block: trimBlock(raw.block), ...(raw.max_items !== undefined ? { max_items: raw.max_items } : {}) };
  }
  return Object.keys(blockTypes).length > 0 ? { attributes, block_types: blockTypes } : { attributes };
}

interface RawAttribute {
  type?: CtyType;
  nested_type?: { attributes: Record<string, RawAttribute>; nesting_mode: string };
  computed?: boolean;
  optional?: boolean;
  required?: boolean;
  sensitive?: boolean;
}
interface RawBlock {
  attributes?: Record<string, RawAttribute>;
  block_types?: Record<string, { nesting_mode: SchemaBlockType['nesting_mode']; block: RawBlock; max_items?: number }>;
}

function nestedType(nested: RawAttribute['nested_type']): CtyType {
  if (!nested) throw new Error('a schema attribute has neither type nor nested_type');
  const objectType: CtyType = ['object', Object.fromEntries(Object.entries(nested.attributes).map(([name, attribute]) => [name, attribute.type ?? nestedType(attribute.nested_type)]))];
  return nested.nesting_mode === 'single' ? objectType : [nested.nesting_mode, objectType];
}

/** The provider versions an init directory locked (`.terraform.lock.hcl`), e.g. `registry.terraform.io/hashicorp/aws 5.100.0`. */
export function lockedVersions(initDir: string): string[] {
  const text = readFileSync(join(initDir, '.terraform.lock.hcl'), 'utf8');
  const out: string[] = [];
  for (const match of text.matchAll(/provider\s+"([^"]+)"\s*\{[^}]*?version\s*=\s*"([^"]+)"/g)) out.push(`${match[1]} ${match[2]}`);
  return out.sort();
}

/**
 * The resource schemas of `providers` (as a stack requires them), from the cache or from terraform
 * (`providers schema -json` in the session's shared init directory). Throws when terraform fails.
 */
export async function loadProviderSchemas(session: TerraformSession, providers: readonly ProviderRequirement[], cacheDir: string = SCHEMA_CACHE_DIR): Promise<ProviderSchemas> {
  const init = await session.inits.forProviders(providers);
  if (!init.ok) throw new Error(`terraform init failed: ${init.result.stderr.trim() || init.result.stdout.trim()}`);
  const key = createHash('sha256').update(`terraform ${session.terraform.version}\n${lockedVersions(init.dir).join('\n')}`).digest('hex').slice(0, 24);
  const file = join(cacheDir, `${key}.json`);
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as ProviderSchemas;
  } catch {
    // not cached yet
  }
  const result = await session.run(init.dir, ['providers', 'schema', '-json'], undefined, { binaries: installedProviders(init.dir), use: 'schema' });
  if (result.code !== 0) throw new Error(`terraform providers schema failed: ${result.stderr.trim()}`);
  const raw = JSON.parse(result.stdout) as { provider_schemas?: Record<string, { resource_schemas?: Record<string, { version: number; block: RawBlock }> }> };
  const schemas: { [provider: string]: { [type: string]: ResourceSchema } } = {};
  for (const [provider, entry] of Object.entries(raw.provider_schemas ?? {})) {
    const types: { [type: string]: ResourceSchema } = {};
    for (const [type, schema] of Object.entries(entry.resource_schemas ?? {})) types[type] = { version: schema.version, block: trimBlock(schema.block) };
    schemas[provider] = types;
  }
  try {
    mkdirSync(cacheDir, { recursive: true });
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify(schemas));
    renameSync(temporary, file);
  } catch {
    // A read-only node_modules only costs the next run another provider start.
  }
  return schemas;
}
