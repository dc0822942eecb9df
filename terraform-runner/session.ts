/**
 * What every terraform process of one run shares: the binary, where providers come from (the mirror's
 * CLI config), the cleaned environment, a temp directory for working copies, the cap on parallel
 * terraform processes and the shared `terraform init`s. `npm run validate`, the change plans and
 * `planAgainstState` all open one.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { chooseMirror, listMirror, writeCliConfig, type MirroredProvider } from './cli-config';
import { createSemaphore } from './pool';
import { providerServerPool, type ProviderBinary, type ProviderUse } from './provider-servers';
import { registryProbe, type RegistryProbe } from './registry-probe';
import { findTerraform, runTerraform, terraformEnv, type RunResult, type TerraformBinary } from './run-terraform';
import { sharedInits, type SharedInits } from './shared-init';

/** Running provider processes a command may attach to, and how it uses them. */
export interface ProviderAttachment {
  readonly binaries: readonly ProviderBinary[];
  readonly use: ProviderUse;
}

export interface TerraformSession {
  readonly terraform: TerraformBinary;
  /** Environment for the terraform processes (see terraformEnv). */
  readonly env: NodeJS.ProcessEnv;
  /** The mirror in use and what it holds; undefined: providers come from the registry. */
  readonly mirror?: { readonly path: string; readonly providers: readonly MirroredProvider[] };
  readonly probe: RegistryProbe;
  /** Temp directory of this run: the CLI config, the init directories, one working copy per stack. */
  readonly workRoot: string;
  /** Terraform processes allowed at once (each loads a provider: about one core's worth of work). */
  readonly parallel: number;
  readonly inits: SharedInits;
  /**
   * Runs terraform in `cwd` once a process slot is free; `onStart` fires when it starts. With `attach`,
   * the command uses running provider processes (see provider-servers.ts) instead of starting its own.
   */
  run(cwd: string, args: string[], onStart?: () => void, attach?: ProviderAttachment): Promise<RunResult>;
  /** Removes the temp directory (unless the session keeps it). */
  close(): void;
}

export interface SessionOptions {
  /** @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  /** Keep the temp directory after close (for `--keep`). @default false */
  readonly keep?: boolean;
  /** @default - one per core */
  readonly parallel?: number;
  /** Answers warnings (a mirror without providers for this platform). @default - console.warn */
  readonly warn?: (message: string) => void;
  /** Let commands attach to running provider processes (provider-servers.ts). @default true */
  readonly attachProviders?: boolean;
}

/**
 * Finds terraform (throws TerraformMissing), chooses the provider mirror (throws when TF_PLUGIN_MIRROR
 * names a missing directory) and prepares the temp directory.
 */
export async function openSession(options: SessionOptions = {}): Promise<TerraformSession> {
  const base = options.env ?? process.env;
  const terraform = await findTerraform(base);
  let mirror: { path: string; providers: MirroredProvider[] } | undefined;
  const chosen = chooseMirror(base);
  if (chosen) {
    const providers = listMirror(chosen.path);
    if (providers.length > 0) mirror = { path: chosen.path, providers };
    else (options.warn ?? console.warn)(`warning: the mirror ${chosen.path} holds no provider for this platform; using the registry`);
  }
  const workRoot = mkdtempSync(join(tmpdir(), 'ecs-web-stack-terraform-'));
  const cliConfig = mirror ? writeCliConfig(workRoot, mirror.path, mirror.providers.map((p) => p.address)) : undefined;
  const env = terraformEnv(base, cliConfig);
  const parallel = Math.max(1, options.parallel ?? availableParallelism());
  const slot = createSemaphore(parallel);
  const servers = providerServerPool(env, parallel);
  const run = async (cwd: string, args: string[], onStart?: () => void, attach?: ProviderAttachment): Promise<RunResult> => {
    const release = await slot();
    const borrowed = attach && options.attachProviders !== false ? await servers.borrow(attach.binaries, attach.use) : undefined;
    onStart?.();
    try {
      const result = await runTerraform(terraform.path, args, { cwd, env: borrowed ? { ...env, TF_REATTACH_PROVIDERS: borrowed.env } : env });
      // Attaching failed (not the command itself): run it again the usual way.
      if (borrowed && result.code !== 0 && /reattach|Failed to (instantiate|load) (the )?provider|plugin (did not respond|exited)/i.test(result.stderr + result.stdout)) {
        return await runTerraform(terraform.path, args, { cwd, env });
      }
      return result;
    } finally {
      borrowed?.release();
      release();
    }
  };
  return {
    terraform,
    env,
    ...(mirror ? { mirror } : {}),
    probe: registryProbe(base),
    workRoot,
    parallel,
    inits: sharedInits(join(workRoot, 'inits'), (cwd, args) => run(cwd, args)),
    run,
    close() {
      servers.close();
      if (!options.keep) rmSync(workRoot, { recursive: true, force: true });
    },
  };
}

/** One line on where providers come from, for the start of a run's output. */
export function describeSession(session: TerraformSession): string {
  const source = session.mirror
    ? `providers from the mirror ${session.mirror.path} (${session.mirror.providers
        .map((p) => `${p.address.replace(/^registry\.terraform\.io\//, '')} ${p.versions.join('/')}`)
        .join(', ')}), others from the registry`
    : 'providers from the registry';
  return `terraform ${session.terraform.version} (${session.terraform.path}) · ${source} · up to ${session.parallel} terraform processes at a time`;
}
