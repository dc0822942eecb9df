/**
 * Measures the source layer: `node -r ./scripts/register.js policies/source/bench.ts [paths…] [--runs N]`.
 * Without paths it analyses the policy gate's default scope (policies/policy.config.json) and the
 * layer's test fixtures. Prints wall time per run (first run includes JIT warm-up), resources found and
 * peak RSS. Module loading (ts-morph) is timed separately: the gate pays it once per process.
 */
import * as fs from 'fs';
import * as path from 'path';

function tsFiles(target: string): string[] {
  const stat = fs.statSync(target);
  if (stat.isFile()) return target.endsWith('.ts') ? [target] : [];
  return fs
    .readdirSync(target, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts') && !f.split(path.sep).includes('node_modules'))
    .map((f) => path.join(target, f));
}

function main(): void {
  const root = path.resolve(__dirname, '../..');
  const args = process.argv.slice(2);
  const runsAt = args.indexOf('--runs');
  const runs = runsAt >= 0 ? Number(args[runsAt + 1]) : 3;
  const paths = args.filter((a, i) => a !== '--runs' && i !== runsAt + 1);

  const t0 = process.hrtime.bigint();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { analyseSource } = require('./index') as typeof import('./index');
  const loadMs = Number(process.hrtime.bigint() - t0) / 1e6;

  const sets: { name: string; files: string[] }[] = [];
  if (paths.length > 0) {
    sets.push({ name: paths.join(' '), files: paths.flatMap((p) => tsFiles(path.resolve(p))) });
  } else {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { loadConfig, resolveScope } = require('../config') as { loadConfig(root: string): unknown; resolveScope(root: string, config: unknown, paths?: string[]): string[] };
    sets.push({ name: 'gate scope', files: resolveScope(root, loadConfig(root)).map((f) => path.join(root, f)) });
    sets.push({ name: 'fixtures', files: tsFiles(path.join(root, '__tests__/fixtures/source')) });
  }
  console.log(`load ts-morph + layer: ${loadMs.toFixed(0)} ms`);
  for (const set of sets) {
    const times: number[] = [];
    let resources = 0;
    for (let i = 0; i < runs; i++) {
      const start = process.hrtime.bigint();
      resources = analyseSource({ root, files: set.files }).resources.length;
      times.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
    console.log(`${set.name}: ${set.files.length} files, ${resources} resources, runs ${times.map((t) => t.toFixed(0)).join(' / ')} ms`);
  }
  console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
}

main();
