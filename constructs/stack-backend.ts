import { CloudBackend, LocalBackend, NamedCloudWorkspace, type TerraformStack } from 'cdktf';

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

/** Adds the chosen backend to the stack. Local state lives next to the stack's output. */
export function applyBackend(stack: TerraformStack, choice: BackendChoice): void {
  if (choice.kind === 'local') {
    new LocalBackend(stack, { path: `terraform.${stack.node.id}.tfstate` });
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
