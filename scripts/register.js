/**
 * Runs the project's TypeScript without type-checking (that is `npm run build`'s job) and without
 * the cost of a general-purpose loader: only `.ts` files go through this hook, node_modules load
 * natively. Each file is transpiled with swc once and cached by content hash under
 * node_modules/.cache/ecs-web-stack, so a warm run does not even load swc.
 *
 * Usage: node -r ./scripts/register.js main.ts
 */
'use strict';
const { createHash } = require('node:crypto');
const { mkdirSync, readFileSync, writeFileSync, renameSync } = require('node:fs');
const { join } = require('node:path');

const cacheDir = join(__dirname, '..', 'node_modules', '.cache', 'ecs-web-stack');
let swc;

function transpile(source, filename) {
  swc ??= require('@swc/core');
  return swc.transformSync(source, {
    filename,
    sourceMaps: 'inline',
    jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
    module: { type: 'commonjs' },
  }).code;
}

require.extensions['.ts'] = function compileTypeScript(module, filename) {
  const source = readFileSync(filename, 'utf8');
  const key = createHash('sha1').update(filename).update('\0').update(source).digest('hex');
  const cached = join(cacheDir, `${key}.js`);
  let code;
  try {
    code = readFileSync(cached, 'utf8');
  } catch {
    code = transpile(source, filename);
    try {
      mkdirSync(cacheDir, { recursive: true });
      // Write then rename, so a parallel run never reads half a file.
      const temporary = `${cached}.${process.pid}.tmp`;
      writeFileSync(temporary, code);
      renameSync(temporary, cached);
    } catch {
      // A read-only checkout still runs; it just transpiles every time.
    }
  }
  module._compile(code, filename);
};

// Source maps stay off unless asked for (`NODE_OPTIONS=--enable-source-maps` or ECS_WEB_STACK_SOURCE_MAPS=1):
// with them on, Node parses the inline map of every module it loads (cdktf and the provider classes ship
// theirs), and cdktf captures a stack trace for every token it creates, each frame mapped through them.
// That is about a quarter of a synth's cpu (measured: 1.9 s against 1.45 s for the three example
// environments). Stack traces without them point at the transpiled code of the same .ts file.
if (process.env.ECS_WEB_STACK_SOURCE_MAPS === '1') process.setSourceMapsEnabled(true);
