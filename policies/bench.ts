/**
 * Benchmark of the gate as CI runs it: `tsx policies/cli.ts` over the whole repository (source, synth,
 * plans), in fresh processes. Reports the median wall time and the peak resident memory of the child.
 *
 *   tsx policies/bench.ts [--runs N]     (scripts/bench.ts can import `benchGate`)
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

export interface BenchResult {
  readonly runs: readonly { readonly wallMs: number; readonly cpuMs: number; readonly maxRssMb: number; readonly exitCode: number | null }[];
  readonly medianWallMs: number;
  readonly peakRssMb: number;
}

/** Runs the CLI `runs` times in child processes; memory is the child's own max RSS (reported at exit). */
export function benchGate(options: { root: string; runs?: number; args?: readonly string[] }): BenchResult {
  const runs: { wallMs: number; cpuMs: number; maxRssMb: number; exitCode: number | null }[] = [];
  const tsx = path.join(options.root, 'node_modules/.bin/tsx');
  for (let i = 0; i < (options.runs ?? 5); i++) {
    const started = process.hrtime.bigint();
    const child = spawnSync(tsx, [path.join(__dirname, 'bench.ts'), '--child', ...(options.args ?? [])], { cwd: options.root, encoding: 'utf8' });
    const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
    const match = /maxRssKb=(\d+) cpuUs=(\d+)/.exec(child.stderr);
    runs.push({ wallMs, cpuMs: match ? Number(match[2]) / 1000 : Number.NaN, maxRssMb: match ? Number(match[1]) / 1024 : Number.NaN, exitCode: child.status });
  }
  const sorted = runs.map((run) => run.wallMs).sort((a, b) => a - b);
  return { runs, medianWallMs: sorted[Math.floor(sorted.length / 2)], peakRssMb: Math.max(...runs.map((run) => run.maxRssMb)) };
}

async function child(args: string[]): Promise<void> {
  const { main } = require('./cli') as typeof import('./cli');
  const originalWrite = process.stdout.write.bind(process.stdout);
  process.stdout.write = (() => true) as typeof process.stdout.write; // the report itself is not benchmarked output
  const code = await main(args, process.cwd());
  process.stdout.write = originalWrite;
  const usage = process.resourceUsage();
  process.stderr.write(`maxRssKb=${usage.maxRSS} cpuUs=${usage.userCPUTime + usage.systemCPUTime}\n`);
  process.exitCode = code;
}

if (require.main === module) {
  const args = process.argv.slice(2);
  if (args[0] === '--child') {
    void child(args.slice(1));
  } else {
    const runsIndex = args.indexOf('--runs');
    const runs = runsIndex >= 0 ? Number(args[runsIndex + 1]) : 5;
    const result = benchGate({ root: process.cwd(), runs });
    for (const run of result.runs) process.stdout.write(`run: ${run.wallMs.toFixed(0)} ms wall, ${run.cpuMs.toFixed(0)} ms cpu, ${run.maxRssMb.toFixed(0)} MB, exit ${run.exitCode}\n`);
    process.stdout.write(`policy gate: median ${result.medianWallMs.toFixed(0)} ms wall, peak ${result.peakRssMb.toFixed(0)} MB (${result.runs.length} runs; target < 2000 ms, < 400 MB)\n`);
  }
}
