/**
 * `npm run synth`: validate every environment file, write cdktf.out/stacks/<env>/cdk.tf.json, print a
 * short summary per stack, then run the policy gate over the source and the fresh output. Exits 1 on a
 * configuration error (nothing written) or a policy error.
 */
import { join, resolve } from 'node:path';
import { summarizeStack, formatSummary } from './stack-summary';
import { synthesizeApp } from './synthesize-app';

async function run(): Promise<number> {
  const root = resolve(__dirname, '..');
  const outdir = join(root, 'cdktf.out');
  // The source layer (ts-morph) loads and parses in a worker thread while this thread synthesizes.
  const gate = await import('../policies/gate');
  const prepared = gate.startSourceAnalysis({ root });
  const synthesis = synthesizeApp(root, outdir);
  if (!synthesis.ok) return synthesis.exitCode;
  const { built } = synthesis;

  for (const stack of built.stacks) console.log(formatSummary(summarizeStack(stack.env, stack)));

  const result = await gate.runGate({ root, synthDir: outdir, prepared });
  const report = gate.renderReport(result, 'text', { root });
  if (report.trim()) console.log(report);
  return result.exitCode;
}

run().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exitCode = 2;
  },
);
