/** The V8 code cache for large CommonJS files: same exports, cache written once and reused. */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const root = path.resolve(__dirname, '../..');

test('a cached module loads with the same exports and writes its cache once', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'policy-cache-'));
  try {
    fs.mkdirSync(path.join(dir, 'node_modules/big/dist'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'node_modules/big/dist/big.js'), 'exports.answer = 6 * 7; exports.dir = __dirname; exports.req = typeof require;\n');
    const script = path.join(dir, 'run.ts');
    fs.writeFileSync(
      script,
      [
        `import { installCompileCache } from ${JSON.stringify(path.join(root, 'policies/compile-cache'))};`,
        `installCompileCache(${JSON.stringify(path.join(dir, 'cache'))}, /\\/node_modules\\/big\\/dist\\/big\\.js$/);`,
        `const big = require(${JSON.stringify(path.join(dir, 'node_modules/big/dist/big.js'))});`,
        'console.log(JSON.stringify(big));',
      ].join('\n'),
    );
    const run = (): string => spawnSync(process.execPath, ['-r', path.join(root, 'scripts/register.js'), script], { cwd: root, encoding: 'utf8' }).stdout.trim();
    const expected = JSON.stringify({ answer: 42, dir: path.join(dir, 'node_modules/big/dist'), req: 'function' });
    expect(run()).toBe(expected);
    const cacheFiles = fs.readdirSync(path.join(dir, 'cache'));
    expect(cacheFiles).toHaveLength(1);
    const written = fs.statSync(path.join(dir, 'cache', cacheFiles[0])).mtimeMs;
    expect(run()).toBe(expected);
    expect(fs.statSync(path.join(dir, 'cache', cacheFiles[0])).mtimeMs).toBe(written);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
