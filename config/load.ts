/**
 * Loads environment files: YAML → schema → resolved names → checked certificate files. Every problem
 * becomes a `ConfigProblem` naming the file, the field path (and line) and what is allowed; nothing is
 * synthesized unless every file is valid.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, extname, join, relative, resolve } from 'node:path';
import { isMap, LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { checkImportedCertificate, type CertificateMaterial } from './certificate-files';
import { ConfigError, formatFieldPath, type ConfigProblem } from './errors';
import { loadBalancerIpAddressType } from './derived';
import { checkImportNames } from './import-names';
import { RETIRED_IMPORT_KEYS } from './imports';
import { environmentSchema, type EnvironmentFile } from './schema';
import { suggestKey } from './suggest';
import { resolveNames, type ResolvedNames } from './names';

/** A validated environment, ready for the stack. */
export interface EnvironmentConfig extends EnvironmentFile {
  /** Stack and environment name: the file's stem (`environments/prod.yaml` → `prod`). */
  readonly name: string;
  /** The file it came from, relative to the working directory. */
  readonly file: string;
  /** Every AWS resource name, after defaults. */
  readonly names: ResolvedNames;
  /** Public PEM parts of an `imported` certificate. */
  readonly certificateMaterial?: CertificateMaterial;
  /** Non-fatal notes for the user (e.g. a certificate that expires soon). */
  readonly warnings: readonly string[];
}

export interface LoadOptions {
  /** Time used for certificate validity checks. @default - now */
  readonly now?: Date;
}

const STACK_NAME = /^[a-z][a-z0-9-]{0,30}$/;

/** Lists the environment files directly inside `dir` (not its `examples/` folder), sorted by name. */
export function listEnvironmentFiles(dir: string): string[] {
  if (!existsSync(dir)) {
    throw new ConfigError([{ file: dir, field: '', message: 'directory does not exist; create it with one <name>.yaml per environment' }]);
  }
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.ya?ml$/.test(entry.name))
    .map((entry) => join(dir, entry.name))
    .sort();
}

