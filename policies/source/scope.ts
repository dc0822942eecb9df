/**
 * Syntactic name resolution, so the type checker stays out of the common path: find the declaration an
 * identifier refers to by walking outwards through blocks, functions and the file, and follow imports of
 * local files (`./defaults`, `../config/index`) through their exports and re-exports.
 */
import { fileExists } from './imports';
import * as path from 'path';
import { Node, Project, SourceFile, SyntaxKind, ts } from 'ts-morph';

/**
 * The declaration `name` refers to at `from`: a variable declaration, binding element, parameter, function,
 * class, enum, or import specifier/clause/namespace import. Undefined for globals and unknown names.
 */
export function lookupName(name: string, from: Node): Node | undefined {
  let previous: Node = from;
  for (let node: Node | undefined = from.getParent(); node; previous = node, node = node.getParent()) {
    const found = declarationsOf(node, previous).get(name);
    if (found) return found;
  }
  return undefined;
}

const scopeCache = new WeakMap<Node, Map<string, Node>>();
const EMPTY = new Map<string, Node>();

/** The names a node declares for its inside (memoised per scope node: wrapping nodes is what costs). */
function declarationsOf(node: Node, child: Node): Map<string, Node> {
  const kind = node.getKind();
  if (kind === SyntaxKind.ForStatement || kind === SyntaxKind.ForOfStatement || kind === SyntaxKind.ForInStatement) {
    // The loop variable is visible in the body, not in the initializer's own expression.
    const init = (node as unknown as { getInitializer(): Node | undefined }).getInitializer();
    if (!init || child === init || !Node.isVariableDeclarationList(init)) return EMPTY;
  }
  const cached = scopeCache.get(node);
  if (cached) return cached;
  const map = new Map<string, Node>();
  const addBinding = (nameNode: Node, decl: Node): void => {
    if (Node.isIdentifier(nameNode)) {
      if (!map.has(nameNode.getText())) map.set(nameNode.getText(), decl);
    } else if (Node.isObjectBindingPattern(nameNode) || Node.isArrayBindingPattern(nameNode)) {
      for (const el of nameNode.getElements()) {
        if (Node.isOmittedExpression(el)) continue;
        const inner = el.getNameNode();
        if (Node.isIdentifier(inner)) {
          if (!map.has(inner.getText())) map.set(inner.getText(), el);
        } else addBinding(inner, decl);
      }
    }
  };
  if (Node.isFunctionLikeDeclaration(node) || Node.isArrowFunction(node) || Node.isFunctionExpression(node)) {
    for (const p of node.getParameters()) addBinding(p.getNameNode(), p);
    if (Node.isFunctionExpression(node)) {
      const n = node.getName();
      if (n && !map.has(n)) map.set(n, node);
    }
  } else if (Node.isBlock(node) || Node.isSourceFile(node) || Node.isModuleBlock(node) || Node.isCaseClause(node) || Node.isDefaultClause(node)) {
    for (const st of node.getStatements()) addStatement(st, map, addBinding);
  } else if (Node.isForOfStatement(node) || Node.isForInStatement(node) || Node.isForStatement(node)) {
    const init = node.getInitializer();
    if (init && Node.isVariableDeclarationList(init)) for (const d of init.getDeclarations()) addBinding(d.getNameNode(), d);
  } else if (Node.isCatchClause(node)) {
    const d = node.getVariableDeclaration();
    if (d) addBinding(d.getNameNode(), d);
  } else if (Node.isClassExpression(node)) {
    const n = node.getName();
    if (n) map.set(n, node);
  } else {
    return EMPTY;
  }
  scopeCache.set(node, map);
  return map;
}

