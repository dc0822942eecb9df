/** Synthesizes environments into a temporary cdktf.out (removed after the test file) and returns each stack's parsed JSON. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildApp, type BuiltApp } from '../../main';
import { tempDir } from './temp';

export const REPO_ROOT = join(__dirname, '..', '..');
/** The tests' own copy of the example environments: a user's environments/ never changes a test's outcome. */
export const FIXTURE_ENVIRONMENTS = join(REPO_ROOT, '__tests__', 'fixtures', 'environments');

export type StackJson = {
  resource: Record<string, Record<string, Record<string, unknown>>>;
  variable?: Record<string, Record<string, unknown>>;
  output?: Record<string, { value: unknown }>;
  locals?: Record<string, unknown>;
  provider: { aws: Array<Record<string, unknown>> };
  terraform: Record<string, unknown>;
  [key: string]: unknown;
};

export interface Synthesized {
  readonly built: BuiltApp;
  readonly outdir: string;
  readonly stacks: Record<string, StackJson>;
  /** Raw cdk.tf.json text per stack. */
  readonly texts: Record<string, string>;
}

export function synthesize(options: { environmentsDir?: string; files?: string[] } = {}): Synthesized {
  const outdir = tempDir('out');
  const built = buildApp({ environmentsDir: options.environmentsDir ?? FIXTURE_ENVIRONMENTS, files: options.files, outdir });
  built.app.synth();
  const stacks: Record<string, StackJson> = {};
  const texts: Record<string, string> = {};
  for (const env of built.environments) {
    texts[env.name] = readFileSync(join(outdir, 'stacks', env.name, 'cdk.tf.json'), 'utf8');
    stacks[env.name] = JSON.parse(texts[env.name]) as StackJson;
  }
  return { built, outdir, stacks, texts };
}

/** The one resource of a type (fails the test when there are none or several). */
export function only(stack: StackJson, type: string): Record<string, unknown> {
  const all = Object.values(stack.resource[type] ?? {});
  if (all.length !== 1) throw new Error(`expected one ${type}, found ${all.length}`);
  return all[0];
}

export function all(stack: StackJson, type: string): Array<Record<string, unknown>> {
  return Object.values(stack.resource[type] ?? {});
}

/** `${aws_x.name.attr}` reference to a resource of the stack, for comparing wiring. */
export function ref(stack: StackJson, type: string, attribute: string, index = 0): string {
  const names = Object.keys(stack.resource[type] ?? {});
  return `\${${type}.${names[index]}.${attribute}}`;
}

export function refByName(type: string, logicalName: string, attribute: string): string {
  return `\${${type}.${logicalName}.${attribute}}`;
}
