/**
 * Writing a report to `--output FILE` so that whatever the target is, the result is the whole report or a
 * one-line error: a regular file (or a new one) is written to a temporary file beside it and renamed over
 * it (never half written); missing parent directories are created one by one (no recursive mkdir, which
 * can spin on special file systems such as /proc); a directory is refused; a character device or a FIFO
 * (/dev/stdout, /dev/null, a pipe) is written in place, a FIFO without a reader refused instead of waited on.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export class ReportWriteError extends Error {}

/** Writes `text` to `file`; throws ReportWriteError with a one-line reason on any failure. */
export function writeReport(file: string, text: string): void {
  const target = path.resolve(file);
  let stat: fs.Stats | undefined;
  try {
    stat = fs.statSync(target);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw failure(target, error);
  }
  if (stat?.isDirectory()) throw new ReportWriteError(`cannot write the report to ${target}: it is a directory`);
  if (stat && (stat.isCharacterDevice() || stat.isFIFO() || stat.isSocket())) {
    writeInPlace(target, text, stat.isFIFO());
    return;
  }
  if (stat && !stat.isFile()) throw new ReportWriteError(`cannot write the report to ${target}: not a regular file`);
  if (stat) {
    // A read-only report file stays read-only: it is not replaced behind its owner's back.
    try {
      fs.accessSync(target, fs.constants.W_OK);
    } catch (error) {
      throw failure(target, error);
    }
  }
  makeParents(path.dirname(target));
  const temporary = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.tmp`);
  try {
    fs.writeFileSync(temporary, text, { flag: 'wx' });
    fs.renameSync(temporary, target);
  } catch (error) {
    try {
      fs.rmSync(temporary, { force: true });
    } catch {
      // Nothing was written there, or it cannot be removed either: the error below says why.
    }
    throw failure(target, error);
  }
}

function writeInPlace(target: string, text: string, fifo: boolean): void {
  let fd: number | undefined;
  try {
    // A FIFO opened without a reader would block forever: non-blocking open fails with ENXIO instead.
    fd = fs.openSync(target, fifo ? fs.constants.O_WRONLY | fs.constants.O_NONBLOCK : 'w');
    fs.writeSync(fd, text);
  } catch (error) {
    throw failure(target, error);
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** Creates the missing ancestors of a directory one at a time. */
function makeParents(directory: string): void {
  const missing: string[] = [];
  for (let current = directory; ; current = path.dirname(current)) {
    let stat: fs.Stats | undefined;
    try {
      stat = fs.statSync(current);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw failure(current, error);
    }
    if (stat) {
      if (!stat.isDirectory()) throw new ReportWriteError(`cannot write the report under ${current}: it is not a directory`);
      break;
    }
    missing.unshift(current);
    if (path.dirname(current) === current) break;
  }
  for (const dir of missing) {
    try {
      fs.mkdirSync(dir);
    } catch (error) {
      throw failure(dir, error);
    }
  }
}

const REASONS: Readonly<Record<string, string>> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  ENOENT: 'no such file or directory',
  ENOTDIR: 'a part of the path is not a directory',
  EISDIR: 'it is a directory',
  ENXIO: 'nothing reads from it',
  EEXIST: 'a temporary file of the same name is in the way',
  EIO: 'input/output error',
};

function failure(target: string, error: unknown): ReportWriteError {
  const code = (error as NodeJS.ErrnoException).code;
  const reason = (code && REASONS[code]) ?? (error instanceof Error ? error.message : String(error));
  return new ReportWriteError(`cannot write the report to ${target}: ${reason}${code ? ` (${code})` : ''}`);
}
