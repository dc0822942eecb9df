/**
 * `npm run bench [-- --runs N]`: median wall time and peak memory of the project's main jobs, each in
 * fresh processes as a user runs them:
 *   - synth:        the cdktf app alone (main.ts: validate environments, write cdktf.out)
 *   - synth + gate: `npm run synth` (synth, summary, policy gate over source and cdk.tf.json)
 *   - policy gate:  `npm run policy` over the whole repository and the fresh cdktf.out
 *   - validate:     `npm run validate` with every stack planned (`--no-cache`), and again with nothing
 *                   changed (results from the cache); cpu includes the terraform processes. Skipped, with
 *                   the reason, when terraform is not installed.
 * Warm-up runs first (fills the transpile and compile caches), as on a developer's machine.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

interface Job {
  readonly name: string;
  readonly entry: string;
  readonly args?: readonly string[];
  readonly targetMs: number;
  readonly targetMb: number;
  /** Target for the cpu of the process and its children (terraform). @default - none */
  readonly targetCpuMs?: number;
  /** Runs of this job (slow jobs take fewer). @default - --runs */
  readonly runs?: number;
  /** Whether the job runs terraform (skipped with the reason when terraform is missing). */
  readonly terraform?: boolean;
}

interface Sample {
  readonly wallMs: number;
  readonly cpuMs: number;
  readonly maxRssMb: number;
}

const root = join(__dirname, '..');
/** Web stacks the validate jobs check: one per environment file (issue target: 12 cpu-seconds each). */
const webStacks = readdirSync(join(root, 'environments')).filter((name) => /\.ya?ml$/.test(name)).length;
const JOBS: readonly Job[] = [
  { name: 'synth (3 environments)', entry: 'main.ts', targetMs: 1500, targetMb: 300 },
  { name: 'synth + gate (npm run synth)', entry: 'scripts/synth.ts', targetMs: 2500, targetMb: 400 },
  { name: 'policy gate (npm run policy)', entry: 'policies/cli.ts', targetMs: 2000, targetMb: 400 },
  {
    name: `validate, every stack planned (${webStacks} web stacks; --no-cache)`,
    entry: 'scripts/validate.ts',
    args: ['--no-cache'],
    targetMs: 60_000,
    targetMb: 400,
    targetCpuMs: 12_000 * webStacks,
    runs: 3,
    terraform: true,
  },
  { name: 'validate, nothing changed (results from the cache)', entry: 'scripts/validate.ts', targetMs: 5000, targetMb: 400, runs: 5, terraform: true },
];

function runOnce(job: Job): Sample {
  const started = process.hrtime.bigint();
  const child = spawnSync(process.execPath, ['-r', './scripts/register.js', '-r', './scripts/bench-probe.js', job.entry, ...(job.args ?? [])], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, CI: 'true' },
  });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (child.status !== 0) {
    throw new Error(`${job.entry} exited ${child.status}:\n${child.stdout}\n${child.stderr}`);
  }
  const probe = /__bench maxRssKb=(\d+) cpuUs=(\d+)(?: childrenCpuUs=(\d+))?/.exec(child.stderr);
  if (!probe) throw new Error(`${job.entry} did not report its memory (bench-probe not loaded?)`);
  return { wallMs, cpuMs: (Number(probe[2]) + Number(probe[3] ?? 0)) / 1000, maxRssMb: Number(probe[1]) / 1024 };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function main(): void {
  const runsArg = process.argv.indexOf('--runs');
  const runs = runsArg >= 0 ? Number(process.argv[runsArg + 1]) : 7;
  if (!Number.isInteger(runs) || runs < 1) {
    console.error('--runs must be a positive integer');
    process.exitCode = 2;
    return;
  }
  console.log(`node ${process.version}, ${runs} runs per job after one warm-up run\n`);
  console.log('| job | median wall | min–max wall | median cpu | median peak RSS | max peak RSS | target |');
  console.log('| --- | --- | --- | --- | --- | --- | --- |');
  const terraform = spawnSync(process.env.TERRAFORM_BINARY || 'terraform', ['version'], { encoding: 'utf8' });
  for (const job of JOBS) {
    if (job.terraform && terraform.status !== 0) {
      console.log(`| ${job.name} | skipped: terraform does not run (${terraform.error?.message ?? terraform.stderr.trim()}) | | | | | |`);
      continue;
    }
    runOnce(job);
    const samples = Array.from({ length: job.runs ?? runs }, () => runOnce(job));
    const walls = samples.map((s) => s.wallMs);
    const rss = samples.map((s) => s.maxRssMb);
    console.log(
      `| ${job.name} | ${median(walls).toFixed(0)} ms | ${Math.min(...walls).toFixed(0)}–${Math.max(...walls).toFixed(0)} ms | ` +
        `${median(samples.map((s) => s.cpuMs)).toFixed(0)} ms | ${median(rss).toFixed(0)} MB | ${Math.max(...rss).toFixed(0)} MB | ` +
        `< ${job.targetMs} ms${job.targetCpuMs ? `, cpu < ${job.targetCpuMs} ms` : ''}, < ${job.targetMb} MB |`,
    );
  }
}

main();
