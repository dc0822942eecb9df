/**
 * Worker-thread entry of the source layer (see `startSourceAnalysis` in source-loader.ts): analyses the
 * files in `workerData` so ts-morph loads and parses while the main thread synthesizes, and posts the
 * tagged result (or the error message) back, and stores the analysis for reuse (source-cache.ts).
 */
import * as threads from 'node:worker_threads';
import { analyseHere, enableSourceCompileCache } from './source-loader';
import { serializeAnalysis } from './source-transfer';

if (!threads.isMainThread && (threads.workerData as { policySourceWorker?: boolean } | undefined)?.policySourceWorker === true) {
  const { parentPort, workerData } = threads;
  try {
    enableSourceCompileCache();
    const { root, files, cache, cacheDir } = workerData as { root: string; files: string[]; cache: boolean; cacheDir?: string };
    // The main thread looked for a stored analysis before it started this worker.
    parentPort?.postMessage({ ok: serializeAnalysis(analyseHere({ root, files }, { cache, lookup: false, ...(cacheDir ? { cacheDir } : {}) })) });
  } catch (error) {
    parentPort?.postMessage({ error: error instanceof Error ? error.message : String(error) });
  }
}
