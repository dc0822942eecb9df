/**
 * `npm run policy -- [paths…] [--format text|json|sarif|github|markdown] [--output FILE]
 *   [--synth-dir DIR] [--plan FILE…] [--no-source] [--no-synth] [--no-cache] [--root DIR]`
 *
 * Exit 0: no unsuppressed error; 1: errors; 2: the gate could not run (bad arguments, an input it cannot
 * read or understand, nothing to check, a rule that threw, a report it cannot write, any crash). Whatever
 * a user can cause ends in a one-line message, never a stack trace (POLICY_DEBUG=1 shows one for a crash).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FORMATS, type Format } from './reporters';
import { ReportWriteError, writeReport } from './report-output';

export interface CliOptions {
  readonly root: string;
  readonly paths: string[];
  readonly format: Format;
  readonly output?: string;
  readonly synthDir?: string;
  readonly plans: string[];
  readonly source: boolean;
  readonly synth: boolean;
  /** Reuse a stored source analysis when nothing it read has changed. */
  readonly cache: boolean;
  readonly help: boolean;
}

export const USAGE = `Usage: npm run policy -- [paths…] [options]

Checks the TypeScript source, the synthesized Terraform (cdktf.out) and plan JSON with the policy rules.

Options:
  --format FORMAT    text (default), json, sarif, github or markdown
  --output FILE      write the report to FILE instead of stdout
  --synth-dir DIR    synth output to check (DIR/stacks/*/cdk.tf.json); default cdktf.out when it exists
  --plan FILE…       plan JSON (terraform show -json); repeatable; also read: <synth-dir>/stacks/*/plan.json
  --no-source        skip the TypeScript source layer
  --no-synth         skip the synth output (and the plans under it)
  --no-cache         analyse the source afresh, even when no file it read has changed
  --root DIR         repository root (default: the current directory)
  -h, --help         show this help

Exit codes: 0 no errors, 1 errors, 2 the gate could not run (or checked nothing).
`;

export class UsageError extends Error {}

/** Parses argv (without node and script); throws UsageError on bad arguments. */
export function parseArgs(argv: readonly string[], cwd: string): CliOptions {
  const paths: string[] = [];
  const plans: string[] = [];
  let format: Format = 'text';
  let output: string | undefined;
  let synthDir: string | undefined;
  let root = cwd;
  let source = true;
  let synth = true;
  let cache = true;
  let help = false;
  const args = [...argv];
  const valueOf = (flag: string, inline: string | undefined): string => {
    if (inline !== undefined) {
      if (inline === '') throw new UsageError(`${flag} needs a value`);
      return inline;
    }
    const next = args.shift();
    if (next === undefined || next.startsWith('--')) throw new UsageError(`${flag} needs a value`);
    return next;
  };
  while (args.length > 0) {
    const arg = args.shift() as string;
    if (arg === '--') {
      paths.push(...args.splice(0));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      paths.push(arg);
      continue;
    }
    const equals = arg.indexOf('=');
    const flag = equals >= 0 ? arg.slice(0, equals) : arg;
    const inline = equals >= 0 ? arg.slice(equals + 1) : undefined;
    switch (flag) {
      case '--format': {
        const value = valueOf(flag, inline);
        if (!(FORMATS as readonly string[]).includes(value)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}; received ${value}`);
        format = value as Format;
        break;
      }
      case '--output':
        output = valueOf(flag, inline);
        break;
      case '--synth-dir':
        synthDir = valueOf(flag, inline);
        break;
      case '--plan':
        plans.push(valueOf(flag, inline));
        // `--plan a.json b.json`: further .json arguments belong to --plan.
        while (inline === undefined && args.length > 0 && !args[0].startsWith('-') && args[0].endsWith('.json')) plans.push(args.shift() as string);
        break;
      case '--root':
        root = path.resolve(cwd, valueOf(flag, inline));
        break;
      case '--no-source':
        if (inline !== undefined) throw new UsageError('--no-source takes no value');
        source = false;
        break;
      case '--no-synth':
        if (inline !== undefined) throw new UsageError('--no-synth takes no value');
        synth = false;
        break;
      case '--no-cache':
        if (inline !== undefined) throw new UsageError('--no-cache takes no value');
        cache = false;
        break;
      case '-h':
      case '--help':
        help = true;
        break;
      default:
        throw new UsageError(`Unknown option ${flag}`);
    }
  }
  const resolveArg = (value: string): string => path.resolve(cwd, value);
  return {
    root,
    paths: paths.map(resolveArg),
    format,
    ...(output !== undefined ? { output: resolveArg(output) } : {}),
    ...(synthDir !== undefined ? { synthDir: resolveArg(synthDir) } : {}),
    plans: plans.map(resolveArg),
    source,
    synth,
    cache,
    help,
  };
}

/** Runs the CLI; returns the exit code. */
export async function main(argv: readonly string[], cwd: string): Promise<number> {
  let options: CliOptions;
  try {
    options = parseArgs(argv, cwd);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`policy: ${error.message}\n\n${USAGE}`);
      return 2;
    }
    throw error;
  }
  if (options.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (!isDirectory(options.root)) {
    process.stderr.write(`policy: --root ${options.root} is not a directory\n`);
    return 2;
  }
  // require (not import()): stays on the CommonJS path of the .ts require hook.
  const { runGate, renderReport } = require('./gate') as typeof import('./gate');
  const result = await runGate({
    root: options.root,
    ...(options.paths.length > 0 ? { paths: options.paths } : {}),
    ...(options.synthDir !== undefined ? { synthDir: options.synthDir } : {}),
    plans: options.plans,
    source: options.source,
    synth: options.synth,
    ...(options.cache ? {} : { cache: false }),
  });
  const report = renderReport(result, options.format, { root: options.root });
  const { summary } = result;
  if (options.output) {
    const relative = path.relative(cwd, options.output);
    const shown = relative && !relative.startsWith('..') ? relative : options.output;
    try {
      writeReport(options.output, report);
    } catch (error) {
      if (!(error instanceof ReportWriteError)) throw error;
      process.stderr.write(`policy: ${error.message}; the gate's verdict was exit ${result.exitCode} (${summary.errors} error(s))\n`);
      return 2;
    }
    process.stderr.write(
      `policy: ${summary.errors} error(s), ${summary.warnings} warning(s), ${summary.suppressed} suppressed; ${options.format} report written to ${shown} (exit ${result.exitCode})\n`,
    );
  } else {
    process.stdout.write(report);
  }
  return result.exitCode;
}

function isDirectory(directory: string): boolean {
  try {
    return fs.statSync(directory).isDirectory();
  } catch {
    return false;
  }
}

if (require.main === module) {
  // A reader that goes away (`npm run policy | head`) ends the output, not the process with a stack trace.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    process.stderr.write(`policy: cannot write the report to stdout: ${error.message}\n`);
    process.exit(2);
  });
  main(process.argv.slice(2), process.cwd()).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      const detail = process.env.POLICY_DEBUG && error instanceof Error ? (error.stack ?? error.message) : error instanceof Error ? error.message : String(error);
      process.stderr.write(`policy: the gate crashed: ${detail}${process.env.POLICY_DEBUG ? '' : ' (POLICY_DEBUG=1 shows where)'}\n`);
      process.exitCode = 2;
    },
  );
}
