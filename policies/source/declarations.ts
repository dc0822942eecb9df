/**
 * What a name stands for: identifiers, the value a declaration gives its name (variables, parameters,
 * destructuring, functions, classes, enums), imports of provider packages and of local files.
 */
import { Node, SourceFile, SyntaxKind } from 'ts-morph';
import { OneOf } from '../model';
import { lookupName, resolveExport, resolveLocalModule } from './scope';
import type { Evaluator } from './evaluate';
import { ClassVal, EnumVal, ExternalVal, Frame, FunctionVal, LocalModuleVal, ProviderClassVal, ProviderNsVal, ROOT_FRAME, UNDEFINED, type Val } from './values';

export class Declarations {
  constructor(private readonly ev: Evaluator) {}

  identifier(n: Node, frame: Frame): Val {
    const name = n.getText();
    if (name === 'undefined') return UNDEFINED;
    if (name === 'NaN') return NaN;
    if (name === 'Infinity') return Infinity;
    const decl = lookupName(name, n);
    if (!decl) return new ExternalVal('global', name, this.ev.unresolved(n));
    return this.ev.declaration(decl, frame, n);
  }

  declarationInner(decl: Node, frame: Frame, use: Node): Val {
    if (Node.isVariableDeclaration(decl)) {
      const list = decl.getParent();
      const statement = list?.getParent();
      if (statement && Node.isForOfStatement(statement)) {
        const items = this.ev.evaluate(statement.getExpression(), frame);
        return this.ev.map(items, (o) => (Array.isArray(o) && o.length > 0 ? this.ev.join(o, use) : this.ev.unresolved(use)), use);
      }
      const init = decl.getInitializer();
      const reassigned = this.ev.assignments.reassignments(decl);
      if (reassigned) return this.ev.assignments.withReassignments(decl, init, reassigned, frame, use);
      if (!init) return this.ev.unresolved(use);
      const value = this.ev.evaluate(init, frame);
      return Array.isArray(value) || value instanceof OneOf ? this.ev.assignments.withPushes(decl, value, frame, use) : value;
    }
    if (Node.isParameterDeclaration(decl)) return this.ev.sites.parameter(decl, frame, use);
    if (Node.isBindingElement(decl)) return this.bindingElement(decl, frame, use);
    if (Node.isFunctionDeclaration(decl) || Node.isFunctionExpression(decl) || Node.isArrowFunction(decl)) return new FunctionVal(decl, frame);
    if (Node.isClassDeclaration(decl) || Node.isClassExpression(decl)) return new ClassVal(decl);
    if (Node.isEnumDeclaration(decl)) return new EnumVal(decl);
    if (Node.isSourceFile(decl)) return new LocalModuleVal(decl);
    if (Node.isImportSpecifier(decl)) {
      const specifier = decl.getImportDeclaration().getModuleSpecifierValue();
      return this.imported(specifier, decl.getNameNode().getText(), decl.getSourceFile(), use);
    }
    if (Node.isImportClause(decl)) {
      const specifier = decl.getParentOrThrow().asKindOrThrow(SyntaxKind.ImportDeclaration).getModuleSpecifierValue();
      return this.imported(specifier, 'default', decl.getSourceFile(), use);
    }
    if (Node.isNamespaceImport(decl)) {
      const specifier = decl.getFirstAncestorByKindOrThrow(SyntaxKind.ImportDeclaration).getModuleSpecifierValue();
      return this.imported(specifier, '*', decl.getSourceFile(), use);
    }
    if (Node.isImportEqualsDeclaration(decl)) {
      const ref = decl.getModuleReference();
      if (Node.isExternalModuleReference(ref)) {
        const expr = ref.getExpression();
        if (expr && Node.isStringLiteral(expr)) return this.imported(expr.getLiteralText(), '*', decl.getSourceFile(), use);
      }
      return this.ev.unresolved(use);
    }
    // An expression exported as default (`export default { … }`).
    if (Node.isExpression(decl)) return this.ev.evaluate(decl, frame);
    return this.ev.unresolved(use);
  }

