/**
 * The source layer of the policy gate: reads the TypeScript of the app with ts-morph (syntax only, no type
 * checker) and turns every `new <provider class>(scope, id, config)` into a `PolicyResource` whose
 * attributes are the config evaluated for production, in Terraform spelling.
 *
 * See DESIGN.md, "Policy layer". The evaluation itself lives in `evaluate.ts`.
 */
import * as path from 'path';
import { Node, Project, SourceFile, SyntaxKind, ts } from 'ts-morph';
import { AttrValue, PolicyResource } from '../model';
import { applyOverride, cloneAttributes, terraformName, toAttributes, toAttrValue } from './attributes';
import { Evaluator } from './evaluate';
import { ProviderRegistry } from './provider-modules';
import { visitKinds } from './scope';
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
  const project = new Project({
    ...(options.tsConfigFilePath ? { tsConfigFilePath: options.tsConfigFilePath } : {}),
    skipAddingFilesFromTsConfig: true,
    skipFileDependencyResolution: true,
    skipLoadingLibFiles: true,
  });
  const relative = (file: string): string => path.relative(root, file).split(path.sep).join('/');
  const result: SourceLayerResult = { resources: [], imports: [], files: [], diagnostics: [] };

  const sourceFiles: SourceFile[] = [];
  for (const file of options.files) {
    const absolute = path.resolve(root, file);
    try {
      sourceFiles.push(project.getSourceFile(absolute) ?? project.addSourceFileAtPath(absolute));
    } catch (error) {
      result.diagnostics.push({ file: relative(absolute), line: 1, column: 1, message: `cannot read file: ${(error as Error).message}` });
    }
  }

  const evaluator = new Evaluator(project, root, new ProviderRegistry(root), sourceFiles);
  const sites: Site[] = [];
  const hatches: Node[] = [];

  for (const sf of sourceFiles) {
    const file = relative(sf.getFilePath());
    result.files.push({ file, text: sf.getFullText() });
    for (const d of (sf.compilerNode as unknown as { parseDiagnostics?: ts.DiagnosticWithLocation[] }).parseDiagnostics ?? []) {
      const { line, column } = sf.getLineAndColumnAtPos(d.start ?? 0);
      result.diagnostics.push({ file, line, column, message: ts.flattenDiagnosticMessageText(d.messageText, '\n') });
    }
    for (const s of sf.getStatements()) collectImport(s, file, result.imports);
    visitKinds(sf, HATCH_KINDS, (node) => {
      if (Node.isNewExpression(node)) {
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

  const byKey = new Map<string, { site: Site; attributes: { [key: string]: AttrValue }; production: boolean }>();
  for (const site of sites) {
    const n = site.newExpr.asKindOrThrow(SyntaxKind.NewExpression);
    const args = n.getArguments();
    const module = evaluator.registry.module(site.cls.pkg, site.cls.dir);
    const location = evaluator.location(n);
    const config: Val = args[2] ? evaluator.evaluate(args[2]) : UNDEFINED;
    let attributes = config === UNDEFINED ? {} : cloneAttributes(toAttributes(config, module, location));
    const literal = args[2] && unwrapExpression(args[2]);
    if (config instanceof Unresolved && literal && Node.isObjectLiteralExpression(literal)) {
      // A spread the layer cannot see into: keep the properties written out (the spread may add others).
      attributes = cloneAttributes(toAttributes(explicitProperties(literal, evaluator), module, location));
    }
    byKey.set(site.key, { site, attributes, production: evaluator.isProduction(n) });
  }

  // Escape hatches, in source order: addOverride / putX / resetX / `resource.attr = value`.
  for (const hatch of hatches) {
    try {
      applyHatch(hatch, evaluator, byKey);
    } catch {
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
  return result;
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
  const hatchInProduction = evaluator.isProduction(hatch);
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
