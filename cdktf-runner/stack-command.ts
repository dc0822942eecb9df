/**
 * `npm run plan|deploy|destroy -- <env> [cdktf options]`: which stack, and the cdktf CLI command that
 * runs it against the output `npm run synth` just wrote and gated (`--skip-synth`, so the CLI never
 * synthesizes again).
 */
import { basename, extname } from 'node:path';
import { editDistance } from '../config/suggest';
import { listEnvironmentFiles } from '../config/load';
import { imageStackName } from '../constructs/image-stack';

export const VERBS = ['plan', 'deploy', 'destroy'] as const;
export type Verb = (typeof VERBS)[number];

export interface StackCommand {
  readonly verb: Verb;
  /** The stack: an environment's web stack (`dev`) or its image stack (`image-dev`). */
  readonly stack: string;
  /** cdktf options passed on unchanged (`--auto-approve`, `--var image_tag=…`, …). */
  readonly options: readonly string[];
}

/** A mistake in the command line: printed with the usage, exit 2. */
export class StackCommandUsageError extends Error {}

/** Options the command sets itself: the synthesized output is the one just gated, in cdktf.out. */
const OWN_OPTIONS = new Set(['--skip-synth', '--output', '-o', '--app', '-a']);

export function usage(verb: Verb): string {
  const example = verb === 'plan' ? '' : ' [--auto-approve]';
  return [
    `usage: npm run ${verb} -- <env> [cdktf options]${example}`,
    `  <env>   an environment file's name (environments/<env>.yaml), or image-<env> for its image stack`,
    `  Synthesizes every environment and runs the policy gate first (as npm run synth); a failing gate stops here.`,
    `  Then: npx cdktf ${verb} <env> --skip-synth [cdktf options]`,
  ].join('\n');
}

/** The environment names (file stems) in environmentsDir; a missing directory is a usage error. */
export function environmentNames(environmentsDir: string): string[] {
  try {
    return listEnvironmentFiles(environmentsDir).map((file) => basename(file, extname(file)));
  } catch {
    throw new StackCommandUsageError(`${environmentsDir} does not exist; create it with one <env>.yaml per environment`);
  }
}

/** Parses `<env> [cdktf options]` against the environments that exist. */
export function parseStackCommand(verb: Verb, argv: readonly string[], environments: readonly string[]): StackCommand {
  const [stack, ...options] = argv;
  if (stack === undefined) throw new StackCommandUsageError(`which environment? ${describeEnvironments(environments)}`);
  if (stack.startsWith('-')) throw new StackCommandUsageError(`the environment comes first: npm run ${verb} -- <env> ${argv.join(' ')}`);
  const stacks = new Set(environments.flatMap((env) => [env, imageStackName(env)]));
  if (!stacks.has(stack)) {
    const closest = closestName(stack, [...stacks]);
    throw new StackCommandUsageError(`unknown environment "${stack}"${closest ? ` (did you mean "${closest}"?)` : ''}: ${describeEnvironments(environments)}`);
  }
  const another = options.find((option) => stacks.has(option));
  if (another) throw new StackCommandUsageError(`one environment at a time: run npm run ${verb} -- ${another} separately`);
  const own = options.map((option) => option.split('=')[0]).find((option) => OWN_OPTIONS.has(option));
  if (own) throw new StackCommandUsageError(`${own} is not allowed: npm run ${verb} synthesizes into cdktf.out, gates it, and passes --skip-synth itself`);
  return { verb, stack, options };
}

/** The cdktf CLI arguments (after the `cdktf` binary). */
export function cdktfArguments(command: StackCommand): string[] {
  return [command.verb, command.stack, '--skip-synth', ...command.options];
}

function describeEnvironments(environments: readonly string[]): string {
  return environments.length === 0
    ? 'environments/ holds no <env>.yaml file; add one (README: Add an environment)'
    : `environments/ has ${environments.join(', ')} (and their image stacks image-<env>)`;
}

function closestName(name: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    const distance = editDistance(name, candidate);
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance];
  }
  return bestDistance <= Math.max(2, Math.floor(name.length / 3)) ? best : undefined;
}
