/**
 * Whether the real-Terraform tests can run here, decided once per test file: tests that need terraform
 * (and, for offline checks, a provider mirror) run for real when it is present, and are skipped with
 * the reason in their name and on the console when it is not.
 */
import { spawnSync } from 'node:child_process';
import { chooseMirror, listMirror, writeCliConfig } from '../../terraform-runner/cli-config';
import { printNote } from './notes';

export interface TerraformForTests {
  /** The terraform binary: $TERRAFORM_BINARY, else `terraform` on PATH. */
  readonly binary: string;
  /** Why the tests cannot run; undefined when they can. */
  readonly missing?: string;
  /** `test`, or `test.skip` when something is missing. */
  readonly withTerraform: jest.It;
  /** ` (skipped: <reason>)` for test names, or ''. */
  readonly skipNote: string;
  /** Writes a CLI config that installs the mirror's providers into `dir`; returns its path (undefined without a mirror). */
  cliConfig(dir: string): string | undefined;
}

export function terraformForTests(what: string, options: { needsMirror?: boolean } = {}): TerraformForTests {
  const binary = process.env.TERRAFORM_BINARY || 'terraform';
  const version = spawnSync(binary, ['version'], { encoding: 'utf8', env: { ...process.env, TF_CLI_CONFIG_FILE: '/dev/null' } });
  const mirror = chooseMirror(process.env);
  const missing =
    version.status !== 0
      ? `${binary} does not run (${version.error?.message ?? version.stderr.trim()}); install terraform or set TERRAFORM_BINARY`
      : options.needsMirror && !mirror
        ? 'no provider mirror (set TF_PLUGIN_MIRROR, or provide /opt/tf-plugins)'
        : undefined;
  if (missing) printNote(`${what} SKIPPED: ${missing}`);
  return {
    binary,
    missing,
    withTerraform: missing ? test.skip : test,
    skipNote: missing ? ` (skipped: ${missing})` : '',
    cliConfig: (dir) => (mirror ? writeCliConfig(dir, mirror.path, listMirror(mirror.path).map((p) => p.address)) : undefined),
  };
}