  /** What `import { name } from specifier` (or `* as x` when name is '*') gives. */
  imported(specifier: string, name: string, from: SourceFile, use: Node): Val {
    const provider = this.ev.registry.parseSpecifier(specifier);
    if (provider) {
      if (name === '*' || name === 'default') return new ProviderNsVal(provider.pkg, provider.dir);
      if (provider.dir) {
        const info = this.ev.registry.module(provider.pkg, provider.dir);
        return name === info.className ? new ProviderClassVal(provider.pkg, provider.dir) : new ExternalVal(specifier, name, this.ev.unresolved(use));
      }
      const dir = this.ev.registry.dirOfRootExport(provider.pkg, name);
      return dir ? new ProviderNsVal(provider.pkg, dir) : new ExternalVal(specifier, name, this.ev.unresolved(use));
    }
    if (specifier.startsWith('.')) {
      const target = resolveLocalModule(this.ev.project, from, specifier);
      if (!target) return this.ev.unresolved(use);
      if (name === '*') return new LocalModuleVal(target);
      return this.exportOf(target, name, use);
    }
    return new ExternalVal(specifier, name === '*' || name === 'default' ? '' : name, this.ev.unresolved(use));
  }

  exportOf(file: SourceFile, name: string, use: Node): Val {
    const target = resolveExport(this.ev.project, file, name);
    if (!target) return this.ev.unresolved(use);
    if (target.kind === 'external') return this.imported(target.specifier, target.name, file, use);
    return this.ev.declaration(target.node, ROOT_FRAME, use);
  }

  bindingElement(decl: Node, frame: Frame, use: Node): Val {
    if (!Node.isBindingElement(decl)) return this.ev.unresolved(use);
    // Walk up to the variable or parameter, remembering the path of keys.
    const steps: { key: string | number; element: Node }[] = [];
    let node: Node = decl;
    while (Node.isBindingElement(node)) {
      const pattern = node.getParentOrThrow();
      let key: string | number;
      if (Node.isArrayBindingPattern(pattern)) {
        key = pattern.getElements().indexOf(node as never);
      } else {
        const prop = node.getPropertyNameNode();
        const k = prop ? this.ev.expressions.propertyName(prop, frame) : node.getNameNode().getText();
        if (k === undefined) return this.ev.unresolved(use);
        key = k;
      }
      steps.unshift({ key, element: node });
      node = pattern.getParentOrThrow();
    }
    if (node.getFirstChildByKind(SyntaxKind.DotDotDotToken)) return this.ev.unresolved(use);
    let value: Val;
    const first = steps[0];
    if (Node.isParameterDeclaration(node)) {
      value = this.ev.sites.parameterMember(node, String(first.key), frame, use);
    } else if (Node.isVariableDeclaration(node)) {
      const init = node.getInitializer();
      const statement = node.getParent()?.getParent();
      if (statement && Node.isForOfStatement(statement)) value = this.ev.access(this.ev.declaration(node, frame, use), String(first.key), use);
      else if (init) value = this.ev.member(init, String(first.key), frame, use);
      else return this.ev.unresolved(use);
    } else {
      return this.ev.unresolved(use);
    }
    value = this.withDefault(value, first.element, frame);
    for (const step of steps.slice(1)) {
      value = this.withDefault(this.ev.access(value, String(step.key), use), step.element, frame);
    }
    return value;
  }

  /** `{ x = 'default' }` in a binding pattern: undefined options take the default. */
  withDefault(value: Val, element: Node, frame: Frame): Val {
    if (!Node.isBindingElement(element)) return value;
    const init = element.getInitializer();
    if (!init) return value;
    return this.ev.map(value, (o) => (o === UNDEFINED ? this.ev.evaluate(init, frame) : o), element);
  }
}
