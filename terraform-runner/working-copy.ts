/**
 * A throwaway copy of one stack directory for terraform to work in, so cdktf.out only ever receives the
 * saved plan JSON: the .terraform directory, lock file, stand-in values, state and plan binary stay in
 * the copy. The copy gets an override file: a local backend at `terraform.tfstate` inside the copy (an
 * override `backend` block replaces the stack's `backend` *or* `cloud` block, so Terraform Cloud is never
 * contacted; the same relative path in every copy lets one `terraform init` serve them all) and, for
 * plans, stub credentials plus the AWS provider's skip flags on every `aws` provider configuration.
 */
import { copyFileSync, cpSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Json, JsonObject } from './stack-info';

export const OVERRIDE_FILE = 'zz_validate_override.tf.json';
export const STAND_INS_FILE = 'stand-ins.auto.tfvars.json';
/** The state file of the copy's local backend (relative to the copy). */
export const STATE_FILE = 'terraform.tfstate';

/** Files never copied: earlier terraform runs in the stack directory, earlier plans. */
const SKIP = /^(\.terraform|\.terraform\.lock\.hcl|plan\.json|plan\.bin|.*\.tfstate(\.backup)?|terraform\.tfstate\.d)$/;

/** Copies `stackDir` into `copyDir` (created) and returns `copyDir`. */
export function copyStack(stackDir: string, copyDir: string): string {
  mkdirSync(copyDir, { recursive: true });
  cpSync(stackDir, copyDir, { recursive: true, filter: (source) => source === stackDir || !SKIP.test(basename(source)) });
  return copyDir;
}

/** The AWS provider settings that let a plan run with no account: nothing is called before apply. */
export const OFFLINE_AWS_SETTINGS: JsonObject = {
  access_key: 'stub',
  secret_key: 'stub',
  skip_credentials_validation: true,
  skip_requesting_account_id: true,
  skip_metadata_api_check: 'true',
  skip_region_validation: true,
};

/** The backend every copy (and the shared init directory) uses: one init fits all of them. */
export const LOCAL_BACKEND: JsonObject = { local: { path: STATE_FILE } };

/**
 * The override file's content. `awsAliases` lists the stack's `aws` provider blocks (undefined = the
 * default one); each gets the offline settings when `offlineAws` is set.
 */
export function overrideFor(awsAliases: readonly (string | undefined)[], offlineAws: boolean): JsonObject {
  const override: JsonObject = { terraform: { backend: LOCAL_BACKEND } };
  if (offlineAws && awsAliases.length > 0) {
    override.provider = { aws: awsAliases.map((alias): Json => (alias ? { alias, ...OFFLINE_AWS_SETTINGS } : { ...OFFLINE_AWS_SETTINGS })) };
  }
  return override;
}

export function writeOverride(copyDir: string, override: JsonObject): void {
  writeFileSync(join(copyDir, OVERRIDE_FILE), `${JSON.stringify(override, null, 2)}\n`);
}

/** Stand-in values as an auto-loaded variables file in the copy (it beats TF_VAR_… in precedence). */
export function writeStandIns(copyDir: string, values: Readonly<Record<string, Json>>): void {
  if (Object.keys(values).length === 0) return;
  writeFileSync(join(copyDir, STAND_INS_FILE), `${JSON.stringify(values, null, 2)}\n`, { mode: 0o600 });
}

/**
 * Gives the copy the providers of a shared `terraform init` (see shared-init.ts): `.terraform` links
 * to the init directory's, the lock file is copied. Terraform then plans without an init of its own.
 */
export function linkInit(copyDir: string, initDir: string): void {
  symlinkSync(join(initDir, '.terraform'), join(copyDir, '.terraform'), process.platform === 'win32' ? 'junction' : 'dir');
  copyFileSync(join(initDir, '.terraform.lock.hcl'), join(copyDir, '.terraform.lock.hcl'));
}

/** Writes a Terraform state (JSON) as the copy's local state. */
export function writeState(copyDir: string, state: unknown): void {
  writeFileSync(join(copyDir, STATE_FILE), `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
}
