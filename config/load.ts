/**
 * Loads environment files: bytes → YAML → schema → resolved names → checked certificate files →
 * checks across files. Every problem becomes a `ConfigProblem` naming the file, the line, the field
 * and what is allowed; every file's problems are collected in one run, and nothing is synthesized
 * unless every file is valid.
 */
import { readdirSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { checkImportedCertificate, type CertificateMaterial } from './certificate-files';
import { checkAcrossFiles, type LoadedFile } from './cross-file';
import { loadBalancerIpAddressType } from './derived';
import { describeIssues, describeValue } from './describe-issue';
import { ConfigError, formatFieldPath, formatProblem, type ConfigProblem } from './errors';
import { checkImportNames } from './import-names';
import type { Locator } from './locate';
import { resolveNames, type ResolvedNames } from './names';
import { describeIoError, readRegularFile } from './read-file';
import { environmentSchema, type EnvironmentFile } from './schema';
import { parseYamlSource } from './yaml-source';

/** A validated environment, ready for the stack. */
export interface EnvironmentConfig extends EnvironmentFile {
  /** Stack and environment name: the file's stem (`environments/prod.yaml` → `prod`). */
  readonly name: string;
  /** The file it came from, relative to the working directory. */
  readonly file: string;
  /** Every AWS resource name, after defaults. */
  readonly names: ResolvedNames;
  /** Absolute build contexts of the services that name one (`services.<name>.buildContext`). */
  readonly buildContexts: Readonly<Record<string, string>>;
  /** Public PEM parts of an `imported` certificate. */
  readonly certificateMaterial?: CertificateMaterial;
  /** Non-fatal notes for the user (e.g. a certificate that expires soon), each with file, line and field. */
  readonly warnings: readonly string[];
}

export interface LoadOptions {
  /** Time used for certificate validity checks. @default - now */
  readonly now?: Date;
}

const STACK_NAME = /^[a-z][a-z0-9-]{0,30}$/;
/** The image stack of environment `x` is `image-x`; an environment of that name would take its place. */
const RESERVED_PREFIX = 'image-';
const YAML_FILE = /\.ya?ml$/i;
/** An environment file is a page of settings (the examples are 1–3 KiB); anything this large is a mistake. */
export const MAX_ENVIRONMENT_FILE_BYTES = 256 * 1024;

/**
 * Lists the environment files directly inside `dir` (not its `examples/` folder), sorted by name:
 * every `*.yaml`/`*.yml` in any case, symbolic links included (they are followed when read), hidden
 * files (editor backups and locks) left out. Entries that are not regular files are listed too, so
 * loading names them instead of skipping them silently.
 */
export function listEnvironmentFiles(dir: string): string[] {
  let entries;
  try {
    if (!statSync(dir).isDirectory()) throw Object.assign(new Error('not a directory'), { code: 'ENOTDIR_SELF' });
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const message =
      code === 'ENOENT'
        ? 'directory does not exist; create it with one <name>.yaml per environment'
        : code === 'ENOTDIR_SELF'
          ? 'is not a directory; environment files live in a directory, one <name>.yaml per environment'
          : describeIoError(error, 'the directory');
    throw new ConfigError([{ file: dir, field: '', message }]);
  }
  return entries
    .filter((entry) => !entry.name.startsWith('.') && YAML_FILE.test(entry.name) && !(entry.isDirectory() && entry.name === 'examples'))
    .map((entry) => join(dir, entry.name))
    .sort();
}

/** The result of loading one file: its config, or its problems (located), plus what cross-file checks need. */
interface FileResult {
  readonly file: string;
  readonly config?: EnvironmentConfig;
  readonly locator?: Locator;
  readonly problems: ConfigProblem[];
}

/** Loads every file; throws one ConfigError listing the problems of all files. */
export function loadEnvironments(files: readonly string[], options: LoadOptions = {}): EnvironmentConfig[] {
  const results = files.map((file) => loadFile(file, options));
  const problems = results.flatMap((result) => result.problems);

  const seen = new Map<string, string>();
  for (const result of results) {
    const name = stackNameOf(result.file);
    const earlier = seen.get(name);
    if (earlier) problems.push({ file: result.file, field: '', message: `stack name "${name}" is already used by ${earlier}; keep one file per environment` });
    else seen.set(name, result.file);
  }

  const loaded = results.filter((result): result is FileResult & { config: EnvironmentConfig } => result.config !== undefined);
  const locators = new Map(loaded.map((result) => [result.file, result.locator]));
  const crossFile: LoadedFile[] = loaded.map(({ config }) => ({ name: config.name, file: config.file, env: config, names: config.names }));
  for (const problem of checkAcrossFiles(crossFile)) {
    const locator = locators.get(problem.subject.file);
    const line = lineFor(locator, problem.path, problem.fallbackPath);
    problems.push({ file: problem.subject.file, line, field: formatFieldPath(problem.path), message: problem.message });
  }

  if (problems.length > 0) throw new ConfigError(problems);
  return loaded.map((result) => result.config);
}

/** Loads and validates one environment file (no checks across files). */
export function loadEnvironment(path: string, options: LoadOptions = {}): EnvironmentConfig {
  const result = loadFile(path, options);
  if (!result.config) throw new ConfigError(result.problems);
  return result.config;
}

function stackNameOf(path: string): string {
  return basename(path).replace(YAML_FILE, '');
}

function loadFile(path: string, options: LoadOptions): FileResult {
  const file = relative(process.cwd(), resolve(path)) || path;
  const whole = (message: string): FileResult => ({ file, problems: [{ file, field: '', message }] });

  const name = stackNameOf(path);
  if (!STACK_NAME.test(name)) {
    return whole(`file name "${basename(path)}" must be <stack name>.yaml: the stack name is lowercase letters, digits and hyphens, starting with a letter, at most 31 characters (it names the stack)`);
  }
  if (name.startsWith(RESERVED_PREFIX)) {
    return whole(`file name "${basename(path)}" starts with "${RESERVED_PREFIX}", which names the image stacks (image-<env>); choose another name`);
  }

  const read = readRegularFile(path, MAX_ENVIRONMENT_FILE_BYTES, file);
  if (!read.ok) return whole(read.message.startsWith(file) ? read.message.slice(file.length).trim() : read.message);

  const source = parseYamlSource(read.bytes);
  const locator = source.locator;
  const at = (fieldPath: readonly PropertyKey[], message: string, line?: number, fallback?: readonly PropertyKey[]): ConfigProblem => ({
    file,
    line: line ?? lineFor(locator, fieldPath, fallback),
    field: formatFieldPath(fieldPath),
    message,
  });
  if (source.problems.length > 0) {
    return { file, locator, problems: source.problems.map((problem) => at(problem.path, problem.message, problem.line)) };
  }

  const data = source.data;
  if (data === null || data === undefined) {
    return { file, locator, problems: [{ file, line: 1, field: '', message: `is empty; an environment file is a YAML mapping of settings (${read.bytes.length === 0 ? 'the file has no content' : 'it holds only comments'}); see the environment file reference in the README` }] };
  }
  if (typeof data !== 'object' || Array.isArray(data)) {
    return { file, locator, problems: [at([], `must be a YAML mapping of settings (key: value lines); received ${describeValue(data)}`, 1)] };
  }

  const mixed = mixedForms(data as Record<string, unknown>);
  if (mixed.length > 0) return { file, locator, problems: mixed.map((key) => at([key], `cannot be used with services: (the file uses both forms: ${key}: describes the one service of the single-service form, services: names many); move ${key}: into each service under services:, or remove services:`)) };

  const parsed = environmentSchema.safeParse(data);
  if (!parsed.success) {
    return { file, locator, problems: describeIssues(parsed.error.issues, data, locator).map((problem) => at(problem.path, problem.message)) };
  }

  const env = parsed.data;
  const problems: ConfigProblem[] = [];
  const warnings: string[] = [];
  let certificateMaterial: CertificateMaterial | undefined;
  if (env.certificate.source === 'imported') {
    const result = checkImportedCertificate(env.certificate, { baseDir: dirname(resolve(path)), domain: env.domain, now: options.now ?? new Date() });
    problems.push(...result.problems.map((problem) => at(problem.path, problem.message)));
    warnings.push(...result.warnings.map((warning) => formatProblem(at(warning.path, warning.message))));
    certificateMaterial = result.material;
  }

  const names = resolveNames(env, name);
  problems.push(...names.problems.map((problem) => at(problem.field.split('.'), problem.message, undefined, ['app'])));
  if (env.imports && names.problems.length === 0) {
    const importProblems = checkImportNames({
      imports: env.imports,
      names: names.names,
      domain: env.domain,
      hostedZoneId: env.hostedZoneId,
      hasCiPushRole: env.registry.ciPushRole !== undefined,
      createsOidcProvider: env.registry.ciPushRole?.createOidcProvider === true,
      dualstack: loadBalancerIpAddressType(env) === 'dualstack',
    });
    problems.push(...importProblems.map((problem) => at(problem.field.split('.'), problem.message)));
  }
  const buildContexts: Record<string, string> = {};
  for (const [key, entry] of Object.entries(env.services ?? {})) {
    if (entry.buildContext === undefined) continue;
    const dir = resolve(dirname(resolve(path)), entry.buildContext);
    const problem = buildContextProblem(dir, entry.buildContext);
    if (problem) problems.push(at(['services', key, 'buildContext'], problem));
    else buildContexts[key] = dir;
  }
  if (problems.length > 0) return { file, locator, problems };

  return { file, locator, problems: [], config: { ...env, name, file, names: names.names, buildContexts, certificateMaterial, warnings } };
}

/** The line of `path`; when only a parent of it exists and `fallback` does, the fallback's line. */
function lineFor(locator: Locator | undefined, path: readonly PropertyKey[], fallback?: readonly PropertyKey[]): number | undefined {
  if (!locator) return undefined;
  const located = locator.locate(path);
  if (located.node === undefined && fallback) {
    const alternative = locator.locate(fallback);
    if (alternative.node !== undefined) return alternative.line;
  }
  return located.line;
}


/** Single-service keys written beside `services:` (before defaults fill them in, so only what the file says). */
function mixedForms(data: Record<string, unknown>): string[] {
  if (data.services === undefined) return [];
  return ['task', 'service'].filter((key) => data[key] !== undefined);
}

/** Why a build context cannot be built: not a directory, or no Dockerfile in it. */
function buildContextProblem(dir: string, written: string): string | undefined {
  try {
    if (!statSync(dir).isDirectory()) return `${written} is not a directory; give the directory that holds the service's Dockerfile`;
  } catch {
    return `${written} does not exist; give the directory that holds the service's Dockerfile, relative to the environment file`;
  }
  try {
    if (statSync(join(dir, 'Dockerfile')).isFile()) return undefined;
  } catch {
    // reported below
  }
  return `${written} has no Dockerfile; the image stack builds <buildContext>/Dockerfile`;
}
