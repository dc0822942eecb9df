/**
 * Worker-thread entry of the source layer (see `startSourceAnalysis` in source-loader.ts): analyses the
 * files in `workerData` so ts-morph loads and parses while the main thread synthesizes, and posts the
 * tagged result (or the error message) back.
 */
import * as threads from 'node:worker_threads';
import { enableSourceCompileCache, loadSourceLayer } from './source-loader';
import { serializeAnalysis } from './source-transfer';
import type { SourceAnalysis } from './types';

if (!threads.isMainThread && (threads.workerData as { policySourceWorker?: boolean } | undefined)?.policySourceWorker === true) {
  const { parentPort, workerData } = threads;
  try {
    enableSourceCompileCache();
    const analyse = loadSourceLayer();
    parentPort?.postMessage({ ok: serializeAnalysis(analyse(workerData as { root: string; files: string[] }) as SourceAnalysis) });
  } catch (error) {
    parentPort?.postMessage({ error: error instanceof Error ? error.message : String(error) });
  }
}
