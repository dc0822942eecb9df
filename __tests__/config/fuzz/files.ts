/**
 * Writes the files of a fuzz case: text, raw bytes, symbolic links, named pipes and directories, so a
 * case can be any file a user could put beside an environment file.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export type FileSpec =
  | string
  | Buffer
  | { readonly symlink: string }
  | { readonly fifo: true }
  | { readonly directory: true };

/** Creates every entry of `files` under `dir` (paths relative to it). */
export function writeFiles(dir: string, files: Readonly<Record<string, FileSpec>>): void {
  for (const [relativePath, spec] of Object.entries(files)) {
    const path = join(dir, relativePath);
    mkdirSync(dirname(path), { recursive: true });
    if (typeof spec === 'string' || Buffer.isBuffer(spec)) writeFileSync(path, spec);
    else if ('symlink' in spec) symlinkSync(spec.symlink, path);
    else if ('fifo' in spec) execFileSync('mkfifo', [path]);
    else mkdirSync(path, { recursive: true });
  }
}
