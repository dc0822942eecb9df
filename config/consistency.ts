/**
 * Checks across the fields of one environment file that AWS would otherwise make at apply time, after
 * half the stack exists: Availability Zones of another region, an unusable trust policy, a health check
 * that outlasts its own interval, a task definition over ECS's size limit, an account that does not
 * match the ARNs the file names.
 */
import type { z } from 'zod';
import { accountOfArn } from './patterns';
import type { EnvironmentFile } from './schema';
import { serviceSpecs } from './services';

/** ECS rejects a task definition larger than 64 KiB; the rest of it takes well under 4 KiB. */
export const MAX_ENVIRONMENT_JSON_BYTES = 60 * 1024;

type Context = z.core.$RefinementCtx<EnvironmentFile>;

export function checkConsistency(env: EnvironmentFile, ctx: Context): void {
  const issue = (path: PropertyKey[], message: string) => ctx.addIssue({ code: 'custom', path, message });

  if (env.production && env.accountId === undefined) {
    issue(['accountId'], 'is required when production is true: the 12-digit AWS account ID (in quotes) this environment may be applied to; the provider then refuses credentials of any other account');
  }

  env.network.create?.availabilityZones.forEach((zone, index) => {
    if (!zone.startsWith(`${env.region}`) || !/^[a-z]$/.test(zone.slice(env.region.length))) {
      issue(['network', 'create', 'availabilityZones', index], `"${zone}" is not an Availability Zone of region ${env.region}; use ${env.region}a, ${env.region}b, …`);
    }
  });

  const role = env.registry.ciPushRole;
  if (role && role.branches.length === 0 && role.githubEnvironments.length === 0) {
    issue(['registry', 'ciPushRole', 'branches'], 'is empty and so is githubEnvironments: no workflow could assume the role; list at least one branch or GitHub environment');
  }

  for (const spec of serviceSpecs(env)) {
    const { task, taskPath } = spec;
    const check = task.healthCheck;
    if (check.timeoutSeconds >= check.intervalSeconds) {
      issue([...taskPath, 'healthCheck', 'timeoutSeconds'], `(${check.timeoutSeconds}) must be less than intervalSeconds (${check.intervalSeconds}): a check may not run longer than the time between two checks`);
    }
    const containerVariables = JSON.stringify([
      Object.entries(task.environment).map(([name, value]) => ({ name, value })),
      Object.entries(task.secrets).map(([name, valueFrom]) => ({ name, valueFrom })),
    ]);
    const size = Buffer.byteLength(containerVariables, 'utf8');
    if (size > MAX_ENVIRONMENT_JSON_BYTES) {
      const where = taskPath.join('.');
      issue([...taskPath, 'environment'], `with ${where}.secrets takes ${Math.ceil(size / 1024)} KiB in the task definition; ECS rejects task definitions over 64 KiB, so variables may take at most ${MAX_ENVIRONMENT_JSON_BYTES / 1024} KiB; keep large values in Secrets Manager, SSM Parameter Store or S3`);
    }
  }

  if (env.accountId !== undefined) {
    const sameAccount = (path: PropertyKey[], arn: string | undefined, what: string) => {
      const account = arn === undefined ? undefined : accountOfArn(arn);
      if (account !== undefined && account !== env.accountId) {
        issue(path, `names account ${account}, but accountId is ${env.accountId}: ${what} must be in the environment's own account`);
      }
    };
    sameAccount(['registry', 'ciPushRole', 'oidcProviderArn'], role?.oidcProviderArn, 'the OIDC provider a role trusts');
    for (const [key, value] of Object.entries(env.imports ?? {})) {
      if (typeof value === 'string') sameAccount(['imports', key], value, 'a resource the stack adopts');
    }
  }
}
