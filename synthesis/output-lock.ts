/**
 * One synthesis at a time per output folder: `<outdir>.lock` holds the owner's pid. A second synth
 * waits (and says so) until the first is done, instead of reading or replacing a half-written output;
 * a lock whose owner is no longer running (killed with SIGKILL) is taken over.
 */
import { closeSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { relative } from 'node:path';
import { describeFsError, SynthesisError } from './errors';
import { Interrupted } from './interrupts';

export interface LockHolder {
  readonly pid: number;
  readonly started: string;
  readonly command: string;
}

export interface OutputLock {
  readonly path: string;
  release(): void;
}

export interface LockOptions {
  /** Give up after this long. @default 600000 (10 minutes) */
  readonly timeoutMs?: number;
  /** @default 200 */
  readonly pollMs?: number;
  /** Called once when the lock is held by another process and this one starts to wait. */
  readonly onWait?: (holder: LockHolder | undefined, path: string) => void;
  /** Called when a lock left by a process that is gone is taken over. */
  readonly onStale?: (holder: LockHolder, path: string) => void;
  /** Resolves on Ctrl-C: waiting stops with Interrupted. */
  readonly interrupted?: Promise<NodeJS.Signals>;
}

export function lockPath(outdir: string): string {
  return `${outdir}.lock`;
}

export async function acquireOutputLock(outdir: string, options: LockOptions = {}): Promise<OutputLock> {
  const path = lockPath(outdir);
  const shown = relative(process.cwd(), path) || path;
  const timeoutMs = options.timeoutMs ?? 600_000;
  const started = Date.now();
  let waiting = false;
  for (;;) {
    try {
      const fd = openSync(path, 'wx', 0o644);
      try {
        const holder: LockHolder = { pid: process.pid, started: new Date().toISOString(), command: process.argv.slice(1).join(' ') };
        writeSync(fd, `${JSON.stringify(holder)}\n`);
      } finally {
        closeSync(fd);
      }
      return ownLock(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new SynthesisError(`cannot create the lock ${shown}: ${describeFsError(error)}`, 2);
      }
    }
    const holder = readHolder(path);
    if (holder ? !isRunning(holder.pid) : olderThan(path, 10_000)) {
      // Gone without releasing it (SIGKILL, power loss), or died between creating and filling it.
      if (holder) options.onStale?.(holder, shown);
      if (readHolder(path)?.pid === holder?.pid) removeQuietly(path);
      continue;
    }
    if (!waiting) {
      waiting = true;
      options.onWait?.(holder, shown);
    }
    if (Date.now() - started > timeoutMs) {
      const who = holder ? `pid ${holder.pid}, since ${holder.started}` : 'an unknown process';
      throw new SynthesisError(`another synth (${who}) still holds ${shown} after ${Math.round(timeoutMs / 1000)} s; if none is running, delete ${shown}`, 2);
    }
    const signal = await Promise.race([sleep(options.pollMs ?? 200).then(() => undefined), options.interrupted ?? new Promise<never>(() => undefined)]);
    if (signal) throw new Interrupted(signal);
  }
}

function ownLock(path: string): OutputLock {
  let held = true;
  const release = () => {
    if (!held) return;
    held = false;
    process.off('exit', release);
    // Only our own lock: never one a later process took over.
    if (readHolder(path)?.pid === process.pid) removeQuietly(path);
  };
  // An exception or process.exit() must not leave the lock behind.
  process.on('exit', release);
  return { path, release };
}

/** The holder recorded in the lock file; undefined while it is being written or when it is unreadable. */
export function readHolder(path: string): LockHolder | undefined {
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<LockHolder>;
    return typeof parsed.pid === 'number' ? { pid: parsed.pid, started: String(parsed.started), command: String(parsed.command) } : undefined;
  } catch {
    return undefined;
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function olderThan(path: string, ms: number): boolean {
  try {
    return Date.now() - statSync(path).mtimeMs > ms;
  } catch {
    return false;
  }
}

function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Already gone: another process took it over first.
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
