/**
 * A V8 code cache for the few very large CommonJS files the source layer loads (TypeScript's compiler
 * inside @ts-morph/common, ~12 MB). Node 20 has no built-in module compile cache (22 adds
 * `module.enableCompileCache`), and compiling these files is a good part of the gate's start-up.
 *
 * Cached data lives in node_modules/.cache/policy-gate/ (not in git), keyed by path, size, mtime and the
 * V8 version; anything unexpected falls back to Node's own loader.
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import Module from 'node:module';
import * as path from 'node:path';
import * as vm from 'node:vm';

type Loader = (module: Module & { _compile?: unknown }, filename: string) => void;

let installed = false;

/** Installs the cache for `.js` files whose path matches `pattern` (once per process). */
export function installCompileCache(cacheDir: string, pattern: RegExp): void {
  if (installed) return;
  installed = true;
  const extensions = (Module as unknown as { _extensions: Record<string, Loader> })._extensions;
  const previous = extensions['.js'];
  extensions['.js'] = function cachedLoader(module, filename) {
    if (!pattern.test(filename.split(path.sep).join('/'))) return previous(module, filename);
    try {
      loadWithCache(module, filename, cacheDir);
    } catch {
      previous(module, filename);
    }
  };
}

function loadWithCache(module: Module, filename: string, cacheDir: string): void {
  const stat = fs.statSync(filename);
  const key = crypto.createHash('sha1').update(`${filename}\0${stat.size}\0${stat.mtimeMs}\0${process.versions.v8}`).digest('hex');
  const cacheFile = path.join(cacheDir, `${key}.bin`);
  let cachedData: Buffer | undefined;
  try {
    cachedData = fs.readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  const source = fs.readFileSync(filename, 'utf8');
  const script = new vm.Script(Module.wrap(source), { filename, cachedData, importModuleDynamically: undefined as never });
  const compiled = script.runInThisContext({ displayErrors: true }) as (...args: unknown[]) => void;
  const dirname = path.dirname(filename);
  const require = Module.createRequire(filename);
  compiled.call(module.exports, module.exports, require, module, filename, dirname);
  (module as unknown as { loaded: boolean }).loaded = true;
  if (cachedData === undefined || script.cachedDataRejected) {
    // Written after the module ran, so functions compiled while loading are in the cache too.
    try {
      fs.mkdirSync(cacheDir, { recursive: true });
      const temporary = `${cacheFile}.${process.pid}`;
      fs.writeFileSync(temporary, script.createCachedData());
      fs.renameSync(temporary, cacheFile);
    } catch {
      // A read-only node_modules only costs the cache.
    }
  }
}
