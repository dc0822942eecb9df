/**
 * `npm run synth`, and the app cdktf.json gives the cdktf CLI (so `npx cdktf plan|deploy` without
 * `--skip-synth` is gated too): validate every environment file, write cdktf.out/stacks/<env>/cdk.tf.json
 * ($CDKTF_OUTDIR when the cdktf CLI runs it), print a short summary per stack, then run the policy gate
 * over the source and the fresh output. Exits 1 on a configuration error (nothing written) or a policy
 * error, 2 when the gate could not run.
 */
import { join, resolve } from 'node:path';
import { synthesizeAndGate } from './synthesize-app';

const root = resolve(__dirname, '..');
const outdir = process.env.CDKTF_OUTDIR ? resolve(process.env.CDKTF_OUTDIR) : join(root, 'cdktf.out');

synthesizeAndGate(root, outdir).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exitCode = 2;
  },
);
