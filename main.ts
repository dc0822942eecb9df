/**
 * Builds the cdktf app: one WebStack per environment file, named after the file's stem.
 * `npm run synth` and the cdktf CLI (cdktf.json's app is scripts/synth.ts) build it through `buildApp`
 * and then run the policy gate; run directly, this file only synthesizes (the benchmark's synth job).
 */
import { App } from 'cdktf';
import { join, resolve } from 'node:path';
import { ConfigError, describeConfigError } from './config/errors';
import { listEnvironmentFiles, loadEnvironments, type EnvironmentConfig } from './config/load';
import { hashDirectory, ImageStack, imageStackName } from './constructs/image-stack';
import { WebStack } from './constructs/web-stack';

export interface BuildOptions {
  /** Directory with one `<env>.yaml` per environment. @default 'environments' */
  readonly environmentsDir?: string;
  /** Explicit environment files instead of a directory. @default - every file in environmentsDir */
  readonly files?: readonly string[];
  /** Output directory. @default - $CDKTF_OUTDIR, else 'cdktf.out' */
  readonly outdir?: string;
  /** Clock for certificate checks. @default - now */
  readonly now?: Date;
  /**
   * Also build an `image-<env>` stack per environment (Docker build and push of sample-app/).
   * @default true
   */
  readonly imageStacks?: boolean;
  /**
   * Let `cdktf diff` plan the web stacks offline with stub credentials (see WebStackOptions.offlinePlan).
   * @default - true only when $ECS_WEB_STACK_OFFLINE_PLAN is 1
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
  const app = new App({ outdir });
  const offlinePlan = options.offlinePlan ?? process.env.ECS_WEB_STACK_OFFLINE_PLAN === '1';
  const stacks = environments.map((env) => new WebStack(app, env, { offlinePlan }));
  const contextHash = options.imageStacks === false ? undefined : hashDirectory(SAMPLE_APP_DIR);
  const imageStacks =
    options.imageStacks === false
      ? []
      : environments.map(
          (env) =>
            new ImageStack(app, env, { contextDir: SAMPLE_APP_DIR, contextHash, stackOutdir: join(outdir, 'stacks', imageStackName(env.name)) }),
        );
  return { app, stacks, imageStacks, environments };
}

/** Synthesis alone, without the gate: synthesize or print the configuration errors and exit 1. */
function main(): void {
  try {
    const { app, environments } = buildApp();
    for (const env of environments) for (const warning of env.warnings) console.warn(`warning: ${warning}`);
    app.synth();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(describeConfigError(error));
      process.exitCode = 1;
      return;
    }
    throw error;
  }
}

if (require.main === module) main();
