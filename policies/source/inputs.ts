/**
 * What one source analysis read from the file system: the text of every file it used (as a SHA-256 of
 * exactly the text it read) and every existence check it made. The gate reuses a stored analysis
 * (policies/source-cache.ts) only while every one of them still holds, so a reused result never stands
 * for files as they were rather than as they are.
 */
import { createHash } from 'node:crypto';

export interface SourceInputs {
  /** Absolute path → SHA-256 of the text the layer read there; null: the layer found no readable file. */
  readonly files: Readonly<Record<string, string | null>>;
  /** Absolute path → whether a regular file existed there. */
  readonly existence: Readonly<Record<string, boolean>>;
}

export function textDigest(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Collects the reads and existence checks of an analysis. */
export class InputLog {
  private readonly files = new Map<string, string | null>();
  private readonly existence = new Map<string, boolean>();

  /** The layer read `text` from `file` (undefined: it could not read a file there). */
  read(file: string, text: string | undefined): void {
    this.files.set(file, text === undefined ? null : textDigest(text));
  }

  /** Whether the log has the text read from `file` already. */
  hasRead(file: string): boolean {
    return this.files.has(file);
  }

  /** The layer checked whether a regular file exists at `file`. */
  checked(file: string, exists: boolean): void {
    this.existence.set(file, exists);
  }

  /** Takes over everything another log recorded. */
  merge(other: SourceInputs): void {
    for (const [file, digest] of Object.entries(other.files)) this.files.set(file, digest);
    for (const [file, exists] of Object.entries(other.existence)) this.existence.set(file, exists);
  }

  toInputs(): SourceInputs {
    return { files: Object.fromEntries(this.files), existence: Object.fromEntries(this.existence) };
  }
}
