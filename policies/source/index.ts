/**
 * The source layer of the policy gate: reads the TypeScript of the app with ts-morph (syntax only, no type
 * checker) and turns every `new <provider class>(scope, id, config)` into a `PolicyResource` whose
 * attributes are the config evaluated for production, in Terraform spelling.
 *
 * See DESIGN.md, "Policy layer". The evaluation itself lives in `evaluate.ts`.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Node, Project, SourceFile, SyntaxKind, ts } from 'ts-morph';
import { AttrValue, PolicyResource } from '../model';
import { applyOverride, cloneAttributes, terraformName, toAttributes, toAttrValue } from './attributes';
import { Evaluator } from './evaluate';
import { ProviderRegistry } from './provider-modules';
import { lookupName, visitKinds } from './scope';
import { clearExistenceCache, fileExists, resolveRelative, ScannedFile, scanFile } from './imports';
import { optionsOf, ProviderClassVal, UNDEFINED, Val } from './values';
import { ResourceRef, Unresolved } from '../model';

export interface SourceLayerOptions {
  /** Repository root, absolute. */
  root: string;
  /** Absolute paths of the .ts files to analyse. */
  files: string[];
  tsConfigFilePath?: string;
}

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

export interface SourceFileText {
  /** Repository-relative, forward slashes. */
  file: string;
  text: string;
}

export interface SourceLayerResult {
  /** Layer 'source'. */
  resources: PolicyResource[];
  /** Every import (and `export … from`) declaration of the analysed files. */
  imports: SourceImport[];
  /** Text of the analysed files. */
  files: SourceFileText[];
  /** Syntax errors (and unreadable files): the gate exits 2 on these. */
  diagnostics: { file: string; line: number; column: number; message: string }[];
}

const HATCH_KINDS: ReadonlySet<SyntaxKind> = new Set([SyntaxKind.NewExpression, SyntaxKind.CallExpression, SyntaxKind.BinaryExpression]);

interface Site {
  readonly newExpr: Node;
  readonly cls: ProviderClassVal;
  readonly key: string;
}

