/**
 * Reusing a source analysis while nothing it read has changed. The source layer is most of the gate's
 * time (TypeScript's compiler alone takes over half a second to load), and in the daily loop (an
 * environment file edited, `npm run synth` again) the TypeScript has usually not changed.
 *
 * Each analysis records what it read (policies/source/inputs.ts): the text of every file, as a SHA-256
 * of exactly what it read, and every existence check with its answer. A stored analysis is reused only
 * for the same files under the same root, by the same gate code (every file under policies/ but the
 * Markdown), the same ts-morph and the same Node.js, and only when every recorded file still reads the
 * same and every existence check still gets the same answer. Anything else, including an entry that cannot be read or
 * parsed, is a miss and the layer runs again. Analyses with diagnostics (syntax errors, unreadable
 * files) are never stored, so their errors are always found afresh.
 *
 * Entries live in node_modules/.cache/policy-gate/ beside the compile cache (outside git; `npm ci`
 * starts them afresh); the newest MAX_ENTRIES are kept. `POLICY_NO_CACHE=1` or
 * `npm run policy -- --no-cache` turns reuse off.
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MAX_SOURCE_FILE_BYTES, readRegularFile } from './input-files';
import { textDigest, type SourceInputs } from './source/inputs';
import { reviveAnalysis, serializeAnalysis } from './source-transfer';
import type { SourceAnalysis } from './types';

/** Changes whenever the entry layout changes (older entries then never match). */
const FORMAT = 1;
/** Entries kept (one per set of analysed files and root: the repository, a few tests' roots). */
export const MAX_ENTRIES = 16;
/** Largest entry read back. */
const MAX_ENTRY_BYTES = 64 * 1024 * 1024;
const ENTRY_PREFIX = 'source-';

export interface SourceRequest {
  /** Repository root, absolute. */
  readonly root: string;
  /** Absolute paths of the files to analyse. */
  readonly files: readonly string[];
}

interface Entry {
  readonly format: number;
  readonly gate: string;
  readonly inputs: SourceInputs;
  /** The analysis, serialized, without its inputs and the files' texts (read back while checking the inputs). */
  readonly analysis: unknown;
}

/** Whether reuse is on for this process (`POLICY_NO_CACHE` turns it off). */
export function sourceCacheEnabled(): boolean {
  return !process.env.POLICY_NO_CACHE;
}

/** The gate's cache directory (this store, and the compile cache): node_modules/.cache/policy-gate beside the installed ts-morph. */
export function policyGateCacheDir(): string | undefined {
  try {
    const nodeModules = path.resolve(path.dirname(require.resolve('ts-morph/package.json')), '..');
    return path.join(nodeModules, '.cache', 'policy-gate');
  } catch {
    return undefined;
  }
}

/** Where entries live: `POLICY_CACHE_DIR`, else the gate's cache directory. */
export function sourceCacheDir(): string | undefined {
  return process.env.POLICY_CACHE_DIR ? path.resolve(process.env.POLICY_CACHE_DIR) : policyGateCacheDir();
}

/** A stored analysis of exactly these files whose inputs all still hold, or undefined. Never throws. */
export function lookupAnalysis(request: SourceRequest, cacheDir = sourceCacheDir()): SourceAnalysis | undefined {
  if (!cacheDir) return undefined;
  try {
    const file = entryPath(cacheDir, request);
    const read = readRegularFile(file, MAX_ENTRY_BYTES);
    if (!('text' in read)) return undefined;
    const entry = JSON.parse(read.text) as Entry;
    if (entry.format !== FORMAT || entry.gate !== gateDigest()) return undefined;
    const texts = currentTexts(entry.inputs);
    if (!texts || !existenceHolds(entry.inputs)) return undefined;
    const stored = reviveAnalysis(entry.analysis);
    const files = stored.files.map(({ file }) => ({ file, text: texts.get(path.resolve(request.root, file)) }));
    if (files.some((item) => item.text === undefined)) return undefined;
    // Mark the entry as recently used (pruning keeps the newest).
    const now = new Date();
    fs.utimesSync(file, now, now);
    return { ...stored, files: files as { file: string; text: string }[], inputs: entry.inputs, reused: true };
  } catch {
    return undefined;
  }
}

