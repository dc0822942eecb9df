/**
 * Reads a file the user named (an environment file, a PEM file) the safe way: regular files only,
 * symbolic links followed (Certbot's live/ files are links into archive/), a size cap, and every
 * failure a one-line message instead of a stack trace. A named pipe would block a plain read forever
 * and /dev/zero would fill memory; both are refused before any byte is read.
 */
import { closeSync, constants, fstatSync, lstatSync, openSync, readlinkSync, readSync, statSync, type Stats } from 'node:fs';

export type ReadResult =
  | { readonly ok: true; readonly bytes: Buffer; /** Where a symbolic link pointed, when `path` was one. */ readonly linkTarget?: string }
  | { readonly ok: false; readonly message: string; /** Set when `path` is a link whose target is missing. */ readonly brokenLinkTarget?: string };

/** Reads `path` (at most `maxBytes`); `shown` is the name used in messages. */
export function readRegularFile(path: string, maxBytes: number, shown: string): ReadResult {
  let link: Stats;
  try {
    link = lstatSync(path);
  } catch (error) {
    return { ok: false, message: describeIoError(error, shown) };
  }
  let linkTarget: string | undefined;
  if (link.isSymbolicLink()) {
    linkTarget = safeReadlink(path);
    try {
      statSync(path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') {
        return { ok: false, message: `${shown} is a symbolic link to ${linkTarget ?? '?'}, which does not exist`, brokenLinkTarget: linkTarget ?? '' };
      }
      if (code === 'ELOOP') return { ok: false, message: `${shown} is a symbolic link that loops back on itself` };
      return { ok: false, message: describeIoError(error, shown) };
    }
  }

  let fd: number;
  try {
    // O_NONBLOCK: opening a named pipe must not wait for a writer; the fstat below then refuses it.
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
  } catch (error) {
    return { ok: false, message: describeIoError(error, shown) };
  }
  try {
    const stats = fstatSync(fd);
    const kind = notRegular(stats);
    if (kind) return { ok: false, message: `${shown} is ${kind}, not a regular file` };
    if (stats.size > maxBytes) return { ok: false, message: `${shown} is ${formatBytes(stats.size)}; at most ${formatBytes(maxBytes)} is allowed here` };
    // Read at most one byte more than allowed: a file that grows while read still cannot exceed the cap.
    const buffer = Buffer.alloc(Math.min(stats.size, maxBytes) + 1);
    let length = 0;
    for (;;) {
      const read = readSync(fd, buffer, length, buffer.length - length, null);
      if (read === 0) break;
      length += read;
      if (length === buffer.length) break;
    }
    if (length > maxBytes) return { ok: false, message: `${shown} is larger than ${formatBytes(maxBytes)}, the most allowed here` };
    return { ok: true, bytes: buffer.subarray(0, length), linkTarget };
  } catch (error) {
    return { ok: false, message: describeIoError(error, shown) };
  } finally {
    closeSync(fd);
  }
}

/** What a non-regular file is, or undefined for a regular file. */
export function notRegular(stats: Stats): string | undefined {
  if (stats.isFile()) return undefined;
  if (stats.isDirectory()) return 'a directory';
  if (stats.isFIFO()) return 'a named pipe (FIFO)';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  if (stats.isSocket()) return 'a socket';
  return 'not a regular file';
}

/** A one-line description of a file system error (no stack trace). */
export function describeIoError(error: unknown, shown: string): string {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return `${shown} does not exist`;
    case 'EACCES':
    case 'EPERM':
      return `${shown} cannot be read: permission denied (${code})`;
    case 'ENOTDIR':
      return `${shown} does not exist (a part of the path is not a directory)`;
    case 'ELOOP':
      return `${shown} cannot be read: too many levels of symbolic links`;
    case 'ENAMETOOLONG':
      return `${shown}: the path is too long`;
    case 'EISDIR':
      return `${shown} is a directory, not a regular file`;
    default:
      return `${shown} cannot be read: ${code ?? ''} ${(error as Error).message ?? String(error)}`.replace(/\s+/g, ' ').trim();
  }
}

function safeReadlink(path: string): string | undefined {
  try {
    return readlinkSync(path);
  } catch {
    return undefined;
  }
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1).replace(/\.0$/, '')} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1).replace(/\.0$/, '')} MiB`;
}
