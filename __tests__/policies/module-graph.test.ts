/**
 * The gate's modules load in one direction: no runtime import cycle anywhere under policies/ (a cycle
 * makes the load order decide which module sees the other half-initialised). Type-only imports are erased
 * at runtime and do not count.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { resolveRelative, scanFile } from '../../policies/source/imports';

const root = path.resolve(__dirname, '../..');

function tsFiles(directory: string): string[] {
  return fs.readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const absolute = path.join(directory, entry.name);
    if (entry.isDirectory()) return tsFiles(absolute);
    return entry.name.endsWith('.ts') ? [absolute] : [];
  });
}

/** Local modules a file loads at runtime: imports that are not type-only, `require('./x')`, `import('./x')`. */
function runtimeImports(file: string): string[] {
  const scanned = scanFile(file, fs.readFileSync(file, 'utf8'));
  const typeOnly = new Map<string, number>();
  for (const entry of scanned.imports) if (entry.typeOnly) typeOnly.set(entry.moduleSpecifier, (typeOnly.get(entry.moduleSpecifier) ?? 0) + 1);
  const seen = new Map<string, number>();
  const out: string[] = [];
  for (const specifier of scanned.specifiers) {
    seen.set(specifier, (seen.get(specifier) ?? 0) + 1);
    if ((seen.get(specifier) ?? 0) <= (typeOnly.get(specifier) ?? 0)) continue;
    const target = resolveRelative(file, specifier);
    if (target) out.push(target);
  }
  return out;
}

function findCycle(graph: Map<string, string[]>): string[] | undefined {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string): string[] | undefined => {
    if (state.get(node) === 'done') return undefined;
    if (state.get(node) === 'open') return [...stack.slice(stack.indexOf(node)), node];
    state.set(node, 'open');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    stack.pop();
    state.set(node, 'done');
    return undefined;
  };
  for (const node of graph.keys()) {
    const cycle = visit(node);
    if (cycle) return cycle;
  }
  return undefined;
}

test('policies/ has no runtime import cycle', () => {
  const graph = new Map<string, string[]>();
  for (const file of tsFiles(path.join(root, 'policies'))) graph.set(file, runtimeImports(file));
  expect(graph.size).toBeGreaterThan(20);
  const cycle = findCycle(graph);
  expect(cycle?.map((file) => path.relative(root, file))).toBeUndefined();
});

test('the cycle finder finds a cycle', () => {
  expect(findCycle(new Map([['a', ['b']], ['b', ['c']], ['c', ['a']]]))).toEqual(['a', 'b', 'c', 'a']);
});
