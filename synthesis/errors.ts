/**
 * Failures of synthesis that a user causes or must fix (a lock held, a folder that cannot be written,
 * state in the way): one line each, with the exit code the command ends with, never a stack trace.
 */
export class SynthesisError extends Error {
  constructor(
    message: string,
    /** 1: something in the project must change first; 2: the output could not be written. */
    readonly exitCode: 1 | 2,
  ) {
    super(message);
    this.name = 'SynthesisError';
  }
}

/** A file system error as one line: `EACCES: permission denied` without the stack. */
export function describeFsError(error: unknown): string {
  const { code, message } = error as NodeJS.ErrnoException;
  if (code === 'EACCES' || code === 'EPERM') return `permission denied (${code})`;
  if (code === 'ENOSPC') return 'no space left on the device (ENOSPC)';
  if (code === 'EROFS') return 'the file system is read-only (EROFS)';
  if (code === 'EDQUOT') return 'disk quota exceeded (EDQUOT)';
  if (code === 'EFBIG') return 'file too large for the file size limit (EFBIG)';
  return (message ?? String(error)).split('\n')[0];
}
