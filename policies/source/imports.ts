/**
 * Import declarations of files the layer does not need to parse. A file matters to the source layer only
 * when it imports a provider package or (transitively) a file that does; the others are only scanned
 * (`ts.preProcessFile`, a tokenizer pass much cheaper than a parse) to list their imports.
 */
import * as fs from 'fs';
import * as path from 'path';
import { ts } from 'ts-morph';

export interface ScannedImport {
  readonly line: number;
  readonly column: number;
  readonly moduleSpecifier: string;
  readonly names: string[];
  readonly typeOnly: boolean;
}

export interface ScannedFile {
  readonly path: string;
  readonly text: string;
  /** Module specifiers of import/export declarations, `import x = require()`, `require()` and `import()`. */
  readonly specifiers: string[];
  readonly imports: ScannedImport[];
}

export function scanFile(file: string, text: string): ScannedFile {
  const pre = ts.preProcessFile(text, true, true);
  const imports: ScannedImport[] = [];
  const lineStarts = computeLineStarts(text);
  for (const ref of pre.importedFiles) {
    const parsed = declarationAt(text, ref.pos);
    if (!parsed) continue;
    const { line, column } = lineAndColumn(lineStarts, parsed.start);
    imports.push({ line, column, moduleSpecifier: ref.fileName, names: parsed.names, typeOnly: parsed.typeOnly });
  }
  const specifiers = pre.importedFiles.map((f) => f.fileName);
  // `export * as ns from '…'` is not reported by preProcessFile.
  for (const m of text.matchAll(/(^|[;\n}])[ \t]*export\s+(type\s+)?\*\s+as\s+([\w$]+)\s+from\s*(['"])([^'"\n]+)\4/g)) {
    const start = (m.index ?? 0) + m[0].indexOf('export');
    const { line, column } = lineAndColumn(lineStarts, start);
    specifiers.push(m[5]);
    imports.push({ line, column, moduleSpecifier: m[5], names: [`* as ${m[3]}`], typeOnly: m[2] !== undefined });
  }
  imports.sort((a, b) => a.line - b.line || a.column - b.column);
  return { path: file, text, specifiers, imports };
}

/** The import/export declaration whose module specifier starts at `pos` (undefined for `require()`/`import()` calls). */
function declarationAt(text: string, pos: number): { start: number; names: string[]; typeOnly: boolean } | undefined {
  // `pos` is the opening quote of the specifier (or just after it): include the quote.
  const end = text[pos] === '"' || text[pos] === "'" ? pos + 1 : pos;
  const offset = Math.max(0, end - 4000);
  const before = text.slice(offset, end);
  // The last `import`/`export` keyword at a statement start before the specifier.
  const re = /(^|[;\n}])\s*(import|export)\b/g;
  let match: RegExpExecArray | null;
  let last: { index: number; keyword: string } | undefined;
  while ((match = re.exec(before))) last = { index: match.index + match[0].length - match[2].length, keyword: match[2] };
  if (!last) return undefined;
  const start = offset + last.index;
  const clause = before
    .slice(last.index + last.keyword.length)
    .replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, ' ')
    .trim();
  if (!/["']$/.test(clause)) return undefined;
  let head = clause.slice(0, -1).trim();
  let typeOnly = false;
  if (/^type\s/.test(head)) {
    typeOnly = true;
    head = head.replace(/^type\s+/, '');
  }
  if (head === '') return last.keyword === 'import' && !typeOnly ? { start, names: [], typeOnly } : undefined; // import 'x'
  const requireMatch = /^([\w$]+)\s*=\s*require\s*\($/.exec(head);
  if (requireMatch) return last.keyword === 'import' ? { start, names: [`* as ${requireMatch[1]}`], typeOnly } : undefined;
  if (!/\sfrom$/.test(` ${head}`)) return undefined;
  const body = head.replace(/\s*from$/, '').trim();
  const names: string[] = [];
  const braces = /\{([\s\S]*)\}/.exec(body);
  const outside = body.replace(/\{[\s\S]*\}/, '').trim();
  if (last.keyword === 'export') {
    if (outside === '*') names.push('*');
    const ns = /^\*\s+as\s+([\w$]+)$/.exec(outside);
    if (ns) names.push(`* as ${ns[1]}`);
  } else {
    const def = /^([\w$]+)\s*(,|$)/.exec(outside);
    if (def) names.push(def[1]);
    const ns = /\*\s+as\s+([\w$]+)/.exec(outside);
    if (ns) names.push(`* as ${ns[1]}`);
  }
  if (braces) {
    const specs = braces[1]
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean);
    for (const x of specs) names.push(x.replace(/^type\s+/, '').replace(/\s+/g, ' '));
    if (specs.length > 0 && specs.every((x) => /^type\s/.test(x)) && last.keyword === 'import' && outside === '') typeOnly = true;
  }
  return { start, names, typeOnly };
}

function computeLineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

function lineAndColumn(lineStarts: number[], pos: number): { line: number; column: number } {
  let lo = 0;
  let hi = lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (lineStarts[mid] <= pos) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: pos - lineStarts[lo] + 1 };
}

/** The file a relative specifier points at, by path only (x.ts, x.tsx, x/index.ts; `.js` maps to `.ts`). */
export function resolveRelative(fromFile: string, specifier: string, exists: (file: string) => boolean = fileExists): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const base = path.resolve(path.dirname(fromFile), specifier);
  const stem = base.replace(/\.(js|ts|mjs|cjs)$/, '');
  for (const candidate of [`${stem}.ts`, `${stem}.tsx`, path.join(stem, 'index.ts')]) if (exists(candidate)) return candidate;
  return undefined;
}

const existence = new Map<string, boolean>();

/** Forget what `fileExists` learnt (called at the start of each analysis). */
export function clearExistenceCache(): void {
  existence.clear();
}

/** Every existence check of the current analysis and its answer (what a stored analysis depends on). */
export function existenceChecks(): ReadonlyMap<string, boolean> {
  return existence;
}

/** Whether a file exists (memoised within one analysis). */
export function fileExists(file: string): boolean {
  let known = existence.get(file);
  if (known === undefined) {
    try {
      known = fs.statSync(file).isFile();
    } catch {
      known = false;
    }
    existence.set(file, known);
  }
  return known;
}
