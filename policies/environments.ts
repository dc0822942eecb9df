/**
 * What the environment files declare about production, as a second witness beside the marker a stack
 * writes (`local.production`): code can write any marker, the environment file is what the team reviews.
 * A stack named after a file (`environments/prod.yaml` → stack `prod`) whose file says `production: true`
 * is production whatever its marker says.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** `production: true` as a plain top-level line, the way environment files write it. */
const PLAIN = /^production:[ \t]*(true|false|True|False|TRUE|FALSE)[ \t]*(?:#.*)?$/gm;

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
      const value = productionOf(text);
      if (value !== undefined) out.set(stack, value);
      break;
    }
  }
  return out;
}

/** The top-level `production` of an environment file: one plain line is read directly, anything else is parsed. */
function productionOf(text: string): boolean | undefined {
  const plain = [...text.matchAll(PLAIN)];
  if (plain.length === 1 && !/^\s*[{[]|^---|^%/m.test(text)) return plain[0][1].toLowerCase() === 'true';
  try {
    // Loaded only for files written another way (flow style, several documents, anchors).
    const { parse } = require('yaml') as typeof import('yaml');
    const document = parse(text, { maxAliasCount: 100 }) as unknown;
    const value = typeof document === 'object' && document !== null ? (document as { production?: unknown }).production : undefined;
    return typeof value === 'boolean' ? value : undefined;
  } catch {
    // An unreadable file proves nothing either way; the configuration loader reports it.
    return undefined;
  }
}
