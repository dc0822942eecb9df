/**
 * `npm run synth`: validate every environment file, write cdktf.out/stacks/<env>/cdk.tf.json (into a
 * temporary folder, swapped in whole), print a short summary per stack, then run the policy gate over
 * the source and the fresh output, holding the output lock so no other synth replaces what the gate
 * reads. Exit 0 pass; 1 a configuration error (nothing written) or a policy error; 2 the output could
 * not be written or the gate could not run; 130 Ctrl-C (the previous output stays whole).
 */
import { join, resolve } from 'node:path';
import { exitCodeForSignal } from '../synthesis/interrupts';
import { summarizeStack, formatSummary } from './stack-summary';
import { synthesizeApp } from './synthesize-app';

async function run(): Promise<number> {
  const root = resolve(__dirname, '..');
  const outdir = join(root, 'cdktf.out');
  // The source layer (ts-morph) loads and parses in a worker thread while this thread synthesizes.
  const gate = await import('../policies/gate');
  const prepared = gate.startSourceAnalysis({ root });
  const synthesis = await synthesizeApp(root, outdir, { holdLock: true });
  if (!synthesis.ok) return synthesis.exitCode;
  const { built, release } = synthesis;
  const onSignal = (signal: NodeJS.Signals) => {
    release();
    process.exit(exitCodeForSignal(signal));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    for (const stack of built.stacks) console.log(formatSummary(summarizeStack(stack.env, stack)));
    const result = await gate.runGate({ root, synthDir: outdir, prepared });
    const report = gate.renderReport(result, 'text', { root });
    if (report.trim()) console.log(report);
    return result.exitCode;
  } finally {
    release();
  }
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
