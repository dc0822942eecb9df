import { AwsProvider, type AwsProviderConfig } from '@cdktf/provider-aws/lib/provider';
import { TerraformLocal, type TerraformStack } from 'cdktf';
import type { EnvironmentConfig } from '../config/load';

/** Value of the `managed-by` tag on every resource. */
export const MANAGED_BY = 'ecs-web-stack';

/**
 * What every stack of an environment starts with: the AWS provider for its region with the default
 * tags (application, environment, managed-by, plus the file's tags), restricted to the file's
 * `accountId` when it names one (`allowed_account_ids`: credentials of any other account fail before
 * anything is read or changed), and `local.production`, which the policy gate's synth and plan layers
 * read to apply production rules to the stack.
 */
export function addEnvironmentBasics(stack: TerraformStack, env: EnvironmentConfig, provider: Partial<AwsProviderConfig> = {}): AwsProvider {
  new TerraformLocal(stack, 'production', env.production).overrideLogicalId('production');
  // A provider that skips asking for its account ID (offline plans) cannot check it: the allow-list
  // would then reject every run, so it is left out there and only there.
  const allowedAccountIds = env.accountId !== undefined && provider.skipRequestingAccountId !== true ? [env.accountId] : undefined;
  return new AwsProvider(stack, 'aws', {
    region: env.region,
    allowedAccountIds,
    defaultTags: [{ tags: { ...env.tags, application: env.app, environment: env.name, 'managed-by': MANAGED_BY } }],
    ...provider,
  });
}
