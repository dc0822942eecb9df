/**
 * One error class for every problem with an environment file, so the CLI can print them all the same
 * way and exit non-zero before anything is written.
 */

export interface ConfigProblem {
  /** Path of the environment file, as the user gave it (relative to the working directory). */
  readonly file: string;
  /** Dotted field path inside the file (`task.cpu`, `network.existing.publicSubnetIds[1]`); empty for the whole file. */
  readonly field: string;
  /** What is wrong and what is allowed. */
  readonly message: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: readonly ConfigProblem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'ConfigError';
  }
}

export function formatProblem(problem: ConfigProblem): string {
  const where = problem.field ? `${problem.file}: ${problem.field}` : problem.file;
  return `${where}: ${problem.message}`;
}

/** Formats a zod-style path (`['task', 'secrets', 0]`) as `task.secrets[0]`. */
export function formatFieldPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out ? `.${String(part)}` : String(part);
  }
  return out;
}

/** The report a command prints for a ConfigError: one `error:` line per problem, then the count. */
export function describeConfigError(error: ConfigError): string {
  const lines = error.problems.map((problem) => `error: ${formatProblem(problem)}`);
  return `${lines.join('\n')}\n\n${error.problems.length} configuration error(s); nothing was written.`;
}
