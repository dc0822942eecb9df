/**
 * What a synthesized stack (cdk.tf.json) needs before Terraform can check it offline: which providers
 * it installs, whether it reads from AWS (data sources, import blocks), and the aliases of its AWS
 * provider configurations. Pure: takes the parsed JSON.
 */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export interface ProviderRequirement {
  /** The name the stack uses (`aws`, `docker`). */
  readonly localName: string;
  /** Fully qualified source address, lower case: `registry.terraform.io/hashicorp/aws`. */
  readonly address: string;
  /** The version constraint, when the stack gives one. */
  readonly version?: string;
}

export interface StackInfo {
  readonly providers: readonly ProviderRequirement[];
  /** Why a plan would need AWS: `data.aws_vpc.main`, `import → aws_ecr_repository.repo`. Empty: plannable offline. */
  readonly reads: readonly string[];
  /** Aliases of the `aws` provider blocks; `undefined` is the default configuration. */
  readonly awsProviderAliases: readonly (string | undefined)[];
}

/** Providers built into Terraform itself: they are never installed. */
const BUILTIN = new Set(['terraform']);

export function stackInfo(json: JsonObject): StackInfo {
  return { providers: requiredProviders(json), reads: awsReads(json), awsProviderAliases: providerAliases(json, 'aws') };
}

/** `aws` → `registry.terraform.io/hashicorp/aws`; `kreuzwerker/docker` → `registry.terraform.io/kreuzwerker/docker`. */
export function normalizeSource(source: string): string {
  const parts = source.trim().toLowerCase().split('/');
  if (parts.length === 1) return `registry.terraform.io/hashicorp/${parts[0]}`;
  if (parts.length === 2) return `registry.terraform.io/${parts[0]}/${parts[1]}`;
  return parts.join('/');
}

/**
 * Declared providers (`terraform.required_providers`) plus those Terraform infers: a provider block, or
 * a resource/data type whose prefix is not declared, means `hashicorp/<prefix>`.
 */
export function requiredProviders(json: JsonObject): ProviderRequirement[] {
  const byName = new Map<string, ProviderRequirement>();
  const declared = asObject(asObject(json.terraform)?.required_providers) ?? {};
  for (const [localName, value] of Object.entries(declared)) {
    const spec = asObject(value);
    const source = typeof value === 'string' ? undefined : typeof spec?.source === 'string' ? spec.source : undefined;
    const version = typeof value === 'string' ? value : typeof spec?.version === 'string' ? spec.version : undefined;
    byName.set(localName, { localName, address: normalizeSource(source ?? localName), ...(version ? { version } : {}) });
  }
  const implied = new Set<string>(Object.keys(asObject(json.provider) ?? {}));
  for (const block of ['resource', 'data', 'ephemeral'] as const) {
    for (const [type, instances] of Object.entries(asObject(json[block]) ?? {})) {
      implied.add(type.split('_')[0]);
      for (const body of Object.values(asObject(instances) ?? {})) {
        const provider = asObject(body)?.provider;
        if (typeof provider === 'string') implied.add(provider.replace(/^\$\{|\}$/g, '').split('.')[0]);
      }
    }
  }
  for (const name of implied) {
    if (!byName.has(name) && !BUILTIN.has(name)) byName.set(name, { localName: name, address: normalizeSource(name) });
  }
  return [...byName.values()].sort((a, b) => a.localName.localeCompare(b.localName));
}

/** Data sources and import blocks: a plan with stub credentials cannot answer them. */
export function awsReads(json: JsonObject): string[] {
  const reads: string[] = [];
  for (const [type, instances] of Object.entries(asObject(json.data) ?? {})) {
    for (const name of Object.keys(asObject(instances) ?? {})) reads.push(`data.${type}.${name}`);
  }
  const imports = json.import;
  for (const block of Array.isArray(imports) ? imports : imports ? [imports] : []) {
    const to = asObject(block)?.to;
    reads.push(`import → ${typeof to === 'string' ? to.replace(/^\$\{|\}$/g, '') : '?'}`);
  }
  return reads;
}

/** Whether every provider has one configuration at most (no aliases beside the default). */
export function singleProviderConfigurations(json: JsonObject): boolean {
  return Object.keys(asObject(json.provider) ?? {}).every((name) => providerAliases(json, name).length <= 1);
}

/** Aliases of one provider's blocks (JSON gives one object or a list of them). */
export function providerAliases(json: JsonObject, name: string): (string | undefined)[] {
  const blocks = asObject(json.provider)?.[name];
  if (blocks === undefined) return [];
  const list = Array.isArray(blocks) ? blocks : [blocks];
  return list.map((block) => {
    const alias = asObject(block)?.alias;
    return typeof alias === 'string' ? alias : undefined;
  });
}

export function asObject(value: Json | undefined): JsonObject | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? value : undefined;
}
