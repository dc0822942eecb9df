/**
 * Plans without an AWS account (`npm run plan -- <env>` or `npx cdktf diff <env>` on a machine with stub
 * credentials): the Terraform variable `offline_plan` makes the AWS provider skip its own AWS calls
 * (credential validation, account ID, metadata API, region check) and sends any other call to a closed
 * port, so the mode can plan but never change anything. It is a plan-time switch
 * (`TF_VAR_offline_plan=true`), so the synthesized stacks are the same with or without it: nothing of an
 * offline plan is ever written into cdktf.out, where a later `cdktf deploy --skip-synth` would use it.
 */
import type { AwsProviderConfig } from '@cdktf/provider-aws/lib/provider';
import { Fn, TerraformVariable, Token } from 'cdktf';
import type { Construct } from 'constructs';
import { ConfigError } from '../config/errors';

export const OFFLINE_PLAN_VARIABLE = 'offline_plan';

/** The environment variable an earlier version read at synth time (it wrote the skip flags into the stack). */
export const RETIRED_OFFLINE_SWITCH = 'ECS_WEB_STACK_OFFLINE_PLAN';

/** The `offline_plan` variable of a stack (false unless a plan sets it). */
export function offlinePlanVariable(scope: Construct, byDefault = false): TerraformVariable {
  const variable = new TerraformVariable(scope, 'offline-plan', {
    type: 'bool',
    default: byDefault,
    nullable: false,
    description:
      'Plan with stub credentials and no AWS account: the AWS provider skips its own AWS calls. Only for offline checks (TF_VAR_offline_plan=true); a deploy leaves it false.',
  });
  variable.overrideLogicalId(OFFLINE_PLAN_VARIABLE);
  return variable;
}

/** Where an offline plan's provider sends any AWS call: a closed port, so nothing can be changed. */
export const OFFLINE_PROXY = 'http://127.0.0.1:9';

/**
 * The AWS provider's settings, each following the variable. Offline: the skip flags, no account
 * allow-list (the provider cannot check an account it does not ask for, and refuses the run), and a
 * proxy on a closed port, so a run that should have been a plan cannot reach AWS: an apply fails at
 * its first call, before anything changes. Otherwise: the allow-list (`accountIds`), no proxy of its own.
 */
export function offlineProviderSettings(variable: TerraformVariable, accountIds?: readonly string[]): Partial<AwsProviderConfig> {
  const offline = variable.booleanValue;
  const proxy = Fn.conditional(offline, OFFLINE_PROXY, null) as string;
  return {
    skipCredentialsValidation: offline,
    skipRequestingAccountId: offline,
    skipMetadataApiCheck: Fn.conditional(offline, 'true', 'false') as string,
    skipRegionValidation: offline,
    httpProxy: proxy,
    httpsProxy: proxy,
    ...(accountIds && accountIds.length > 0 ? { allowedAccountIds: Token.asList(Fn.conditional(offline, null, [...accountIds])) } : {}),
  };
}

/** Fails (a configuration error with the way to do it now) when the retired switch is set. */
export function rejectRetiredOfflineSwitch(env: NodeJS.ProcessEnv): void {
  const value = env[RETIRED_OFFLINE_SWITCH];
  if (value === undefined || value === '' || value === '0') return;
  throw new ConfigError([
    {
      file: `${RETIRED_OFFLINE_SWITCH}=${value}`,
      field: '',
      message:
        'is no longer read: synthesis no longer writes offline settings into the stacks (cdktf.out must never hold them). ' +
        'Set TF_VAR_offline_plan=true for the plan instead, e.g. TF_VAR_offline_plan=true npm run plan -- <env>',
    },
  ]);
}