/** Analyse the given files. Never throws for what is in the files: unknown syntax becomes `Unresolved`. */
export function analyseSource(options: SourceLayerOptions): SourceLayerResult {
  const root = path.resolve(options.root);
  const timer = phaseTimer();
  clearExistenceCache();
  const project = new Project({
    ...(options.tsConfigFilePath ? { tsConfigFilePath: options.tsConfigFilePath } : {}),
    skipAddingFilesFromTsConfig: true,
    skipFileDependencyResolution: true,
    skipLoadingLibFiles: true,
  });
  const relative = (file: string): string => path.relative(root, file).split(path.sep).join('/');
  const result: SourceLayerResult = { resources: [], imports: [], files: [], diagnostics: [] };

  // Scan every file (cheap); parse only the files that can matter: those importing a provider package,
  // and, transitively, those importing such a file (call sites of constructs, re-export barrels).
  const registry = ProviderRegistry.for(root);
  const scanned: ScannedFile[] = [];
  for (const absolute of new Set(options.files.map((file) => path.resolve(root, file)))) {
    try {
      scanned.push(scanFile(absolute, fs.readFileSync(absolute, 'utf8')));
    } catch (error) {
      result.diagnostics.push({ file: relative(absolute), line: 1, column: 1, message: `cannot read file: ${(error as Error).message}` });
    }
  }
  const relevant = relevantFiles(scanned, registry);
  timer('scan');

  const sourceFiles: SourceFile[] = [];
  for (const file of scanned) {
    const rel = relative(file.path);
    result.files.push({ file: rel, text: file.text });
    if (!relevant.has(file.path)) {
      for (const i of file.imports) result.imports.push({ file: rel, line: i.line, column: i.column, moduleSpecifier: i.moduleSpecifier, names: i.names, ...(i.typeOnly ? { typeOnly: true as const } : {}) });
      continue;
    }
    const sf = project.getSourceFile(file.path) ?? project.createSourceFile(file.path, file.text, { overwrite: true });
    sourceFiles.push(sf);
    for (const d of (sf.compilerNode as unknown as { parseDiagnostics?: ts.DiagnosticWithLocation[] }).parseDiagnostics ?? []) {
      const { line, column } = sf.getLineAndColumnAtPos(d.start ?? 0);
      result.diagnostics.push({ file: rel, line, column, message: ts.flattenDiagnosticMessageText(d.messageText, '\n') });
    }
    for (const st of sf.getStatements()) collectImport(st, rel, result.imports);
  }

  timer('parse');
  const evaluator = new Evaluator(project, root, registry, sourceFiles);
  const sites: Site[] = [];
  const hatches: Node[] = [];
  for (const sf of sourceFiles) {
    visitKinds(sf, HATCH_KINDS, (node) => {
      if (Node.isNewExpression(node)) {
        if (!safely(() => mayBeProviderClass(node, relevant), true)) return;
        const callee = evaluator.callee(node);
        if (callee instanceof ProviderClassVal) {
          const key = evaluator.keyOf(node);
          evaluator.resourceClasses.set(key, callee);
          sites.push({ newExpr: node, cls: callee, key });
        }
      } else if (Node.isCallExpression(node)) {
        const expr = node.getExpression();
        if (Node.isPropertyAccessExpression(expr) && /^(addOverride|put[A-Z]\w*|reset[A-Z]\w*)$/.test(expr.getName())) hatches.push(node);
      } else if (Node.isBinaryExpression(node) && node.getOperatorToken().getKind() === SyntaxKind.EqualsToken) {
        const left = node.getLeft();
        if (Node.isPropertyAccessExpression(left) && left.getExpression().getKind() !== SyntaxKind.ThisKeyword) hatches.push(node);
      }
    });
  }

  timer('discover');
  const byKey = new Map<string, { site: Site; attributes: { [key: string]: AttrValue }; production: boolean }>();
  for (const site of sites) {
    const n = site.newExpr.asKindOrThrow(SyntaxKind.NewExpression);
    const args = n.getArguments();
    const module = evaluator.registry.module(site.cls.pkg, site.cls.dir);
    const location = evaluator.location(n);
    const config: Val = args[2] ? evaluator.evaluate(args[2]) : UNDEFINED; // never throws: see Evaluator.guarded
    let attributes = config === UNDEFINED ? {} : cloneAttributes(toAttributes(config, module, location));
    const literal = args[2] && unwrapExpression(args[2]);
    if (config instanceof Unresolved && literal && Node.isObjectLiteralExpression(literal)) {
      // A spread the layer cannot see into: keep the properties written out (the spread may add others).
      attributes = cloneAttributes(toAttributes(explicitProperties(literal, evaluator), module, location));
    }
    byKey.set(site.key, { site, attributes, production: safely(() => evaluator.isProduction(n), true) });
  }

  // Escape hatches, in source order: addOverride / putX / resetX / `resource.attr = value`.
  for (const hatch of hatches) {
    try {
      applyHatch(hatch, evaluator, byKey);
    } catch (error) {
      if (process.env.POLICY_SOURCE_DEBUG) console.error(error);
      // A hatch the layer cannot read leaves the attributes as they are.
    }
  }

  for (const { site, attributes, production } of byKey.values()) {
    const n = site.newExpr.asKindOrThrow(SyntaxKind.NewExpression);
    const module = evaluator.registry.module(site.cls.pkg, site.cls.dir);
    const location = evaluator.location(n);
    const idArg = n.getArguments()[1];
    const id = idArg ? evaluator.evaluate(idArg) : UNDEFINED;
    const idText = typeof id === 'string' ? JSON.stringify(id) : idArg ? idArg.getText() : '?';
    result.resources.push({
      key: site.key,
      type: module.tfType,
      displayName: `${module.className ?? n.getExpression().getText()} ${idText} (${location.file}:${location.line})`,
      attributes,
      location,
      layer: 'source',
      production,
    });
  }
  timer('evaluate');
  return result;
}

/** `POLICY_SOURCE_TIMING=1` prints the time of each phase to stderr. */
function phaseTimer(): (phase: string) => void {
  if (!process.env.POLICY_SOURCE_TIMING) return () => undefined;
  let last = process.hrtime.bigint();
  return (phase) => {
    const now = process.hrtime.bigint();
    process.stderr.write(`policy source layer: ${phase} ${(Number(now - last) / 1e6).toFixed(0)} ms\n`);
    last = now;
  };
}

/**
 * False when the class of a `new` expression certainly is no provider class: a class declared in the file,
 * or one imported from a local file that imports no provider package (so it cannot re-export one). Saves
 * parsing such files just to look at `new SomeError(...)`.
 */
/** `fn()`, or `fallback` if it throws (a syntax shape the layer did not foresee must not crash the gate). */
function safely<T>(fn: () => T, fallback: T): T {
  try {
    return fn();
  } catch (error) {
    if (process.env.POLICY_SOURCE_DEBUG) console.error(error);
    return fallback;
  }
}

function mayBeProviderClass(newExpr: Node, relevant: ReadonlySet<string>): boolean {
  let root: Node = (newExpr as unknown as { getExpression(): Node }).getExpression();
  while (Node.isPropertyAccessExpression(root)) root = root.getExpression();
  if (!Node.isIdentifier(root)) return true;
  const decl = lookupName(root.getText(), root);
  if (!decl) return false; // a global (Error, Map, Date…)
  if (Node.isClassDeclaration(decl)) return false;
  const importDecl = decl.getFirstAncestorByKind(SyntaxKind.ImportDeclaration);
  if (!importDecl || !(Node.isImportSpecifier(decl) || Node.isImportClause(decl) || Node.isNamespaceImport(decl))) return true;
  const specifier = importDecl.getModuleSpecifierValue();
  if (!specifier.startsWith('.')) return true;
  const target = resolveRelative(newExpr.getSourceFile().getFilePath(), specifier);
  return target === undefined || relevant.has(target);
}

