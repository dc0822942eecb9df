/**
 * What the source layer knows about cdktf provider packages, read lazily from their generated code in
 * node_modules: the resource class of a module (`lib/ecr-repository` → `EcrRepository`), its Terraform type
 * (`static tfResourceType`), and how each config property is spelled in Terraform (`…ToTerraform`
 * functions: `sslPolicy` → `ssl_policy`, `hashMapper` marks free-form maps whose keys stay as written).
 *
 * Only the modules a file actually uses are read (a few hundred KB each, a few milliseconds); the package
 * root index (`export * as ecrRepository from './ecr-repository'`) is read only when a file imports the root.
 */
import * as fs from 'fs';
import * as path from 'path';
import { InputLog } from './inputs';

/** Provider packages whose classes become policy resources, and the Terraform type of their provider block. */
export const PROVIDER_PACKAGES: Readonly<Record<string, string>> = {
  '@cdktf/provider-aws': 'aws',
  '@cdktf/provider-docker': 'docker',
};

/**
 * Module paths that older provider releases used for what is now another module (`lib/aws-provider` held
 * `AwsProvider` before it moved to `lib/provider`): an import from them is read as the module they became.
 */
const RENAMED_MODULES: Readonly<Record<string, string>> = { 'aws-provider': 'provider', 'docker-provider': 'provider' };

export interface AttributeSpelling {
  /** Terraform name, e.g. `status_code`. */
  readonly snake: string;
  /** A free-form map (`tags`, `variables`): its keys are data, not attribute names. */
  readonly isMap: boolean;
}

export interface ProviderModuleInfo {
  readonly pkg: string;
  /** Directory under `lib/`, e.g. `ecr-repository`; `provider` for the provider block. */
  readonly dir: string;
  /** The construct class the module exports, e.g. `EcrRepository`; undefined when the module was not found. */
  readonly className: string | undefined;
  /** `aws_ecr_repository`, `data.aws_ami` for data sources, `provider.aws` for the provider. */
  readonly tfType: string;
  /** camelCase config name → Terraform spelling, for the resource and all its nested blocks. */
  readonly attributes: ReadonlyMap<string, AttributeSpelling>;
}