function addStatement(s: Node, map: Map<string, Node>, addBinding: (nameNode: Node, decl: Node) => void): void {
  if (Node.isVariableStatement(s)) {
    for (const d of s.getDeclarations()) addBinding(d.getNameNode(), d);
  } else if (Node.isFunctionDeclaration(s) || Node.isClassDeclaration(s) || Node.isEnumDeclaration(s)) {
    const n = s.getName();
    if (n && !map.has(n)) map.set(n, s);
  } else if (Node.isImportDeclaration(s)) {
    const def = s.getDefaultImport();
    if (def) map.set(def.getText(), s.getImportClauseOrThrow());
    const ns = s.getNamespaceImport();
    if (ns) map.set(ns.getText(), ns.getParentOrThrow());
    for (const spec of s.getNamedImports()) map.set((spec.getAliasNode() ?? spec.getNameNode()).getText(), spec);
  } else if (Node.isImportEqualsDeclaration(s)) {
    map.set(s.getName(), s);
  }
}

/** The binding element (or the name node itself) that declares `name` inside a name or binding pattern. */
function findInBindingName(nameNode: Node, name: string): Node | undefined {
  if (Node.isIdentifier(nameNode)) return nameNode.getText() === name ? nameNode : undefined;
  if (Node.isObjectBindingPattern(nameNode) || Node.isArrayBindingPattern(nameNode)) {
    for (const el of nameNode.getElements()) {
      if (Node.isOmittedExpression(el)) continue;
      const inner = el.getNameNode();
      if (Node.isIdentifier(inner)) {
        if (inner.getText() === name) return el;
      } else {
        const found = findInBindingName(inner, name);
        if (found) return found;
      }
    }
  }
  return undefined;
}

/** Resolve a relative module specifier to a project source file, adding it to the project if needed. */
export function resolveLocalModule(project: Project, fromFile: SourceFile, specifier: string): SourceFile | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const base = path.resolve(path.dirname(fromFile.getFilePath()), specifier);
  const stem = base.replace(/\.(js|ts|mjs|cjs)$/, '');
  for (const candidate of [`${stem}.ts`, `${stem}.tsx`, path.join(stem, 'index.ts'), base]) {
    const existing = project.getSourceFile(candidate);
    if (existing) return existing;
    if (candidate.endsWith('.ts') || candidate.endsWith('.tsx')) {
      if (fileExists(candidate)) return project.addSourceFileAtPath(candidate);
    }
  }
  return undefined;
}

/** Where an export of a local file comes from: a declaration in it, or a re-export from another module. */
export type ExportTarget =
  | { kind: 'decl'; node: Node }
  | { kind: 'external'; specifier: string; name: string /* '*' for a namespace */; at: Node };

/** Find the declaration behind `exportName` of `file`, following `export { x } from`, `export *` and `export { y as x }`. */
export function resolveExport(project: Project, file: SourceFile, exportName: string, depth = 0): ExportTarget | undefined {
  if (depth > 16) return undefined;
  for (const s of file.getStatements()) {
    if (exportName === 'default' && Node.isExportAssignment(s) && !s.isExportEquals()) {
      return { kind: 'decl', node: s.getExpression() };
    }
    // Modifier checks only: ts-morph's isExported()/isDefaultExport() ask the type checker.
    if (Node.isVariableStatement(s) && s.hasExportKeyword()) {
      for (const d of s.getDeclarations()) {
        const found = findInBindingName(d.getNameNode(), exportName);
        if (found) return { kind: 'decl', node: found === d.getNameNode() ? d : found };
      }
    } else if ((Node.isFunctionDeclaration(s) || Node.isClassDeclaration(s) || Node.isEnumDeclaration(s)) && s.hasExportKeyword()) {
      const isDefault = s.hasDefaultKeyword();
      if (exportName === 'default' ? isDefault : s.getName() === exportName && !isDefault) return { kind: 'decl', node: s };
    } else if (Node.isExportDeclaration(s)) {
      const specifier = s.getModuleSpecifierValue();
      const nsExport = s.getNamespaceExport();
      if (nsExport) {
        if (nsExport.getName() !== exportName || !specifier) continue;
        const target = resolveLocalModule(project, file, specifier);
        return target ? { kind: 'decl', node: target } : { kind: 'external', specifier, name: '*', at: s };
      }
      const named = s.getNamedExports();
      if (named.length === 0 && specifier) {
        // export * from '...'
        const target = resolveLocalModule(project, file, specifier);
        if (target) {
          const found = resolveExport(project, target, exportName, depth + 1);
          if (found) return found;
        } else {
          // Cannot list an external module's names without reading it: assume it provides the name.
          return { kind: 'external', specifier, name: exportName, at: s };
        }
        continue;
      }
      for (const spec of named) {
        const outer = (spec.getAliasNode() ?? spec.getNameNode()).getText();
        if (outer !== exportName) continue;
        const inner = spec.getNameNode().getText();
        if (specifier) {
          const target = resolveLocalModule(project, file, specifier);
          return target ? resolveExport(project, target, inner, depth + 1) : { kind: 'external', specifier, name: inner, at: spec };
        }
        const local = lookupName(inner, spec);
        return local ? { kind: 'decl', node: local } : undefined;
      }
    }
  }
  return undefined;
}

