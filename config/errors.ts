/**
 * One error class for every problem with an environment file, so the CLI can print them all the same
 * way and exit non-zero before anything is written.
 */

export interface ConfigProblem {
  /** Path of the environment file, as the user gave it (relative to the working directory). */
  readonly file: string;
  /** 1-based line in `file` the problem points at; absent for problems with the file as a whole (unreadable, not a file). */
  readonly line?: number;
  /** Dotted field path inside the file (`task.cpu`, `network.existing.publicSubnetIds[1]`); empty for the whole file. */
  readonly field: string;
  /** What is wrong, what was received and what is allowed. */
  readonly message: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: readonly ConfigProblem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'ConfigError';
  }
}

/** `file:line: field: message` (line and field when known). */
export function formatProblem(problem: ConfigProblem): string {
  const file = problem.line === undefined ? problem.file : `${problem.file}:${problem.line}`;
  const where = problem.field ? `${file}: ${problem.field}` : file;
  return `${where}: ${clip(problem.message, MAX_MESSAGE_LENGTH)}`;
}

/** A message longer than this is cut (a 70 KB value must not become a 70 KB line). */
const MAX_MESSAGE_LENGTH = 600;
/** Problems printed per file; the rest are counted. */
export const MAX_PROBLEMS_PER_FILE = 20;

/** Formats a zod-style path (`['task', 'secrets', 0]`) as `task.secrets[0]`; very long keys are shortened. */
export function formatFieldPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else {
      const key = clip(String(part), 80);
      out += out ? `.${key}` : key;
    }
  }
  return out;
}

/** Cuts `text` to `max` characters, saying how long it was. */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length} characters)`;
}

/**
 * The report a command prints for a ConfigError: one `error:` line per problem (at most
 * MAX_PROBLEMS_PER_FILE per file, then a count of the rest), then the total.
 */
export function describeConfigError(error: ConfigError): string {
  const byFile = new Map<string, ConfigProblem[]>();
  for (const problem of error.problems) {
    const list = byFile.get(problem.file) ?? [];
    list.push(problem);
    byFile.set(problem.file, list);
  }
  const lines: string[] = [];
  for (const [file, problems] of byFile) {
    for (const problem of problems.slice(0, MAX_PROBLEMS_PER_FILE)) lines.push(`error: ${formatProblem(problem)}`);
    const rest = problems.length - MAX_PROBLEMS_PER_FILE;
    if (rest > 0) lines.push(`error: ${file}: … and ${rest} more problem(s) in this file, not shown`);
  }
  const files = byFile.size === 1 ? '1 file' : `${byFile.size} files`;
  return `${lines.join('\n')}\n\n${error.problems.length} configuration error(s) in ${files}; nothing was written.`;
}