/** camelCase → snake_case the way the cdktf generator does it for nearly every attribute (`ipv6CidrBlock` → `ipv6_cidr_block`). */
export function snakeCase(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/** `ecr-repository` → `EcrRepository`, the generator's class naming, used when node_modules is unreadable. */
function pascalCase(dir: string): string {
  return dir.replace(/(^|-)([a-z0-9])/g, (_m, _dash: string, c: string) => c.toUpperCase());
}

export class ProviderRegistry {
  private readonly modules = new Map<string, ProviderModuleInfo>();
  private readonly rootIndexes = new Map<string, ReadonlyMap<string, string>>();
  /** Every provider file this registry read (it lives for the whole process, so across analyses). */
  readonly inputs = new InputLog();

  private static readonly byRoot = new Map<string, ProviderRegistry>();

  /** One registry per repository root and process: provider code does not change during a run. */
  static for(root: string): ProviderRegistry {
    let registry = ProviderRegistry.byRoot.get(root);
    if (!registry) {
      registry = new ProviderRegistry(root);
      ProviderRegistry.byRoot.set(root, registry);
    }
    return registry;
  }

  constructor(private readonly root: string) {}

  /** Split a module specifier into a provider package and (for deep imports) a lib directory. */
  parseSpecifier(specifier: string): { pkg: string; dir?: string } | undefined {
    for (const pkg of Object.keys(PROVIDER_PACKAGES)) {
      if (specifier === pkg || specifier === `${pkg}/lib` || specifier === `${pkg}/lib/index` || specifier === `${pkg}/lib/lazy-index`) {
        return { pkg };
      }
      const prefix = `${pkg}/lib/`;
      if (specifier.startsWith(prefix)) {
        const dir = specifier.slice(prefix.length).replace(/\/(index(\.js)?)?$/, '');
        if (/^[a-z0-9-]+$/.test(dir)) return { pkg, dir: RENAMED_MODULES[dir] ?? dir };
      }
    }
    return undefined;
  }

  private packageDir(pkg: string): string | undefined {
    const candidate = path.join(this.root, 'node_modules', pkg);
    const installed = fs.existsSync(path.join(candidate, 'package.json'));
    this.inputs.checked(path.join(candidate, 'package.json'), installed);
    if (installed) return candidate;
    try {
      return path.dirname(require.resolve(`${pkg}/package.json`, { paths: [this.root, __dirname] }));
    } catch {
      return undefined;
    }
  }

  /** The lib directory behind a root namespace export (`ecrRepository` → `ecr-repository`). */
  dirOfRootExport(pkg: string, exportName: string): string | undefined {
    let index = this.rootIndexes.get(pkg);
    if (!index) {
      const map = new Map<string, string>();
      const dir = this.packageDir(pkg);
      const text = dir ? this.readIfExists(path.join(dir, 'lib', 'index.d.ts')) : undefined;
      if (text) {
        for (const m of text.matchAll(/export \* as (\w+) from '\.\/([a-z0-9-]+)'/g)) map.set(m[1], m[2]);
      }
      index = map;
      this.rootIndexes.set(pkg, index);
    }
    const found = index.get(exportName);
    if (found) return found;
    // Without the index (package missing), undo the generator's camelCase: `ecrRepository` → `ecr-repository`.
    return index.size === 0 && /^[a-z][A-Za-z0-9]*$/.test(exportName) ? exportName.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`) : undefined;
  }

  module(pkg: string, dir: string): ProviderModuleInfo {
    const cacheKey = `${pkg}/${dir}`;
    const cached = this.modules.get(cacheKey);
    if (cached) return cached;
    const info = this.load(pkg, dir);
    this.modules.set(cacheKey, info);
    return info;
  }

  private load(pkg: string, dir: string): ProviderModuleInfo {
    const providerName = PROVIDER_PACKAGES[pkg] ?? 'unknown';
    const pkgDir = this.packageDir(pkg);
    const text = pkgDir ? this.readIfExists(path.join(pkgDir, 'lib', dir, 'index.js')) : undefined;
    const attributes = new Map<string, AttributeSpelling>();
    if (text === undefined) {
      // Fall back to the generator's naming conventions.
      const isData = dir.startsWith('data-');
      const tfType = dir === 'provider' ? `provider.${providerName}` : `${isData ? 'data.' : ''}${dir.replace(/^data-/, '').replace(/-/g, '_')}`;
      return { pkg, dir, className: dir === 'provider' ? `${pascalCase(providerName)}Provider` : pascalCase(dir), tfType, attributes };
    }
    const classMatch = /^class (\w+) extends cdktf\.(TerraformResource|TerraformDataSource|TerraformProvider) \{/m.exec(text);
    const className = classMatch?.[1];
    const kind = classMatch?.[2];
    const typeMatch = className ? new RegExp(`^${className}\\.tfResourceType = "([^"]+)";`, 'm').exec(text) : null;
    const rawType = typeMatch?.[1] ?? dir.replace(/^data-/, '').replace(/-/g, '_');
    const tfType = kind === 'TerraformProvider' ? `provider.${rawType}` : kind === 'TerraformDataSource' ? `data.${rawType}` : rawType;
    // `status_code: cdktf.stringToTerraform(struct.statusCode),` / `tags: cdktf.hashMapper(...)(this._tags),`
    // / `default_action: cdktf.listMapper(...)(this._defaultAction.internalValue),`
    const internal = new Map<string, AttributeSpelling>();
    for (const m of text.matchAll(/^\s+([a-z0-9_]+): ([^\n]*?)\((this\._|struct\.)([A-Za-z0-9]+)(?:\.internalValue)?\),?$/gm)) {
      if (m[1] === 'value') continue; // the HCL variants: `value: cdktf.stringToHclTerraform(struct.x)`
      const spelling = { snake: m[1], isMap: m[2].startsWith('cdktf.hashMapper(') };
      if (m[3] === 'struct.') {
        if (!attributes.has(m[4])) attributes.set(m[4], spelling);
      } else if (!internal.has(m[4])) internal.set(m[4], spelling);
    }
    // The constructor maps config names to fields, renaming a few (`this._build.internalValue = config.buildAttribute;`).
    for (const m of text.matchAll(/this\._(\w+)(?:\.internalValue)? = config\.(\w+);/g)) {
      const spelling = internal.get(m[1]);
      if (spelling) attributes.set(m[2], spelling);
    }
    for (const [name, spelling] of internal) if (!attributes.has(name)) attributes.set(name, spelling);
    return { pkg, dir, className, tfType, attributes };
  }

  private readIfExists(file: string): string | undefined {
    let text: string | undefined;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch {
      text = undefined;
    }
    this.inputs.read(file, text);
    return text;
  }
}
