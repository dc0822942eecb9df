/**
 * Syntactic name resolution, so the type checker stays out of the common path: find the declaration an
 * identifier refers to by walking outwards through blocks, functions and the file, and follow imports of
 * local files (`./defaults`, `../config/index`) through their exports and re-exports.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Node, Project, SourceFile, SyntaxKind } from 'ts-morph';

/**
 * The declaration `name` refers to at `from`: a variable declaration, binding element, parameter, function,
 * class, enum, or import specifier/clause/namespace import. Undefined for globals and unknown names.
 */
export function lookupName(name: string, from: Node): Node | undefined {
  let previous: Node = from;
  for (let node: Node | undefined = from.getParent(); node; previous = node, node = node.getParent()) {
    if (Node.isFunctionLikeDeclaration(node) || Node.isArrowFunction(node) || Node.isFunctionExpression(node)) {
      for (const p of node.getParameters()) {
        const found = findInBindingName(p.getNameNode(), name) ?? undefined;
        if (found) return found === p.getNameNode() ? p : found;
      }
      if (Node.isFunctionExpression(node) && node.getName() === name) return node;
    } else if (Node.isBlock(node) || Node.isSourceFile(node) || Node.isModuleBlock(node) || Node.isCaseClause(node) || Node.isDefaultClause(node)) {
      const found = findInStatements(node.getStatements(), name);
      if (found) return found;
    } else if (Node.isForOfStatement(node) || Node.isForInStatement(node) || Node.isForStatement(node)) {
      const init = node.getInitializer();
      if (init && Node.isVariableDeclarationList(init) && previous !== init) {
        for (const d of init.getDeclarations()) {
          const found = findInBindingName(d.getNameNode(), name);
          if (found) return found === d.getNameNode() ? d : found;
        }
      }
    } else if (Node.isCatchClause(node)) {
      const d = node.getVariableDeclaration();
      if (d && d.getName() === name) return d;
    } else if (Node.isClassExpression(node) && node.getName() === name) {
      return node;
    }
  }
  return undefined;
}

function findInStatements(statements: Node[], name: string): Node | undefined {
  for (const s of statements) {
    if (Node.isVariableStatement(s)) {
      for (const d of s.getDeclarations()) {
        const found = findInBindingName(d.getNameNode(), name);
        if (found) return found === d.getNameNode() ? d : found;
      }
    } else if (Node.isFunctionDeclaration(s) || Node.isClassDeclaration(s) || Node.isEnumDeclaration(s)) {
      if (s.getName() === name) return s;
    } else if (Node.isImportDeclaration(s)) {
      const def = s.getDefaultImport();
      if (def && def.getText() === name) return s.getImportClause();
      const ns = s.getNamespaceImport();
      if (ns && ns.getText() === name) return ns.getParent();
      for (const spec of s.getNamedImports()) {
        if ((spec.getAliasNode() ?? spec.getNameNode()).getText() === name) return spec;
      }
    } else if (Node.isImportEqualsDeclaration(s) && s.getName() === name) {
      return s;
    }
  }
  return undefined;
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
      if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return project.addSourceFileAtPath(candidate);
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
    if (Node.isVariableStatement(s) && s.isExported()) {
      for (const d of s.getDeclarations()) {
        const found = findInBindingName(d.getNameNode(), exportName);
        if (found) return { kind: 'decl', node: found === d.getNameNode() ? d : found };
      }
    } else if ((Node.isFunctionDeclaration(s) || Node.isClassDeclaration(s) || Node.isEnumDeclaration(s)) && s.isExported()) {
      if (exportName === 'default' ? s.isDefaultExport() : s.getName() === exportName && !s.isDefaultExport()) return { kind: 'decl', node: s };
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
      const onlyConsts = statements.slice(0, -1).every((s) => Node.isVariableStatement(s));
      if (last && Node.isReturnStatement(last) && onlyConsts) return last.getExpression();
    }
  }
  return undefined;
}

export { SyntaxKind };
