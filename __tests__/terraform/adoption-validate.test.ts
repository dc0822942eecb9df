/**
 * The console-tutorial adoption example, checked by real Terraform through the hashicorp/aws provider:
 * every import block's target exists and every attribute is valid. (A plan would need to read AWS to
 * import, so it is validate only, as `npm run validate` does for stacks with import blocks.) Skipped,
 * with the reason, when terraform or the mirror is missing.
 */
import { spawnSync } from 'node:child_process';
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURE_ENVIRONMENTS, synthesize } from '../helpers/synth';
import { tempDir } from '../helpers/temp';
import { terraformForTests } from '../helpers/terraform';

const { binary, withTerraform, skipNote, cliConfig } = terraformForTests('terraform validate of the adoption example', { needsMirror: true });

withTerraform(`terraform validate accepts the console-tutorial stack with its 12 import blocks${skipNote}`, () => {
  const out = synthesize({ files: [join(FIXTURE_ENVIRONMENTS, 'examples', 'console-tutorial.yaml')] });
  expect(out.stacks['console-tutorial'].import).toHaveLength(12);
  const work = tempDir('adopt');
  const stackDir = join(work, 'stack');
  cpSync(join(out.outdir, 'stacks', 'console-tutorial'), stackDir, { recursive: true });
  const env = { ...process.env, TF_CLI_CONFIG_FILE: cliConfig(work), TF_IN_AUTOMATION: '1', CHECKPOINT_DISABLE: '1' };
  const run = (args: string[]) => spawnSync(binary, args, { cwd: stackDir, encoding: 'utf8', env });

  const init = run(['init', '-backend=false', '-input=false', '-no-color']);
  expect(init.stderr).toBe('');
  expect(init.status).toBe(0);
  const result = JSON.parse(run(['validate', '-json', '-no-color']).stdout) as { valid: boolean; error_count: number; diagnostics: Array<{ summary: string; detail: string }> };
  expect(result.diagnostics.map((d) => `${d.summary}: ${d.detail}`)).toEqual([]);
  expect(result).toMatchObject({ valid: true, error_count: 0 });
}, 180_000);
