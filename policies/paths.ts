/** Repository-relative paths with forward slashes. */
import * as path from 'node:path';

export function toRepoPath(root: string, file: string): string {
  const absolute = path.isAbsolute(file) ? file : path.resolve(root, file);
  return path.relative(root, absolute).split(path.sep).join('/');
}
