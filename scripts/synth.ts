/**
 * `npm run synth`: validate every environment file, write cdktf.out/stacks/<env>/cdk.tf.json, print a
 * short summary per stack, then run the policy gate over the source and the fresh output. Exits 1 on a
 * configuration error (nothing written) or a policy error.
 */
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ConfigError, formatProblem } from '../config/errors';
import { buildApp } from '../main';
import { summarizeStack, formatSummary } from './stack-summary';

async function run(): Promise<number> {
  const root = resolve(__dirname, '..');
  const outdir = join(root, 'cdktf.out');
  // The source layer (ts-morph) loads and parses in a worker thread while this thread synthesizes.
  const gate = await import('../policies/gate');
  const prepared = gate.startSourceAnalysis({ root });
  let built;
  try {
    built = buildApp({ environmentsDir: join(root, 'environments'), outdir });
  } catch (error) {
    if (error instanceof ConfigError) {
      for (const problem of error.problems) console.error(`error: ${formatProblem(problem)}`);
      console.error(`\n${error.problems.length} configuration error(s); nothing was written.`);
      return 1;
    }
    throw error;
  }
  removeStaleStacks(outdir, built.environments.map((env) => env.name));
  built.app.synth();

  for (const env of built.environments) {
    for (const warning of env.warnings) console.warn(`warning: ${warning}`);
    const json = JSON.parse(readFileSync(join(outdir, 'stacks', env.name, 'cdk.tf.json'), 'utf8'));
    console.log(formatSummary(summarizeStack(env, json)));
  }

  const result = await gate.runGate({ root, synthDir: outdir, prepared });
  const report = gate.renderReport(result, 'text', { root });
  if (report.trim()) console.log(report);
  return result.exitCode;
}

/** A stack whose environment file is gone must not linger in cdktf.out for the gate or a deploy to find. */
function removeStaleStacks(outdir: string, current: readonly string[]): void {
  const stacksDir = join(outdir, 'stacks');
  if (!existsSync(stacksDir)) return;
  for (const entry of readdirSync(stacksDir)) {
    if (!current.includes(entry)) rmSync(join(stacksDir, entry), { recursive: true, force: true });
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
