/**
 * Where providers come from: a filesystem mirror (`TF_PLUGIN_MIRROR`, else /opt/tf-plugins when it
 * exists) through a CLI config file that only the terraform processes of this run see, or the registry
 * as usual (no CLI config of ours; the user's own settings apply). The user's ~/.terraformrc is never
 * read or written here.
 */
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The mirror this repository's machines ship with (hashicorp/aws 5.100.0). */
export const DEFAULT_MIRROR = '/opt/tf-plugins';

export interface MirrorChoice {
  readonly path: string;
  /** Why this directory: the environment variable or the default location. */
  readonly from: 'TF_PLUGIN_MIRROR' | 'default';
}

/** `TF_PLUGIN_MIRROR` when set (it must exist), else the default mirror when it exists, else none. */
export function chooseMirror(env: NodeJS.ProcessEnv, exists: (path: string) => boolean = existsSync): MirrorChoice | undefined {
  const named = env.TF_PLUGIN_MIRROR?.trim();
  if (named) {
    if (!exists(named)) throw new Error(`TF_PLUGIN_MIRROR names ${named}, which does not exist; unset it to use the registry`);
    return { path: named, from: 'TF_PLUGIN_MIRROR' };
  }
  return exists(DEFAULT_MIRROR) ? { path: DEFAULT_MIRROR, from: 'default' } : undefined;
}

/** One provider the mirror holds for this platform: `registry.terraform.io/hashicorp/aws` and its versions. */
export interface MirroredProvider {
  readonly address: string;
  readonly versions: readonly string[];
}

/** Terraform's name for the platform this process runs on (`linux_amd64`, `darwin_arm64`, …). */
export function terraformPlatform(platform: string = process.platform, arch: string = process.arch): string {
  const os = platform === 'win32' ? 'windows' : platform;
  const cpu = ({ x64: 'amd64', ia32: '386', arm64: 'arm64', arm: 'arm' } as Record<string, string>)[arch] ?? arch;
  return `${os}_${cpu}`;
}

/**
 * Lists a mirror in either layout Terraform reads: unpacked (`HOST/NS/TYPE/VERSION/OS_ARCH/`) or packed
 * (`HOST/NS/TYPE/terraform-provider-TYPE_VERSION_OS_ARCH.zip`). Only builds for `platform` count.
 */
export function listMirror(mirrorPath: string, platform: string = terraformPlatform()): MirroredProvider[] {
  const providers: MirroredProvider[] = [];
  for (const host of subdirectories(mirrorPath)) {
    for (const namespace of subdirectories(join(mirrorPath, host))) {
      for (const type of subdirectories(join(mirrorPath, host, namespace))) {
        const dir = join(mirrorPath, host, namespace, type);
        const versions = new Set<string>();
        for (const entry of safeReaddir(dir)) {
          if (isDirectory(join(dir, entry)) && isDirectory(join(dir, entry, platform))) versions.add(entry);
          const packed = new RegExp(`^terraform-provider-${escapeRegExp(type)}_(.+)_${escapeRegExp(platform)}\\.zip$`).exec(entry);
          if (packed) versions.add(packed[1]);
        }
        if (versions.size > 0) {
          providers.push({ address: `${host}/${namespace}/${type}`.toLowerCase(), versions: [...versions].sort() });
        }
      }
    }
  }
  return providers.sort((a, b) => a.address.localeCompare(b.address));
}

/**
 * The CLI config text: the mirrored providers come only from the mirror, every other provider from its
 * registry (`direct`), so a stack that needs more than the mirror holds still installs when the network
 * allows.
 */
export function renderCliConfig(mirrorPath: string, providers: readonly string[]): string {
  const list = providers.map(hclString).join(', ');
  return [
    '# Written by `npm run validate` for its own terraform processes (TF_CLI_CONFIG_FILE); removed afterwards.',
    'provider_installation {',
    '  filesystem_mirror {',
    `    path    = ${hclString(mirrorPath)}`,
    `    include = [${list}]`,
    '  }',
    '  direct {',
    `    exclude = [${list}]`,
    '  }',
    '}',
    '',
  ].join('\n');
}

/** Writes `cli.tfrc` into `dir` and returns its path. */
export function writeCliConfig(dir: string, mirrorPath: string, providers: readonly string[]): string {
  const file = join(dir, 'cli.tfrc');
  writeFileSync(file, renderCliConfig(mirrorPath, providers));
  return file;
}

/**
 * A quoted string for the CLI config, which Terraform reads with HCL 1: backslash escapes as in JSON;
 * no template sequences are interpreted there, so `${` stays as it is.
 */
function hclString(value: string): string {
  return JSON.stringify(value);
}

function subdirectories(dir: string): string[] {
  return safeReaddir(dir).filter((entry) => isDirectory(join(dir, entry)));
}

function safeReaddir(dir: string): string[] {
  try {
    return readdirSync(dir).sort();
  } catch {
    return [];
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
