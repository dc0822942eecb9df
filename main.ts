/**
 * Builds the cdktf app: one WebStack per environment file, named after the file's stem.
 * `npm run synth` and the cdktf CLI (cdktf.json's app is scripts/synth.ts) build it through `buildApp`
 * and then run the policy gate; run directly, this file only synthesizes (the benchmark's synth job).
 */
import { App } from 'cdktf';
import { join, resolve } from 'node:path';
import { ConfigError } from './config/errors';
import { listEnvironmentFiles, loadEnvironments, type EnvironmentConfig } from './config/load';
import { hashDirectory, ImageStack, imageStackName } from './constructs/image-stack';
import { rejectRetiredOfflineSwitch } from './constructs/offline-plan';
import { PROJECT_ROOT, STATE_DIR_CONTEXT } from './constructs/stack-backend';
import { WebStack } from './constructs/web-stack';

export interface BuildOptions {
  /** Directory with one `<env>.yaml` per environment. @default 'environments' */
  readonly environmentsDir?: string;
  /** Explicit environment files instead of a directory. @default - every file in environmentsDir */
  readonly files?: readonly string[];
  /** Output directory. @default - $CDKTF_OUTDIR, else 'cdktf.out' */
  readonly outdir?: string;
  /**
   * Directory of local state (`terraform.<stack>.tfstate`), written into each local backend as an
   * absolute path. @default - the project root, where cdktf's own LocalBackend keeps it
   */
  readonly stateDir?: string;
  /** Clock for certificate checks. @default - now */
  readonly now?: Date;
  /**
   * Also build an `image-<env>` stack per environment (Docker build and push of sample-app/).
   * @default true
   */
  readonly imageStacks?: boolean;
  /**
   * Default of the web stacks' `offline_plan` variable (see WebStackOptions.offlinePlan); plans set the
   * variable instead (TF_VAR_offline_plan=true), so what is synthesized does not depend on it.
   * @default false
   */
  readonly offlinePlan?: boolean;
}

export interface BuiltApp {
  readonly app: App;
  readonly stacks: WebStack[];
  readonly imageStacks: ImageStack[];
  readonly environments: EnvironmentConfig[];
}

/** The app image's build context. */
export const SAMPLE_APP_DIR = join(__dirname, 'sample-app');

/** Loads and validates every environment first (throws ConfigError), then builds the stacks. */
export function buildApp(options: BuildOptions = {}): BuiltApp {
  const files = options.files ?? listEnvironmentFiles(options.environmentsDir ?? 'environments');
  if (files.length === 0) {
    throw new ConfigError([{ file: options.environmentsDir ?? 'environments', field: '', message: 'holds no <env>.yaml file; add one per environment' }]);
  }
  const environments = loadEnvironments(files, { now: options.now });
  const outdir = resolve(options.outdir ?? process.env.CDKTF_OUTDIR ?? join(process.cwd(), 'cdktf.out'));
  const app = new App({ outdir, context: { [STATE_DIR_CONTEXT]: resolve(options.stateDir ?? PROJECT_ROOT) } });
  rejectRetiredOfflineSwitch(process.env);
  const stacks = environments.map((env) => new WebStack(app, env, { offlinePlan: options.offlinePlan ?? false }));
  // One hash per build context and synth: environments and services often build the same one.
  const hashes = new Map<string, string>();
  const contextHash = (dir: string): string => {
    if (!hashes.has(dir)) hashes.set(dir, hashDirectory(dir));
    return hashes.get(dir)!;
  };
  const imageStacks =
    options.imageStacks === false
      ? []
      : environments.map(
          (env) =>
            new ImageStack(app, env, {
              contextDir: SAMPLE_APP_DIR,
              serviceContextDirs: env.buildContexts,
              contextHash,
              stackOutdir: join(outdir, 'stacks', imageStackName(env.name)),
            }),
        );
  return { app, stacks, imageStacks, environments };
}

/**
 * Synthesis alone, without the gate (the benchmark's synth job; the cdktf CLI runs scripts/synth.ts):
 * the same synthesis as `npm run synth` — lock, state kept safe, output swapped in whole. Exit 1 on a
 * configuration error, 2 when the output cannot be written, 130 on Ctrl-C.
 */
async function main(): Promise<number> {
  // Loaded here, not at the top: scripts/synthesize-app imports buildApp from this file.
  const { synthesizeApp, runByCdktfCli } = await import('./scripts/synthesize-app');
  const outdir = resolve(process.env.CDKTF_OUTDIR ?? join(process.cwd(), 'cdktf.out'));
  const result = await synthesizeApp(process.cwd(), outdir, { stateDir: PROJECT_ROOT, keepStaleStacks: runByCdktfCli() });
  return result.ok ? 0 : result.exitCode;
}

if (require.main === module) {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
      process.exitCode = 2;
    },
  );
}
