/**
 * Which files the source layer parses, and the import lists of all of them. Every file is scanned
 * (`ts.preProcessFile`, cheap); only files that can create Terraform elements are parsed: those importing a
 * provider package, cdktf or constructs (a construct can create elements through a module it loads by a
 * computed path), and, transitively, those importing such a file (call sites of constructs, re-export
 * barrels). Code that imports none of them cannot attach an element to a stack.
 */
import * as fs from 'fs';
import { Node } from 'ts-morph';
import { fileExists, resolveRelative, type ScannedFile, scanFile } from './imports';
import type { InputLog } from './inputs';
import type { ProviderRegistry } from './provider-modules';

/** Packages whose importers can create Terraform elements (raw resources, backends, stack overrides, constructs). */
const ELEMENT_PACKAGES = new Set(['cdktf', 'constructs']);

export interface SourceImport {
  /** Repository-relative, forward slashes. */
  file: string;
  line: number;
  column: number;
  moduleSpecifier: string;
  /** Imported names (`EcrRepository`, `EcrRepository as Repo`, a default import's name), or `* as x`. */
  names: string[];
  /** `import type …` / `export type … from`: erased at runtime, so it costs nothing to load. */
  typeOnly?: true;
}

/**
 * Files that can create elements, and files that import those (transitively). Local files outside the
 * analysed set are scanned too (a barrel `constructs/index.ts` may re-export provider classes).
 */
export function relevantFiles(scanned: readonly ScannedFile[], registry: ProviderRegistry, log?: InputLog): Set<string> {
  const byPath = new Map<string, ScannedFile | undefined>(scanned.map((f) => [f.path, f]));
  const scan = (file: string): ScannedFile | undefined => {
    if (!byPath.has(file)) {
      let found: ScannedFile | undefined;
      try {
        if (byPath.size < 1000) found = scanFile(file, fs.readFileSync(file, 'utf8'));
      } catch {
        found = undefined;
      }
      byPath.set(file, found);
      log?.read(file, found?.text);
    }
    return byPath.get(file);
  };
  const targets = new Map<string, string[]>();
  const queue = scanned.map((f) => f.path);
  while (queue.length > 0) {
    const file = queue.pop() as string;
    if (targets.has(file)) continue;
    const f = scan(file);
    const local = (f?.specifiers ?? []).map((sp) => resolveRelative(file, sp, (c) => byPath.has(c) || fileExists(c))).filter((t): t is string => t !== undefined);
    targets.set(file, local);
    queue.push(...local.filter((t) => !targets.has(t)));
  }
  const relevant = new Set<string>();
  for (const [file] of targets) {
    const f = byPath.get(file);
    if (!f) continue;
    if (f.specifiers.some((sp) => registry.parseSpecifier(sp) || ELEMENT_PACKAGES.has(sp))) relevant.add(file);
  }
  for (let changed = true; changed; ) {
    changed = false;
    for (const [file, local] of targets) {
      if (!relevant.has(file) && local.some((t) => relevant.has(t))) {
        relevant.add(file);
        changed = true;
      }
    }
  }
  return relevant;
}

/** The import (and `export … from`, `import x = require()`) declaration of a statement, if it is one. */
export function collectImport(s: Node, file: string, out: SourceImport[]): void {
  const sf = s.getSourceFile();
  const at = (): { line: number; column: number } => sf.getLineAndColumnAtPos(s.getStart());
  if (Node.isImportDeclaration(s)) {
    const names: string[] = [];
    const def = s.getDefaultImport();
    if (def) names.push(def.getText());
    const ns = s.getNamespaceImport();
    if (ns) names.push(`* as ${ns.getText()}`);
    for (const spec of s.getNamedImports()) {
      const alias = spec.getAliasNode();
      names.push(alias ? `${spec.getName()} as ${alias.getText()}` : spec.getName());
    }
    const typeOnly = s.isTypeOnly() || (names.length > 0 && !def && !ns && s.getNamedImports().every((n) => n.isTypeOnly()));
    out.push({ file, ...at(), moduleSpecifier: s.getModuleSpecifierValue(), names, ...(typeOnly ? { typeOnly: true as const } : {}) });
  } else if (Node.isExportDeclaration(s)) {
    const specifier = s.getModuleSpecifierValue();
    if (!specifier) return;
    const ns = s.getNamespaceExport();
    const named = s.getNamedExports().map((e) => {
      const alias = e.getAliasNode();
      return alias ? `${e.getName()} as ${alias.getText()}` : e.getName();
    });
    const names = ns ? [`* as ${ns.getName()}`] : named.length > 0 ? named : ['*'];
    out.push({ file, ...at(), moduleSpecifier: specifier, names, ...(s.isTypeOnly() ? { typeOnly: true as const } : {}) });
  } else if (Node.isImportEqualsDeclaration(s)) {
    const ref = s.getModuleReference();
    if (Node.isExternalModuleReference(ref)) {
      const expr = ref.getExpression();
      if (expr && Node.isStringLiteral(expr)) out.push({ file, ...at(), moduleSpecifier: expr.getLiteralText(), names: [`* as ${s.getName()}`] });
    }
  }
}
