/**
 * plan, deploy and destroy as users run them: check the command line, synthesize and gate exactly as
 * `npm run synth` does (a configuration or policy error stops here, before Terraform is involved), check
 * what would stop a destroy half-way, then run the cdktf CLI on that output with `--skip-synth`.
 */
import { spawn as spawnProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { synthesizeAndGate } from '../scripts/synthesize-app';
import { destroyChecks } from './destroy-checks';
import { cdktfArguments, environmentNames, parseStackCommand, StackCommandUsageError, usage, type Verb } from './stack-command';

/** Starts the cdktf CLI and resolves with its exit code. */
export type RunCdktf = (binary: string, args: readonly string[], options: { cwd: string; env: NodeJS.ProcessEnv }) => Promise<number>;

export interface RunOptions {
  /** The project: environments/, cdktf.json, node_modules/.bin/cdktf. */
  readonly root: string;
  /** @default - spawns the CLI with the terminal attached */
  readonly runCdktf?: RunCdktf;
  /** @default process.env */
  readonly env?: NodeJS.ProcessEnv;
}

export async function runStackCommand(verb: Verb, argv: readonly string[], options: RunOptions): Promise<number> {
  const { root } = options;
  const environmentsDir = join(root, 'environments');
  let command;
  try {
    if (argv.includes('--help') || argv.includes('-h')) {
      console.log(usage(verb));
      return 0;
    }
    command = parseStackCommand(verb, argv, environmentNames(environmentsDir));
  } catch (error) {
    if (!(error instanceof StackCommandUsageError)) throw error;
    console.error(`error: ${error.message}\n\n${usage(verb)}`);
    return 2;
  }
  const cdktf = join(root, 'node_modules', '.bin', 'cdktf');
  if (!existsSync(cdktf)) {
    console.error(`error: the cdktf CLI is not installed (${cdktf} is missing); run npm ci`);
    return 2;
  }

  const outdir = join(root, 'cdktf.out');
  const gate = await synthesizeAndGate(root, outdir);
  if (gate !== 0) {
    console.error(`${verb} ${command.stack}: stopped before Terraform: ${gate === 1 ? 'a configuration or policy error (above)' : 'the policy gate could not run (above)'}.`);
    return gate;
  }

  if (verb === 'destroy') {
    const environment = command.stack.replace(/^image-/, '');
    const environmentFile = `environments/${environment}.yaml`;
    const checks = destroyChecks(outdir, command.stack, environmentFile);
    for (const note of checks.notes) console.log(`note: ${note}`);
    if (checks.blockers.length > 0) {
      console.error(`destroy ${command.stack}: stopped before Terraform; the destroy would fail half-way:`);
      for (const blocker of checks.blockers) console.error(`  - ${blocker}`);
      return 1;
    }
  }

  const args = cdktfArguments(command);
  console.log(`\n$ npx cdktf ${args.join(' ')}`);
  const env = { ...(options.env ?? process.env) };
  // cdktf and terraform ask checkpoint-api.hashicorp.com for news on every run; offline, cdktf prints an
  // [ERROR] for it. Off unless the user has set CHECKPOINT_DISABLE themselves.
  env.CHECKPOINT_DISABLE ??= '1';
  return (options.runCdktf ?? spawnCdktf)(cdktf, args, { cwd: root, env });
}

const spawnCdktf: RunCdktf = (binary, args, { cwd, env }) =>
  new Promise((resolve, reject) => {
    const child = spawnProcess(binary, args, { cwd, env, stdio: 'inherit' });
    // Ctrl-C reaches the CLI through the terminal; this process just waits for it to finish.
    const ignore = () => undefined;
    process.on('SIGINT', ignore);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      process.off('SIGINT', ignore);
      resolve(code ?? (signal === 'SIGINT' ? 130 : 1));
    });
  });
