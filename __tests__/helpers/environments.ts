/** Writes environment files into temporary directories (removed after the test file) for config and stack tests. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { stringify } from 'yaml';
import { ConfigError } from '../../config/errors';
import { loadEnvironment } from '../../config/load';
import { tempDir } from './temp';

/** A minimal valid environment (ACM certificate, new VPC), to be changed per test. */
export function baseEnvironment(): Record<string, unknown> {
  return {
    app: 'web',
    production: false,
    region: 'us-east-1',
    domain: 'dev.example.com',
    hostedZoneId: 'Z0123456789EXAMPLE',
    certificate: { source: 'acm', subjectAlternativeNames: ['*.dev.example.com'] },
    network: { create: { availabilityZones: ['us-east-1a', 'us-east-1b'] } },
    task: { imageTag: '1.2.3' },
  };
}

export interface WrittenEnvironment {
  readonly dir: string;
  readonly file: string;
}

/** Writes `content` (an object as YAML, or raw text) to `<tmp>/<name>.yaml`, plus any extra files. */
export function writeEnvironment(
  name: string,
  content: Record<string, unknown> | string,
  extraFiles: Record<string, string> = {},
  dir = tempDir('env'),
): WrittenEnvironment {
  const file = join(dir, `${name}.yaml`);
  writeFileSync(file, typeof content === 'string' ? content : stringify(content));
  for (const [path, text] of Object.entries(extraFiles)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return { dir, file };
}

/** Deep-merges `patch` into `base` (objects merge, everything else replaces; undefined deletes). */
export function merge(base: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    const current = out[key];
    if (value === undefined) delete out[key];
    else if (isPlainObject(value) && isPlainObject(current)) out[key] = merge(current, value);
    else out[key] = value;
  }
  return out;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Loads `content` as `<name>.yaml` and returns its problems as `field: message` (fails when it loads). */
export function problemsFor(content: Record<string, unknown> | string, name = 'dev'): string[] {
  const { file } = writeEnvironment(name, content);
  try {
    loadEnvironment(file);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return error.problems.map((p) => `${p.field}: ${p.message}`);
  }
  throw new Error('expected a ConfigError');
}
