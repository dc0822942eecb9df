import { CloudBackend, LocalBackend, NamedCloudWorkspace, type TerraformStack } from 'cdktf';
import { join, resolve } from 'node:path';

/** The project root: where cdktf's own LocalBackend keeps `terraform.<stack>.tfstate` (it runs the app from there). */
export const PROJECT_ROOT = resolve(__dirname, '..');
/** App context key that overrides the directory of local state (tests, other project layouts). */
export const STATE_DIR_CONTEXT = 'ecs-web-stack:stateDir';

/** Where the local backend of stack `stackName` keeps its state: `<stateDir>/terraform.<stack>.tfstate`. */
export function localStatePath(stateDir: string, stackName: string): string {
  return join(stateDir, `terraform.${stackName}.tfstate`);
}

/** Where a stack keeps its state. */
export type BackendChoice =
  | { readonly kind: 'local' }
  | { readonly kind: 'cloud'; readonly hostname: string; readonly organization: string; readonly workspace: string; readonly project?: string };

export interface TerraformCloudSettings {
  readonly organization?: string;
  readonly project?: string;
  readonly workspace?: string;
  readonly hostname?: string;
}

/**
 * Chooses the backend: Terraform Cloud (HCP Terraform) when the environment file or
 * $TF_CLOUD_ORGANIZATION names an organization, else local state. The environment variables are the
 * ones Terraform itself reads (TF_CLOUD_ORGANIZATION, TF_CLOUD_PROJECT, TF_CLOUD_HOSTNAME); the file wins.
 */
export function chooseBackend(
  settings: TerraformCloudSettings | undefined,
  defaultWorkspace: string,
  env: NodeJS.ProcessEnv = process.env,
): BackendChoice {
  const organization = settings?.organization ?? nonEmpty(env.TF_CLOUD_ORGANIZATION);
  if (!organization) return { kind: 'local' };
  return {
    kind: 'cloud',
    organization,
    hostname: settings?.hostname ?? nonEmpty(env.TF_CLOUD_HOSTNAME) ?? 'app.terraform.io',
    workspace: settings?.workspace ?? defaultWorkspace,
    project: settings?.project ?? nonEmpty(env.TF_CLOUD_PROJECT),
  };
}

/**
 * Adds the chosen backend to the stack. Local state lives where cdktf's default LocalBackend keeps it,
 * `terraform.<stack>.tfstate` in the project root (gitignored), as an absolute path: never inside
 * cdktf.out, which synthesis replaces and users delete. `npx cdktf deploy <stack>` and the project's
 * own commands therefore read and write the same file.
 */
export function applyBackend(stack: TerraformStack, choice: BackendChoice): void {
  if (choice.kind === 'local') {
    const stateDir = (stack.node.tryGetContext(STATE_DIR_CONTEXT) as string | undefined) ?? PROJECT_ROOT;
    new LocalBackend(stack, { path: localStatePath(stateDir, stack.node.id) });
    return;
  }
  new CloudBackend(stack, {
    hostname: choice.hostname,
    organization: choice.organization,
    workspaces: new NamedCloudWorkspace(choice.workspace, choice.project),
  });
}

function nonEmpty(value: string | undefined): string | undefined {
  return value && value.trim() ? value.trim() : undefined;
}
