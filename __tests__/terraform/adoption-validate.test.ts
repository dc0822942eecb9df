/**
 * The console-tutorial adoption example, checked by real Terraform through the hashicorp/aws provider:
 * every import block's target exists and every attribute is valid. (A plan would need to read AWS to
 * import, so it is validate only, as `npm run validate` does for stacks with import blocks.)
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chooseMirror, listMirror, writeCliConfig } from '../../scripts/terraform/cli-config';
import { REPO_ROOT, synthesize } from '../helpers/synth';

const terraform = spawnSync('terraform', ['version'], { encoding: 'utf8' });
const mirror = chooseMirror(process.env);
const reason = terraform.status !== 0 ? 'terraform is not on PATH' : !mirror ? 'no provider mirror (TF_PLUGIN_MIRROR or /opt/tf-plugins)' : undefined;

function run(args: string[], cwd: string, cliConfig: string) {
  return spawnSync('terraform', args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, TF_CLI_CONFIG_FILE: cliConfig, TF_IN_AUTOMATION: '1', CHECKPOINT_DISABLE: '1' },
  });
}

if (reason) {
  test(`terraform validate of the adoption example (skipped: ${reason})`, () => {
    console.warn(`skipped terraform validate of console-tutorial: ${reason}`);
    expect(reason).toBeTruthy();
  });
} else {
  test('terraform validate accepts the console-tutorial stack with its 14 import blocks', () => {
    const out = synthesize({ files: [join(REPO_ROOT, 'environments', 'examples', 'console-tutorial.yaml')] });
    expect(out.stacks['console-tutorial'].import).toHaveLength(14);
    const work = mkdtempSync(join(tmpdir(), 'ecs-web-stack-adopt-'));
    const stackDir = join(work, 'stack');
    cpSync(join(out.outdir, 'stacks', 'console-tutorial'), stackDir, { recursive: true });
    const cliConfig = writeCliConfig(work, mirror!.path, listMirror(mirror!.path).map((p) => p.address));

    const init = run(['init', '-backend=false', '-input=false', '-no-color'], stackDir, cliConfig);
    expect(init.stderr).toBe('');
    expect(init.status).toBe(0);
    const validate = run(['validate', '-json', '-no-color'], stackDir, cliConfig);
    const result = JSON.parse(validate.stdout) as { valid: boolean; error_count: number; diagnostics: Array<{ summary: string; detail: string }> };
    expect(result.diagnostics.map((d) => `${d.summary}: ${d.detail}`)).toEqual([]);
    expect(result).toMatchObject({ valid: true, error_count: 0 });
  }, 180_000);
}
