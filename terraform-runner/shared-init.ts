/**
 * One `terraform init` per set of providers and run, shared by every working copy that needs the same
 * providers: init only installs providers and sets up the (local) backend, both identical for all
 * copies, so each copy links the init directory's `.terraform` and copies its lock file instead of
 * running init (and copying the ~700 MB AWS provider) itself.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunResult } from './run-terraform';
import type { JsonObject, ProviderRequirement } from './stack-info';
import { LOCAL_BACKEND } from './working-copy';

/** Runs terraform with `args` in `cwd` (the caller's slot and environment apply). */
export type RunIn = (cwd: string, args: string[]) => Promise<RunResult>;

export type InitOutcome = { readonly ok: true; readonly dir: string } | { readonly ok: false; readonly result: RunResult };

export interface SharedInits {
  /** The init directory for these providers (init runs on the first request, once). */
  forProviders(providers: readonly ProviderRequirement[]): Promise<InitOutcome>;
}

/** The configuration an init directory holds: the providers (as the stack requires them) and the backend. */
export function initConfiguration(providers: readonly ProviderRequirement[]): JsonObject {
  const required: JsonObject = {};
  for (const provider of providers) {
    required[provider.localName] = { source: provider.address, ...(provider.version ? { version: provider.version } : {}) };
  }
  return { terraform: { required_providers: required, backend: LOCAL_BACKEND } };
}

/** Same providers, same versions: same key. */
export function providersKey(providers: readonly ProviderRequirement[]): string {
  const text = providers
    .map((p) => `${p.localName}=${p.address}@${p.version ?? ''}`)
    .sort()
    .join('\n');
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

export function sharedInits(root: string, run: RunIn): SharedInits {
  const inits = new Map<string, Promise<InitOutcome>>();
  // Inits run one at a time: a shared plugin cache (TF_PLUGIN_CACHE_DIR) is not safe for parallel inits.
  let queue: Promise<unknown> = Promise.resolve();
  return {
    forProviders(providers) {
      const key = providersKey(providers);
      let outcome = inits.get(key);
      if (!outcome) {
        const dir = join(root, `init-${key}`);
        outcome = queue.then(async (): Promise<InitOutcome> => {
          mkdirSync(dir, { recursive: true });
          writeFileSync(join(dir, 'main.tf.json'), `${JSON.stringify(initConfiguration(providers), null, 2)}\n`);
          const result = await run(dir, ['init', '-input=false', '-no-color']);
          return result.code === 0 ? { ok: true, dir } : { ok: false, result };
        });
        queue = outcome.catch(() => undefined);
        inits.set(key, outcome);
      }
      return outcome;
    },
  };
}
