/**
 * Finding the terraform binary and running it: one child process per call, output captured, the
 * environment cleaned of settings that would change what an offline check sees.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join, resolve } from 'node:path';

export interface TerraformBinary {
  readonly path: string;
  readonly version: string;
}

export class TerraformMissing extends Error {
  constructor(reason: string) {
    super(`${reason}\n${INSTALL_HELP}`);
    this.name = 'TerraformMissing';
  }
}

export const INSTALL_HELP = [
  'Install Terraform (1.5 or newer; this project is checked with 1.11.4), then run again:',
  '  - Debian/Ubuntu: HashiCorp\'s apt repository, https://developer.hashicorp.com/terraform/install#linux',
  '      (add apt.releases.hashicorp.com with its signing key, then `sudo apt-get install terraform`)',
  '  - macOS: `brew tap hashicorp/tap && brew install hashicorp/tap/terraform`',
  '  - anywhere: the zip from https://releases.hashicorp.com/terraform/ (unzip the single binary onto your PATH)',
  'Or point TERRAFORM_BINARY at a terraform binary: TERRAFORM_BINARY=/path/to/terraform npm run validate',
].join('\n');

/** `TERRAFORM_BINARY` when set, else `terraform` on PATH; checks that it runs and reads its version. */
export async function findTerraform(env: NodeJS.ProcessEnv = process.env): Promise<TerraformBinary> {
  const named = env.TERRAFORM_BINARY?.trim();
  let path: string | undefined;
  if (named) {
    path = isAbsolute(named) || named.includes('/') ? resolve(named) : searchPath(named, env.PATH);
    if (!path || !isExecutable(path)) throw new TerraformMissing(`TERRAFORM_BINARY is ${named}, which is not an executable file.`);
  } else {
    path = searchPath('terraform', env.PATH);
    if (!path) throw new TerraformMissing('terraform was not found on PATH.');
  }
  // `terraform version` also asks HashiCorp's checkpoint service for a newer release (and writes
  // ~/.terraform.d/checkpoint_signature): not for a version check that must work offline.
  const result = await runTerraform(path, ['version', '-json'], { cwd: process.cwd(), env: { ...env, TF_CLI_CONFIG_FILE: '/dev/null', CHECKPOINT_DISABLE: env.CHECKPOINT_DISABLE ?? '1' } });
  if (result.code !== 0) throw new TerraformMissing(`${path} did not run (\`terraform version\` exited ${result.code}): ${result.stderr.trim()}`);
  let version = 'unknown';
  try {
    version = String((JSON.parse(result.stdout) as { terraform_version?: string }).terraform_version ?? version);
  } catch {
    // Very old releases have no -json; the checks still try them.
  }
  return { path, version };
}

function searchPath(name: string, pathVariable: string | undefined): string | undefined {
  for (const dir of (pathVariable ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * The environment for terraform processes of this run. Dropped: TF_VAR_* (plans take stand-ins only, so
 * no real secret reaches plan.json), TF_WORKSPACE (selects a workspace the working copy does not have),
 * TF_CLI_ARGS* (would add flags to every command), TF_DATA_DIR (the copy keeps its own .terraform).
 * Set: TF_IN_AUTOMATION, TF_INPUT=0, TF_CLI_CONFIG_FILE when a mirror config was written, and
 * CHECKPOINT_DISABLE=1 unless the user set it (no update check: the runs are offline, and the check
 * writes into the home directory).
 */
export function terraformEnv(base: NodeJS.ProcessEnv, cliConfigFile?: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(base)) {
    if (/^TF_VAR_/i.test(key) || key === 'TF_WORKSPACE' || /^TF_CLI_ARGS/.test(key) || key === 'TF_DATA_DIR') continue;
    env[key] = value;
  }
  env.TF_IN_AUTOMATION = '1';
  env.TF_INPUT = '0';
  env.CHECKPOINT_DISABLE ??= '1';
  if (cliConfigFile) env.TF_CLI_CONFIG_FILE = cliConfigFile;
  return env;
}

export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly seconds: number;
}

const running = new Set<ChildProcess>();
let stopped = false;

/**
 * Runs terraform to completion; never rejects for a non-zero exit (the caller reads `code`). After
 * stopRunning, starts nothing and answers code 130.
 */
export function runTerraform(binary: string, args: readonly string[], options: { cwd: string; env: NodeJS.ProcessEnv }): Promise<RunResult> {
  const started = Date.now();
  if (stopped) return Promise.resolve({ code: 130, stdout: '', stderr: `terraform ${args[0] ?? ''} not started: interrupted`, seconds: 0 });
  return new Promise((resolvePromise, reject) => {
    const child = spawn(binary, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
    running.add(child);
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', (error) => {
      running.delete(child);
      reject(error);
    });
    child.on('close', (code, signal) => {
      running.delete(child);
      resolvePromise({
        code: code ?? (signal ? 128 : 1),
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8') + (signal ? `\n(terraform stopped by ${signal})` : ''),
        seconds: (Date.now() - started) / 1000,
      });
    });
  });
}

/**
 * Stops the terraform processes this module started (on Ctrl-C; Terraform stops a plan gracefully on
 * SIGINT, quick commands such as validate finish first) and starts no new one.
 */
export function stopRunning(signal: NodeJS.Signals = 'SIGINT'): void {
  stopped = true;
  for (const child of running) child.kill(signal);
}
