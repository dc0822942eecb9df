/**
 * What the environment files declare about production, as a second witness beside the marker a stack
 * writes (`local.production`): code can write any marker, the environment file is what the team reviews.
 * A stack named after a file (`environments/prod.yaml` → stack `prod`) whose file says `production: true`
 * is production whatever its marker says.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';

/** `production: true` / `false` of `<dir>/<stack>.yaml` (or `.yml`), for the given stacks; absent when a file does not say. */
export function declaredProduction(root: string, directory: string | undefined, stacks: readonly string[]): Map<string, boolean> {
  const out = new Map<string, boolean>();
  if (!directory) return out;
  const base = path.resolve(root, directory);
  for (const stack of stacks) {
    for (const extension of ['.yaml', '.yml']) {
      const file = path.join(base, `${stack}${extension}`);
      let text: string;
      try {
        const stat = fs.statSync(file);
        if (!stat.isFile() || stat.size > 1024 * 1024) continue;
        text = fs.readFileSync(file, 'utf8');
      } catch {
        continue;
      }
      try {
        const document = parse(text, { maxAliasCount: 100 }) as unknown;
        const value = typeof document === 'object' && document !== null ? (document as { production?: unknown }).production : undefined;
        if (typeof value === 'boolean') out.set(stack, value);
      } catch {
        // An unreadable file proves nothing either way; the configuration loader reports it.
      }
      break;
    }
  }
  return out;
}