/** Loads every file; throws one ConfigError listing the problems of all files. */
export function loadEnvironments(files: readonly string[], options: LoadOptions = {}): EnvironmentConfig[] {
  const problems: ConfigProblem[] = [];
  const configs: EnvironmentConfig[] = [];
  const seen = new Map<string, string>();
  for (const file of files) {
    try {
      const config = loadEnvironment(file, options);
      const earlier = seen.get(config.name);
      if (earlier) {
        problems.push({ file: config.file, field: '', message: `stack name "${config.name}" is already used by ${earlier}` });
      }
      seen.set(config.name, config.file);
      configs.push(config);
    } catch (error) {
      if (error instanceof ConfigError) problems.push(...error.problems);
      else throw error;
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return configs;
}

/** Loads and validates one environment file. */
export function loadEnvironment(path: string, options: LoadOptions = {}): EnvironmentConfig {
  const file = relative(process.cwd(), resolve(path)) || path;
  const name = basename(path, extname(path));
  if (!STACK_NAME.test(name)) {
    throw new ConfigError([{ file, field: '', message: `file name "${name}" must be a stack name: lowercase letters, digits and hyphens, starting with a letter (it names the stack)` }]);
  }
  if (!existsSync(path)) throw new ConfigError([{ file, field: '', message: 'file does not exist' }]);

  const lineCounter = new LineCounter();
  const document = parseDocument(readFileSync(path, 'utf8'), { lineCounter, uniqueKeys: true });
  if (document.errors.length > 0) {
    throw new ConfigError(
      document.errors.map((error) => ({
        file: error.linePos ? `${file}:${error.linePos[0].line}` : file,
        field: '',
        message: `YAML does not parse: ${error.message.split('\n')[0]}`,
      })),
    );
  }
  const data: unknown = document.toJS();
  if (!isMap(document.contents)) {
    throw new ConfigError([{ file, field: '', message: 'must be a YAML mapping of settings (see the environment file reference in the README)' }]);
  }

  const parsed = environmentSchema.safeParse(data);
  if (!parsed.success) {
    const lineOf = (fieldPath: readonly PropertyKey[]): number | undefined => {
      const node = document.getIn(fieldPath as unknown[], true) as { range?: [number, number, number] } | undefined;
      return node?.range ? lineCounter.linePos(node.range[0]).line : undefined;
    };
    throw new ConfigError(parsed.error.issues.flatMap((issue) => describeIssue(issue, data, file, lineOf)));
  }

  const env = parsed.data;
  const warnings: string[] = [];
  let certificateMaterial: CertificateMaterial | undefined;
  if (env.certificate.source === 'imported') {
    const result = checkImportedCertificate(env.certificate, {
      envFile: file,
      baseDir: dirname(resolve(path)),
      domain: env.domain,
      now: options.now ?? new Date(),
    });
    if (result.problems.length > 0) throw new ConfigError(result.problems);
    certificateMaterial = result.material;
    warnings.push(...(result.material?.warnings ?? []));
  }

  const names = resolveNames(env, name);
  const nameProblems = names.problems.map((problem) => ({ file, ...problem }));
  if (env.imports) {
    const importProblems = checkImportNames({
      imports: env.imports,
      names: names.names,
      domain: env.domain,
      hostedZoneId: env.hostedZoneId,
      hasCiPushRole: env.registry.ciPushRole !== undefined,
      createsOidcProvider: env.registry.ciPushRole?.createOidcProvider === true,
      dualstack: loadBalancerIpAddressType(env) === 'dualstack',
    });
    nameProblems.push(...importProblems.map((problem) => ({ file, ...problem })));
  }
  if (nameProblems.length > 0) throw new ConfigError(nameProblems);

  return { ...env, name, file, names: names.names, certificateMaterial, warnings };
}

function describeIssue(
  issue: z.core.$ZodIssue,
  data: unknown,
  file: string,
  lineOf: (path: readonly PropertyKey[]) => number | undefined,
): ConfigProblem[] {
  const at = (path: readonly PropertyKey[]): string => {
    const line = lineOf(path);
    return line ? `${file}:${line}` : file;
  };
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => {
      const retired = formatFieldPath(issue.path) === 'imports' ? RETIRED_IMPORT_KEYS[key] : undefined;
      if (retired) return { file: at([...issue.path, key]), field: formatFieldPath([...issue.path, key]), message: retired };
      const suggestion = suggestKey(key, issue.path, data);
      const allowed = suggestion.allowed.length > 0 ? `; allowed here: ${suggestion.allowed.join(', ')}` : '';
      const hint = suggestion.closest ? ` (did you mean "${suggestion.closest}"?)` : '';
      return {
        file: at([...issue.path, key]),
        field: formatFieldPath([...issue.path, key]),
        message: `unknown key${hint}${allowed}`,
      };
    });
  }
  const received = issue.code === 'invalid_type' ? describeReceived(issue.path, data) : '';
  return [{ file: at(issue.path), field: formatFieldPath(issue.path), message: friendlyMessage(issue) + received }];
}

function friendlyMessage(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.message.replace(/^Invalid input: expected (\w+), received (\w+)$/, (_m, expected: string, got: string) =>
        got === 'undefined' ? `is required (expected ${expected})` : `must be a ${expected}`,
      );
    case 'invalid_value':
      return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'invalid_union':
      return issue.message.includes('discriminator') ? 'has an invalid `source`: must be "acm" or "imported"' : issue.message;
    case 'too_small':
    case 'too_big':
      return issue.message.replace(/^Too (small|big): expected (\w+) to have /, 'must have ').replace(/^Too (small|big): expected \w+ to be /, 'must be ');
    default:
      return issue.message;
  }
}

function describeReceived(path: readonly PropertyKey[], data: unknown): string {
  let value: unknown = data;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return '';
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  if (value === undefined) return '';
  return `; received ${JSON.stringify(value)}`;
}