/** `x.push(…);`, or `if (…) { x.push(…); }` with only such statements. */
export function isPushStatement(s: Node): boolean {
  if (Node.isExpressionStatement(s)) {
    const e = s.getExpression();
    return Node.isCallExpression(e) && Node.isPropertyAccessExpression(e.getExpression()) && (e.getExpression() as unknown as { getName(): string }).getName() === 'push';
  }
  if (Node.isBlock(s)) return s.getStatements().every(isPushStatement);
  if (Node.isIfStatement(s)) {
    const otherwise = s.getElseStatement();
    return isPushStatement(s.getThenStatement()) && (otherwise === undefined || isPushStatement(otherwise));
  }
  return false;
}

/** The node a `return`-less arrow or single-return function evaluates to. */
export function returnedExpression(fn: Node): Node | undefined {
  if (Node.isArrowFunction(fn)) {
    const body = fn.getBody();
    if (!Node.isBlock(body)) return body;
  }
  if (Node.isArrowFunction(fn) || Node.isFunctionDeclaration(fn) || Node.isFunctionExpression(fn) || Node.isMethodDeclaration(fn) || Node.isGetAccessorDeclaration(fn)) {
    const body = fn.getBody();
    if (body && Node.isBlock(body)) {
      const statements = body.getStatements();
      const last = statements[statements.length - 1];
      // Declarations, and `arr.push(…)` (possibly under an `if`), which the evaluator folds into `arr`.
      const simple = statements.slice(0, -1).every((s) => Node.isVariableStatement(s) || isPushStatement(s));
      if (last && Node.isReturnStatement(last) && simple) return last.getExpression();
    }
  }
  return undefined;
}

export { SyntaxKind };

/**
 * Visit the descendants of `root` whose kind is in `kinds`, walking compiler nodes and wrapping only the
 * matches (ts-morph's forEachDescendant wraps every node, which dominates the cost on real files).
 * `skip` kinds are not entered.
 */
export function visitKinds(root: Node, kinds: ReadonlySet<SyntaxKind>, visit: (node: Node) => void, skip: ReadonlySet<SyntaxKind> = new Set()): void {
  const wrap = (root as unknown as { _getNodeFromCompilerNode?: (n: ts.Node) => Node })._getNodeFromCompilerNode;
  if (typeof wrap !== 'function') {
    root.forEachDescendant((node, traversal) => {
      if (kinds.has(node.getKind())) visit(node);
      if (skip.has(node.getKind())) traversal.skip();
    });
    return;
  }
  const walk = (n: ts.Node): void => {
    if (kinds.has(n.kind)) visit(wrap.call(root, n));
    if (!skip.has(n.kind)) ts.forEachChild(n, walk);
  };
  ts.forEachChild(root.compilerNode, walk);
}