/**
 * Stores an analysis for `lookupAnalysis`, unless it has diagnostics or no record of its inputs. A store
 * that cannot be written only costs the reuse. Never throws.
 */
export function storeAnalysis(request: SourceRequest, analysis: SourceAnalysis, cacheDir = sourceCacheDir()): boolean {
  if (!cacheDir || !analysis.inputs || analysis.diagnostics.length > 0) return false;
  const inputs = analysis.inputs;
  // Every analysed file's text must be among the recorded reads, or it could not be read back.
  if (analysis.files.some(({ file }) => typeof inputs.files[path.resolve(request.root, file)] !== 'string')) return false;
  try {
    const { reused: _reused, inputs: _inputs, ...rest } = analysis;
    const entry: Entry = {
      format: FORMAT,
      gate: gateDigest(),
      inputs,
      analysis: serializeAnalysis({ ...rest, files: analysis.files.map(({ file }) => ({ file, text: '' })) }),
    };
    fs.mkdirSync(cacheDir, { recursive: true });
    const file = entryPath(cacheDir, request);
    const temporary = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}`;
    fs.writeFileSync(temporary, JSON.stringify(entry));
    fs.renameSync(temporary, file);
    pruneEntries(cacheDir);
    return true;
  } catch {
    return false;
  }
}

function entryPath(cacheDir: string, request: SourceRequest): string {
  const key = JSON.stringify({
    format: FORMAT,
    node: process.version,
    tsMorph: packageVersion('ts-morph'),
    root: path.resolve(request.root),
    files: [...new Set(request.files.map((file) => path.resolve(request.root, file)))].sort(),
  });
  return path.join(cacheDir, `${ENTRY_PREFIX}${textDigest(key).slice(0, 32)}.json`);
}

/** The text of every recorded file if each still has the digest recorded (null: still unreadable). */
function currentTexts(inputs: SourceInputs): Map<string, string> | undefined {
  const texts = new Map<string, string>();
  for (const [file, digest] of Object.entries(inputs.files)) {
    const read = readRegularFile(file, MAX_SOURCE_FILE_BYTES);
    const text = 'text' in read ? read.text : undefined;
    if (digest === null ? text !== undefined : text === undefined || textDigest(text) !== digest) return undefined;
    if (text !== undefined) texts.set(file, text);
  }
  return texts;
}

function existenceHolds(inputs: SourceInputs): boolean {
  return Object.entries(inputs.existence).every(([file, exists]) => isFile(file) === exists);
}

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

let gateDigestMemo: string | undefined;

/** A digest of the gate's own code (every file under policies/ but its docs): a changed rule or layer never reuses. */
function gateDigest(): string {
  if (gateDigestMemo === undefined) {
    const hash = crypto.createHash('sha256');
    const gateDir = __dirname;
    const files = (fs.readdirSync(gateDir, { recursive: true }) as string[]).map(String).sort();
    for (const relative of files) {
      const file = path.join(gateDir, relative);
      if (relative.endsWith('.md') || !isFile(file)) continue;
      hash.update(`${relative}\0`).update(fs.readFileSync(file)).update('\0');
    }
    gateDigestMemo = hash.digest('hex');
  }
  return gateDigestMemo;
}

function packageVersion(name: string): string {
  try {
    return String((require(`${name}/package.json`) as { version?: unknown }).version);
  } catch {
    return 'none';
  }
}

/** Keeps the MAX_ENTRIES most recently used entries (and drops leftovers of interrupted writes). */
function pruneEntries(cacheDir: string): void {
  const entries = fs
    .readdirSync(cacheDir)
    .filter((name) => name.startsWith(ENTRY_PREFIX))
    .map((name) => {
      const file = path.join(cacheDir, name);
      try {
        return { file, name, mtime: fs.statSync(file).mtimeMs };
      } catch {
        return undefined;
      }
    })
    .filter((item): item is { file: string; name: string; mtime: number } => item !== undefined);
  const stale = Date.now() - 60_000;
  for (const leftover of entries.filter((item) => !item.name.endsWith('.json') && item.mtime < stale)) fs.rmSync(leftover.file, { force: true });
  const complete = entries.filter((item) => item.name.endsWith('.json')).sort((a, b) => b.mtime - a.mtime);
  for (const old of complete.slice(MAX_ENTRIES)) fs.rmSync(old.file, { force: true });
}