/**
 * Files that import a provider package, and files that import those (transitively). Local files outside the
 * analysed set are scanned too (a barrel `constructs/index.ts` may re-export provider classes).
 */
function relevantFiles(scanned: readonly ScannedFile[], registry: ProviderRegistry): Set<string> {
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
  for (const [file] of targets) if ((byPath.get(file)?.specifiers ?? []).some((sp) => registry.parseSpecifier(sp))) relevant.add(file);
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

function unwrapExpression(node: Node): Node {
  let n = node;
  while (Node.isParenthesizedExpression(n) || Node.isAsExpression(n) || Node.isSatisfiesExpression(n) || Node.isNonNullExpression(n)) n = n.getExpression();
  return n;
}

/** The written-out properties of an object literal, each evaluated on its own. */
function explicitProperties(literal: Node, evaluator: Evaluator): Val {
  const out: { [key: string]: Val } = {};
  if (!Node.isObjectLiteralExpression(literal)) return out;
  for (const p of literal.getProperties()) {
    if (Node.isPropertyAssignment(p) || Node.isShorthandPropertyAssignment(p)) {
      const nameNode = p.getNameNode();
      const name = Node.isIdentifier(nameNode) ? nameNode.getText() : Node.isStringLiteral(nameNode) ? nameNode.getLiteralText() : undefined;
      if (name === undefined) continue;
      out[name] = Node.isPropertyAssignment(p) ? evaluator.evaluate(p.getInitializerOrThrow()) : evaluator.evaluate(p.getNameNode());
    }
  }
  return out;
}

function applyHatch(hatch: Node, evaluator: Evaluator, byKey: Map<string, { site: Site; attributes: { [key: string]: AttrValue }; production: boolean }>): void {
  let receiver: Node;
  let apply: (attributes: { [key: string]: AttrValue }, site: Site) => void;
  const location = evaluator.location(hatch);
  if (Node.isCallExpression(hatch)) {
    const callee = hatch.getExpression().asKindOrThrow(SyntaxKind.PropertyAccessExpression);
    receiver = callee.getExpression();
    const method = callee.getName();
    const args = hatch.getArguments();
    if (method === 'addOverride') {
      const pathValue = args[0] ? evaluator.evaluate(args[0]) : UNDEFINED;
      if (typeof pathValue !== 'string') return;
      const raw = args[1] ? evaluator.evaluate(args[1]) : UNDEFINED;
      apply = (attributes) => applyOverride(attributes, pathValue, raw === UNDEFINED ? undefined : toAttrValue(raw, undefined, true, location));
    } else {
      const prop = method.replace(/^(put|reset)([A-Z])/, (_m, _verb: string, c: string) => c.toLowerCase());
      const raw = method.startsWith('put') && args[0] ? evaluator.evaluate(args[0]) : UNDEFINED;
      apply = (attributes, site) => {
        const module = evaluator.registry.module(site.cls.pkg, site.cls.dir);
        const { name, isMap } = terraformName(prop, module);
        if (raw === UNDEFINED) delete attributes[name];
        else attributes[name] = toAttrValue(raw, module, isMap, location);
      };
    }
  } else if (Node.isBinaryExpression(hatch)) {
    const left = hatch.getLeft().asKindOrThrow(SyntaxKind.PropertyAccessExpression);
    receiver = left.getExpression();
    const raw = evaluator.evaluate(hatch.getRight());
    apply = (attributes, site) => {
      const module = evaluator.registry.module(site.cls.pkg, site.cls.dir);
      const { name, isMap } = terraformName(left.getName(), module);
      if (raw === UNDEFINED) delete attributes[name];
      else attributes[name] = toAttrValue(raw, module, isMap, location);
    };
  } else {
    return;
  }
  const targets = optionsOf(evaluator.evaluate(receiver)).filter((t): t is ResourceRef => t instanceof ResourceRef && t.attribute === '');
  const hatchInProduction = safely(() => evaluator.isProduction(hatch), true);
  for (const target of targets) {
    const entry = byKey.get(target.targetKey);
    if (!entry) continue;
    // A change made only outside production does not change what production gets.
    if (entry.production && !hatchInProduction) continue;
    apply(entry.attributes, entry.site);
  }
}

function collectImport(s: Node, file: string, out: SourceImport[]): void {
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
