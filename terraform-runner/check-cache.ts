/**
 * Results of `npm run validate` cached by content: the stack's cdk.tf.json, the terraform version, the
 * providers on offer (mirror and versions, or the registry), the kind of check and this runner's format.
 * An unchanged stack is not planned again: its result and saved plan come from the cache. Only passing
 * checks are cached (a failure is worth seeing run again, and a skip depends on the network). The
 * cache lives under node_modules/.cache (never in cdktf.out, which synth replaces as a whole); each
 * entry is one JSON file, written whole through a rename, and the oldest entries beyond a limit go.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkStack, type CheckOptions, type StackResult, type StackTarget } from './check-stack';
import type { TerraformSession } from './session';

/** Bump when what a check produces changes, so older entries are not used. */
export const CACHE_FORMAT = 'terraform-check/1';

/** node_modules/.cache/ecs-web-stack/terraform-checks of this repository. */
export const DEFAULT_CACHE_DIR = join(__dirname, '..', 'node_modules', '.cache', 'ecs-web-stack', 'terraform-checks');

interface Entry {
  readonly format: string;
  readonly result: Omit<StackResult, 'seconds' | 'copyDir' | 'cached'>;
  /** The saved plan (stand-ins redacted), when the check planned. */
  readonly planText?: string;
}

export interface CheckCache {
  readonly dir: string;
  get(key: string): Entry | undefined;
  put(key: string, entry: Omit<Entry, 'format'>): void;
  /** Checks of a key under way in this process: a second request for the same content waits for the first. */
  readonly inFlight: Map<string, Promise<StackResult>>;
}

/** What a check's outcome depends on besides the stack itself. */
export function sessionFingerprint(session: Pick<TerraformSession, 'terraform' | 'mirror'>): string {
  const providers = session.mirror
    ? `mirror ${session.mirror.path}: ${session.mirror.providers.map((p) => `${p.address} ${p.versions.join(',')}`).join('; ')}`
    : 'registry';
  return `terraform ${session.terraform.version}\n${providers}`;
}

export function cacheKey(stackJsonText: string, fingerprint: string, mode: 'plan' | 'validate'): string {
  return createHash('sha256').update(CACHE_FORMAT).update('\0').update(fingerprint).update('\0').update(mode).update('\0').update(stackJsonText).digest('hex');
}

export function checkCache(dir: string = DEFAULT_CACHE_DIR, maxEntries = 200): CheckCache {
  const file = (key: string): string => join(dir, `${key}.json`);
  return {
    dir,
    inFlight: new Map(),
    get(key) {
      try {
        const entry = JSON.parse(readFileSync(file(key), 'utf8')) as Entry;
        if (entry.format !== CACHE_FORMAT) return undefined;
        const now = new Date();
        utimesSync(file(key), now, now); // recently used entries are the last to go
        return entry;
      } catch {
        return undefined;
      }
    },
    put(key, entry) {
      try {
        mkdirSync(dir, { recursive: true });
        const temporary = `${file(key)}.${process.pid}.tmp`;
        writeFileSync(temporary, JSON.stringify({ format: CACHE_FORMAT, ...entry }));
        renameSync(temporary, file(key));
        prune(dir, maxEntries);
      } catch {
        // A read-only node_modules only makes the next run slower.
      }
    },
  };
}

function prune(dir: string, maxEntries: number): void {
  const entries = readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .map((name) => ({ name, mtime: statSync(join(dir, name)).mtimeMs }))
    .sort((a, b) => b.mtime - a.mtime);
  for (const old of entries.slice(maxEntries)) rmSync(join(dir, old.name), { force: true });
}

/**
 * checkStack, unless the cache holds a passing result for the same content: then the cached plan is
 * written to `<stack dir>/plan.json` (fresh, so the gate does not take it for stale) and the result is
 * marked `cached`.
 */
export async function checkStackCached(target: StackTarget, options: CheckOptions, cache: CheckCache | undefined): Promise<StackResult> {
  if (!cache) return checkStack(target, options);
  const started = Date.now();
  let text: string;
  try {
    text = readFileSync(join(target.dir, 'cdk.tf.json'), 'utf8');
  } catch {
    return checkStack(target, options); // it reports the unreadable file
  }
  const key = cacheKey(text, sessionFingerprint(options.session), options.plan ? 'plan' : 'validate');
  const hit = cache.get(key);
  const planFile = join(target.dir, 'plan.json');
  if (hit && (hit.planText !== undefined || hit.result.plan.status !== 'ok')) {
    rmSync(planFile, { force: true });
    if (hit.planText !== undefined) writeFileSync(planFile, hit.planText);
    const plan = hit.planText !== undefined ? { ...hit.result.plan, file: planFile } : hit.result.plan;
    return { ...hit.result, plan, cached: true, seconds: (Date.now() - started) / 1000 };
  }
  const running = cache.inFlight.get(key);
  if (running) {
    await running.catch(() => undefined);
    return checkStackCached(target, options, cache); // now a hit, unless the first one did not pass
  }
  const pending = checkStack(target, options);
  cache.inFlight.set(key, pending);
  const result = await pending.finally(() => cache.inFlight.delete(key));
  const passed = result.validate.status === 'ok' && result.plan.status !== 'failed' && !(result.plan.status === 'skipped' && options.plan && !/^reads from AWS/.test(result.plan.reason ?? ''));
  if (passed) {
    const { seconds: _seconds, copyDir: _copyDir, cached: _cached, ...stored } = result;
    const planText = result.plan.file ? readFileSync(result.plan.file, 'utf8') : undefined;
    cache.put(key, { result: stored, ...(planText !== undefined ? { planText } : {}) });
  }
  return result;
}
