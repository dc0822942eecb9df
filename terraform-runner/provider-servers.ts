/**
 * Long-lived provider processes for one run. Every terraform command that loads a provider normally
 * starts it afresh (plan three times, show once), and starting the AWS provider (registering 1,500
 * resource types) is a large part of each command's cost. Terraform can instead attach to providers
 * that already run (`TF_REATTACH_PROVIDERS`, the provider's `-debug` serve mode). Commands that never
 * configure a provider (`show`, `validate`, `providers schema`: they only need its schema) share
 * long-lived processes, one per terraform slot, lent to one command at a time. A command that configures
 * it (`plan`) gets processes of its own, stopped when it ends: a provider is not built to be configured
 * twice (the AWS provider's HTTP client refuses it), but one process serves the plan's validation and
 * planning, which would otherwise start the provider three times.
 *
 * Only for stacks with one configuration per provider: terraform sends every configuration of an
 * attached provider to the same process, where the last one would win. A provider that does not start
 * in serve mode (an older build, another plugin SDK) makes the pool stand aside: commands then start
 * their providers as usual.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { normalizeSource } from './stack-info';

/** Running provider processes (one per provider of a stack) that one terraform command can attach to. */
interface ServerSet {
  /** `TF_REATTACH_PROVIDERS` value: every provider of the set. */
  readonly reattach: string;
  readonly processes: readonly ChildProcess[];
}

export interface ProviderServerPool {
  /**
   * Lends a running set of these providers to one command (`env` is its TF_REATTACH_PROVIDERS), or
   * undefined: the command then starts its providers itself.
   */
  borrow(binaries: readonly ProviderBinary[], use: ProviderUse): Promise<{ readonly env: string; release(): void } | undefined>;
  /** Stops every process the pool started. */
  close(): void;
}

/** `schema`: the command only reads schemas (shared processes); `configure`: it configures the provider (processes of its own). */
export type ProviderUse = 'schema' | 'configure';

export interface ProviderBinary {
  /** `registry.terraform.io/hashicorp/aws` */
  readonly address: string;
  readonly path: string;
}

/** The provider binaries an init directory installed (`.terraform/providers/<host>/<ns>/<type>/<version>/<platform>/terraform-provider-*`). */
export function installedProviders(initDir: string): ProviderBinary[] {
  const root = join(initDir, '.terraform', 'providers');
  const found: ProviderBinary[] = [];
  const list = (dir: string): string[] => {
    try {
      return readdirSync(dir);
    } catch {
      return [];
    }
  };
  for (const host of list(root)) {
    for (const namespace of list(join(root, host))) {
      for (const type of list(join(root, host, namespace))) {
        for (const version of list(join(root, host, namespace, type))) {
          for (const platform of list(join(root, host, namespace, type, version))) {
            const dir = join(root, host, namespace, type, version, platform);
            const binary = list(dir).find((name) => name.startsWith(`terraform-provider-${type}`));
            if (binary && statSync(join(dir, binary)).isFile()) found.push({ address: normalizeSource(`${host}/${namespace}/${type}`), path: join(dir, binary) });
          }
        }
      }
    }
  }
  return found;
}

/** How long a provider may take to announce itself in serve mode. */
const START_TIMEOUT_MS = 60_000;

export function providerServerPool(env: NodeJS.ProcessEnv, size: number, startTimeoutMs: number = START_TIMEOUT_MS): ProviderServerPool {
  const idle = new Map<string, ServerSet[]>();
  const count = new Map<string, number>();
  const processes = new Set<ChildProcess>();
  const waiting: (() => void)[] = [];
  let disabled = false;

  const stop = (child: ChildProcess): void => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT');
  };

  /** Starts one provider in serve mode; undefined when it does not announce itself. */
  const start = (binary: ProviderBinary): Promise<{ reattach: object; process: ChildProcess } | undefined> =>
    new Promise((resolve) => {
      const child = spawn(binary.path, ['-debug'], { env: { ...env, TF_REATTACH_PROVIDERS: '' }, stdio: ['ignore', 'pipe', 'ignore'] });
      processes.add(child);
      let output = '';
      let settled = false;
      const settle = (value: { reattach: object; process: ChildProcess } | undefined): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (!value) stop(child);
        resolve(value);
      };
      const timer = setTimeout(() => settle(undefined), startTimeoutMs);
      child.stdout?.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const match = /TF_REATTACH_PROVIDERS='(\{.*\})'/.exec(output);
        if (!match) return;
        child.stdout?.removeAllListeners('data');
        child.stdout?.resume(); // what it prints from now on is not read
        try {
          settle({ reattach: JSON.parse(match[1]) as object, process: child });
        } catch {
          settle(undefined);
        }
      });
      child.on('error', () => settle(undefined));
      child.on('exit', () => {
        processes.delete(child);
        settle(undefined);
      });
    });

  const lend = (key: string, set: ServerSet, reuse: boolean): { env: string; release(): void } => {
    let released = false;
    return {
      env: set.reattach,
      release() {
        if (released) return;
        released = true;
        const alive = set.processes.every((child) => child.exitCode === null && child.signalCode === null);
        if (reuse && alive && !disabled) idle.set(key, [...(idle.get(key) ?? []), set]);
        else {
          count.set(key, (count.get(key) ?? 1) - 1);
          for (const child of set.processes) stop(child);
        }
        waiting.shift()?.();
      },
    };
  };

  return {
    async borrow(binaries, use) {
      if (disabled || binaries.length === 0) return undefined;
      const reuse = use === 'schema';
      const key = `${use}\n${binaries.map((binary) => binary.path).sort().join('\n')}`;
      for (;;) {
        if (disabled) return undefined;
        const free = reuse ? idle.get(key) : undefined;
        if (free && free.length > 0) return lend(key, free.shift() as ServerSet, reuse);
        if ((count.get(key) ?? 0) < size) {
          count.set(key, (count.get(key) ?? 0) + 1);
          const started = await Promise.all(binaries.map(start));
          if (started.some((server) => server === undefined)) {
            for (const server of started) if (server) stop(server.process);
            disabled = true; // stand aside for the rest of the run
            waiting.splice(0).forEach((wake) => wake());
            return undefined;
          }
          const servers = started as { reattach: object; process: ChildProcess }[];
          return lend(key, { reattach: JSON.stringify(Object.assign({}, ...servers.map((server) => server.reattach))), processes: servers.map((server) => server.process) }, reuse);
        }
        await new Promise<void>((resolve) => waiting.push(resolve));
      }
    },
    close() {
      disabled = true;
      for (const child of processes) stop(child);
      waiting.splice(0).forEach((wake) => wake());
    },
  };
}
