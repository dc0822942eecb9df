/**
 * `npx cdktf diff <stack>` without an AWS account: with ECS_WEB_STACK_OFFLINE_PLAN=1 the web stacks' AWS
 * provider skips its own AWS calls (credential validation, account ID, metadata API, region check), so
 * the plan runs with stub credentials. Those settings are written into the synthesized stack, so they
 * must never reach cdktf.out, where a later `cdktf deploy --skip-synth` would use them: the variable is
 * refused unless the cdktf CLI writes elsewhere (`--output <a temporary directory>`).
 */
import { isAbsolute, relative, resolve } from 'node:path';
import { ConfigError } from '../config/errors';

export const OFFLINE_PLAN_VARIABLE = 'ECS_WEB_STACK_OFFLINE_PLAN';

/** The AWS provider settings of an offline plan (never for a real deploy). */
export const OFFLINE_PROVIDER_SETTINGS = {
  skipCredentialsValidation: true,
  skipRequestingAccountId: true,
  skipMetadataApiCheck: 'true',
  skipRegionValidation: true,
} as const;

/**
 * Whether the environment asks for an offline plan. Throws a ConfigError when it does and the output is
 * the project's cdktf.out (or unknown: only the cdktf CLI sets CDKTF_OUTDIR, to its --output).
 */
export function offlinePlanRequested(env: NodeJS.ProcessEnv, projectRoot: string): boolean {
  if (env[OFFLINE_PLAN_VARIABLE] !== '1') return false;
  const shared = resolve(projectRoot, 'cdktf.out');
  const target = env.CDKTF_OUTDIR ? resolve(env.CDKTF_OUTDIR) : undefined;
  const inside = target !== undefined && (() => {
    const rest = relative(shared, target);
    return rest === '' || (!rest.startsWith('..') && !isAbsolute(rest));
  })();
  if (target === undefined || inside) {
    throw new ConfigError([
      {
        file: `${OFFLINE_PLAN_VARIABLE}=1`,
        field: '',
        message:
          'puts stub credentials and skip flags into the synthesized stacks, so it only works with `npx cdktf diff <stack> --output <a directory outside cdktf.out>` ' +
          '(e.g. --output "$(mktemp -d)"); cdktf.out must never hold them, as a later deploy would use them',
      },
    ]);
  }
  return true;
}
