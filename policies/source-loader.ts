/**
 * Loading the source layer: ts-morph is heavy, so policies/source loads only when the source layer runs
 * and no stored analysis can be reused (source-cache.ts), with a V8 code cache, and
 * `startSourceAnalysis` can start it ahead of time in a worker thread.
 */
import * as path from 'node:path';
import { loadConfig, resolveScope } from './config';
import { lookupAnalysis, policyGateCacheDir, sourceCacheDir, sourceCacheEnabled, storeAnalysis, type SourceRequest } from './source-cache';
import { reviveAnalysis } from './source-transfer';
import type { SourceAnalysis } from './types';

export type AnalyseSource = (options: { root: string; files: string[]; tsConfigFilePath?: string }) => SourceAnalysis | Promise<SourceAnalysis>;

/** The source layer started ahead of `runGate` (see `startSourceAnalysis`). */
export interface PreparedSource {
  /** Repository-relative files in scope. */
  readonly files: readonly string[];
  /** Why the scope could not be resolved, if it could not. */
  readonly scopeError?: string;
  readonly analysis?: Promise<SourceAnalysis>;
}

/** A V8 code cache for TypeScript's compiler and ts-morph (saves a few hundred ms per run on Node 20). */
export function enableSourceCompileCache(): void {
  if (process.env.POLICY_NO_COMPILE_CACHE) return;
  try {
    const cacheDir = policyGateCacheDir();
    if (!cacheDir) return;
    const { installCompileCache } = require('./compile-cache') as typeof import('./compile-cache');
    installCompileCache(cacheDir, /\/node_modules\/(@ts-morph\/common\/dist\/(typescript|ts-morph-common)|ts-morph\/dist\/ts-morph)\.js$/);
  } catch {
    // Without the cache the source layer is only slower.
  }
}

/** Loads policies/source lazily (ts-morph is heavy); by variable so the build does not depend on it. */
export function loadSourceLayer(): AnalyseSource {
  enableSourceCompileCache();
  const modulePath = './source/index';
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const loaded = require(modulePath) as { analyseSource?: AnalyseSource };
  if (typeof loaded.analyseSource !== 'function') throw new Error('policies/source does not export analyseSource');
  return loaded.analyseSource;
}

/**
 * The source layer in this thread: a stored analysis when nothing it read has changed (unless `lookup`
 * is false: the caller looked already), else a fresh one, stored for the next run when `cache` is on.
 * `cacheDir` defaults to `sourceCacheDir()`.
 */
export function analyseHere(request: SourceRequest, options: { cache?: boolean; lookup?: boolean; cacheDir?: string } = {}): SourceAnalysis {
  const cache = options.cache ?? sourceCacheEnabled();
  const cacheDir = options.cacheDir ?? sourceCacheDir();
  if (cache && options.lookup !== false) {
    const stored = lookupAnalysis(request, cacheDir);
    if (stored) return stored;
  }
  const analysis = loadSourceLayer()({ root: request.root, files: [...request.files] }) as SourceAnalysis;
  if (cache) storeAnalysis(request, analysis, cacheDir);
  return analysis;
}

/**
 * Starts the source layer now, in a worker thread, so ts-morph loads and parses in parallel with other
 * work on the main thread (`npm run synth` synthesizes meanwhile); pass the result to `runGate` as
 * `prepared`. Falls back to the main thread when a worker cannot start. A stored analysis that still
 * holds is used without starting a worker.
 */
export function startSourceAnalysis(options: { root: string; paths?: readonly string[]; cache?: boolean }): PreparedSource {
  const root = path.resolve(options.root);
  let files: string[];
  try {
    files = resolveScope(root, loadConfig(root), options.paths);
  } catch (error) {
    return { files: [], scopeError: (error as Error).message };
  }
  if (files.length === 0) return { files };
  const absolute = files.map((file) => path.join(root, file));
  const cache = options.cache ?? sourceCacheEnabled();
  // Decided here, not in the worker: a worker sees the process's environment, not this thread's changes to it.
  const cacheDir = sourceCacheDir();
  const stored = cache ? lookupAnalysis({ root, files: absolute }, cacheDir) : undefined;
  if (stored) return { files, analysis: Promise.resolve(stored) };
  const inProcess = (): SourceAnalysis => analyseHere({ root, files: absolute }, { cache, lookup: false, cacheDir });
  const analysis = new Promise<SourceAnalysis>((resolve, reject) => {
    let worker: import('node:worker_threads').Worker;
    try {
      const { Worker } = require('node:worker_threads') as typeof import('node:worker_threads');
      worker = new Worker(path.join(__dirname, `source-worker${path.extname(__filename)}`), { workerData: { policySourceWorker: true, root, files: absolute, cache, cacheDir } });
    } catch {
      resolve(inProcess());
      return;
    }
    let settled = false;
    worker.once('message', (message: { ok?: unknown; error?: string }) => {
      settled = true;
      void worker.terminate();
      if (message.error !== undefined) reject(new Error(message.error));
      else resolve(reviveAnalysis(message.ok));
    });
    const fallback = (): void => {
      if (settled) return;
      settled = true;
      try {
        resolve(inProcess());
      } catch (error) {
        reject(error);
      }
    };
    worker.once('error', fallback);
    worker.once('exit', fallback);
  });
  return { files, analysis };
}
