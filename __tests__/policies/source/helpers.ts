/** Shared helpers for the source layer tests: run the layer over fixture folders, find resources, locate text. */
import * as fs from 'fs';
import * as path from 'path';
import { Location, OneOf, PolicyResource, ResourceRef, Unresolved } from '../../../policies/model';
import { analyseSource, SourceLayerResult } from '../../../policies/source';

export const ROOT = path.resolve(__dirname, '../../..');
export const FIXTURES = '__tests__/fixtures/source';

/** Every .ts file under the given fixture folders (relative to `__tests__/fixtures/source`), absolute. */
export function fixtureFiles(...folders: string[]): string[] {
  return folders.flatMap((folder) => {
    const dir = path.join(ROOT, FIXTURES, folder);
    return fs
      .readdirSync(dir)
      .filter((f) => f.endsWith('.ts'))
      .sort()
      .map((f) => path.join(dir, f));
  });
}

export function analyseFixtures(...folders: string[]): SourceLayerResult {
  return analyseSource({ root: ROOT, files: fixtureFiles(...folders) });
}

/** The resource created with construct id `id` (the second argument of `new X(scope, id, …)`). */
export function byId(result: SourceLayerResult, id: string): PolicyResource {
  const found = result.resources.filter((r) => r.displayName.includes(` "${id}" (`));
  if (found.length !== 1) throw new Error(`expected one resource with id "${id}", found ${found.length}`);
  return found[0];
}

/**
 * The 1-based location of `snippet` in a fixture file, searching from the first occurrence of `anchor`
 * (e.g. the resource id), so expected locations are computed from the fixture text, not hand-counted.
 */
export function at(file: string, anchor: string, snippet: string = anchor): Location {
  const relative = `${FIXTURES}/${file}`;
  const text = fs.readFileSync(path.join(ROOT, relative), 'utf8');
  const start = text.indexOf(anchor);
  if (start < 0) throw new Error(`anchor ${anchor} not in ${file}`);
  const index = text.indexOf(snippet, start);
  if (index < 0) throw new Error(`snippet ${snippet} not in ${file} after ${anchor}`);
  const before = text.slice(0, index).split('\n');
  return { file: relative, line: before.length, column: before[before.length - 1].length + 1 };
}

/** The location of the `new` expression whose construct id argument is `'id'`. */
export function newOf(file: string, id: string): Location {
  const relative = `${FIXTURES}/${file}`;
  const text = fs.readFileSync(path.join(ROOT, relative), 'utf8');
  const idIndex = text.indexOf(`'${id}'`);
  const index = text.lastIndexOf('new ', idIndex);
  if (idIndex < 0 || index < 0) throw new Error(`no new expression with id ${id} in ${file}`);
  const before = text.slice(0, index).split('\n');
  return { file: relative, line: before.length, column: before[before.length - 1].length + 1 };
}

/** `Unresolved` for `expression`, located at its occurrence after `anchor` in `file`. */
export function unresolved(file: string, anchor: string, expression: string): Unresolved {
  return new Unresolved(expression, at(file, anchor, expression));
}

/** A reference to the resource whose `new` expression follows `anchor` in `file`. */
export function ref(file: string, anchor: string, attribute: string): ResourceRef {
  const loc = at(file, anchor, 'new ');
  return new ResourceRef(`${loc.file}:${loc.line}:${loc.column}`, attribute);
}

export function oneOf(...options: OneOf['options']): OneOf {
  return new OneOf(options);
}
