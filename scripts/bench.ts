/**
 * `npm run bench [-- --runs N]`: median wall time and peak memory of the project's main jobs, each in
 * fresh processes as a user runs them:
 *   - synth:        the cdktf app alone (main.ts: validate environments, write cdktf.out), labelled
 *                   with the number of files in environments/
 *   - synth + gate: `npm run synth` (synth, summary, policy gate over source and cdk.tf.json), with the
 *                   source analysed afresh (POLICY_NO_CACHE=1), and with the TypeScript unchanged since
 *                   the last run (the stored source analysis reused), the daily loop of editing
 *                   environment files
 *   - policy gate:  `npm run policy` over the whole repository and the fresh cdktf.out, the same two ways
 *   - validate:     `npm run validate` with every stack planned (`--no-cache`), and again with nothing
 *                   changed (results from the cache); cpu includes the terraform processes. Skipped, with
 *                   the reason, when terraform is not installed.
 * Warm-up runs first (fills the transpile and compile caches), as on a developer's machine. Progress
 * goes to stderr as each job runs; the table to stdout at the end.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { listEnvironmentFiles } from '../config/load';

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
  /** Extra environment variables. @default - none */
  readonly env?: Readonly<Record<string, string>>;
}

interface Sample {
  readonly wallMs: number;
  readonly cpuMs: number;
  readonly maxRssMb: number;
}

const root = join(__dirname, '..');
const environmentCount = listEnvironmentFiles(join(root, 'environments')).length;
const JOBS: readonly Job[] = [
  { name: `synth (${environmentCount} environments, ${environmentCount * 2} stacks)`, entry: 'main.ts', targetMs: 1500, targetMb: 300 },
  { name: 'synth + gate (npm run synth), source analysed', entry: 'scripts/synth.ts', env: { POLICY_NO_CACHE: '1' }, targetMs: 2500, targetMb: 400 },
  { name: 'synth + gate (npm run synth), source unchanged (analysis reused)', entry: 'scripts/synth.ts', targetMs: 2500, targetMb: 400 },
  { name: 'policy gate (npm run policy --no-cache), source analysed', entry: 'policies/cli.ts', args: ['--no-cache'], targetMs: 2000, targetMb: 400 },
  { name: 'policy gate (npm run policy), source unchanged (analysis reused)', entry: 'policies/cli.ts', targetMs: 1500, targetMb: 250 },
  {
    // Target: 12 cpu-seconds per web stack on a first run.
    name: `validate, every stack planned (${environmentCount} web stacks; --no-cache)`,
    entry: 'scripts/validate.ts',
    args: ['--no-cache'],
    targetMs: 60_000,
    targetMb: 400,
    targetCpuMs: 12_000 * environmentCount,
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
    env: { ...process.env, CI: 'true', ...job.env },
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
  // Progress on stderr while the jobs run (a line per job, updated in place on a terminal); the table on
  // stdout at the end, in one piece.
  progress.line(`${JOBS.length} jobs, each 1 warm-up + ${runs} runs in fresh processes (node ${process.version})`);
  const rows: string[] = [];
  // No update check (it would write ~/.terraform.d/checkpoint_signature), as the project's other terraform runs.
  const terraform = spawnSync(process.env.TERRAFORM_BINARY || 'terraform', ['version'], {
    encoding: 'utf8',
    env: { ...process.env, CHECKPOINT_DISABLE: process.env.CHECKPOINT_DISABLE ?? '1' },
  });
  for (const [index, job] of JOBS.entries()) {
    const started = Date.now();
    const label = `[${index + 1}/${JOBS.length}] ${job.name}`;
    if (job.terraform && terraform.status !== 0) {
      const reason = `skipped: terraform does not run (${terraform.error?.message ?? terraform.stderr.trim()})`;
      progress.line(`${label}: ${reason}`);
      rows.push(`| ${job.name} | ${reason} | | | | | |`);
      continue;
    }
    const jobRuns = job.runs ?? runs;
    progress.update(`${label}: warm-up`);
    runOnce(job);
    const samples: Sample[] = [];
    for (let run = 1; run <= jobRuns; run++) {
      progress.update(`${label}: run ${run}/${jobRuns}`);
      samples.push(runOnce(job));
    }
    const walls = samples.map((s) => s.wallMs);
    const rss = samples.map((s) => s.maxRssMb);
    progress.line(`${label}: median ${median(walls).toFixed(0)} ms (${((Date.now() - started) / 1000).toFixed(1)} s for ${jobRuns + 1} runs)`);
    rows.push(
      `| ${job.name} | ${median(walls).toFixed(0)} ms | ${Math.min(...walls).toFixed(0)}–${Math.max(...walls).toFixed(0)} ms | ` +
        `${median(samples.map((s) => s.cpuMs)).toFixed(0)} ms | ${median(rss).toFixed(0)} MB | ${Math.max(...rss).toFixed(0)} MB | ` +
        `< ${job.targetMs} ms${job.targetCpuMs ? `, cpu < ${job.targetCpuMs} ms` : ''}, < ${job.targetMb} MB |`,
    );
  }
  console.log(`\nnode ${process.version}, ${runs} runs per job after one warm-up run\n`);
  console.log('| job | median wall | min–max wall | median cpu | median peak RSS | max peak RSS | target |');
  console.log('| --- | --- | --- | --- | --- | --- | --- |');
  for (const row of rows) console.log(row);
}

/** Status on stderr: `update` rewrites the current line on a terminal (and is silent elsewhere); `line` ends it. */
const progress = {
  update(text: string): void {
    if (process.stderr.isTTY) process.stderr.write(`\r\x1b[2K${text}`);
  },
  line(text: string): void {
    process.stderr.write(process.stderr.isTTY ? `\r\x1b[2K${text}\n` : `${text}\n`);
  },
};

main();
