/**
 * The stacks of a synth, read from `<outdir>/manifest.json` (cdktf writes it): every kind of stack the
 * app builds (web stacks, image stacks, …) without this command knowing how the app names them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface SynthesizedStack {
  readonly name: string;
  /** Absolute path of the stack directory (holds cdk.tf.json). */
  readonly dir: string;
}

export function synthesizedStacks(outdir: string): SynthesizedStack[] {
  const manifest = JSON.parse(readFileSync(join(outdir, 'manifest.json'), 'utf8')) as {
    stacks?: Record<string, { name?: string; workingDirectory?: string }>;
  };
  return Object.entries(manifest.stacks ?? {}).map(([key, stack]) => ({
    name: stack.name ?? key,
    dir: join(outdir, stack.workingDirectory ?? join('stacks', key)),
  }));
}
