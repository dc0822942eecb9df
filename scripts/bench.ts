/**
 * `npm run bench [-- --runs N]`: median wall time and peak memory of the project's main jobs, each in
 * fresh processes as a user runs them:
 *   - synth:        the cdktf app alone (main.ts: validate environments, write cdktf.out)
 *   - synth + gate: `npm run synth` (synth, summary, policy gate over source and cdk.tf.json)
 *   - policy gate:  `npm run policy` over the whole repository and the fresh cdktf.out
 * Warm-up runs first (fills the transpile and compile caches), as on a developer's machine.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

interface Job {
  readonly name: string;
  readonly entry: string;
  readonly targetMs: number;
  readonly targetMb: number;
}

interface Sample {
  readonly wallMs: number;
  readonly cpuMs: number;
  readonly maxRssMb: number;
}

const root = join(__dirname, '..');
const JOBS: readonly Job[] = [
  { name: 'synth (3 environments)', entry: 'main.ts', targetMs: 1500, targetMb: 300 },
  { name: 'synth + gate (npm run synth)', entry: 'scripts/synth.ts', targetMs: 2500, targetMb: 400 },
  { name: 'policy gate (npm run policy)', entry: 'policies/cli.ts', targetMs: 2000, targetMb: 400 },
];

function runOnce(job: Job): Sample {
  const started = process.hrtime.bigint();
  const child = spawnSync(process.execPath, ['-r', './scripts/register.js', '-r', './scripts/bench-probe.js', job.entry], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, CI: 'true' },
  });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (child.status !== 0) {
    throw new Error(`${job.entry} exited ${child.status}:\n${child.stdout}\n${child.stderr}`);
  }
  const probe = /__bench maxRssKb=(\d+) cpuUs=(\d+)/.exec(child.stderr);
  if (!probe) throw new Error(`${job.entry} did not report its memory (bench-probe not loaded?)`);
  return { wallMs, cpuMs: Number(probe[2]) / 1000, maxRssMb: Number(probe[1]) / 1024 };
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
  for (const job of JOBS) {
    runOnce(job);
    const samples = Array.from({ length: runs }, () => runOnce(job));
    const walls = samples.map((s) => s.wallMs);
    const rss = samples.map((s) => s.maxRssMb);
    console.log(
      `| ${job.name} | ${median(walls).toFixed(0)} ms | ${Math.min(...walls).toFixed(0)}–${Math.max(...walls).toFixed(0)} ms | ` +
        `${median(samples.map((s) => s.cpuMs)).toFixed(0)} ms | ${median(rss).toFixed(0)} MB | ${Math.max(...rss).toFixed(0)} MB | ` +
        `< ${job.targetMs} ms, < ${job.targetMb} MB |`,
    );
  }
}

main();
