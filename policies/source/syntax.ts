/**
 * Small syntactic helpers the evaluator's parts share: unwrapping type-only wrappers, finding the class or
 * function around a node, and the node kinds the evaluator walks for.
 */
import { Node, SyntaxKind } from 'ts-morph';

export const CALL_KINDS: ReadonlySet<SyntaxKind> = new Set([SyntaxKind.NewExpression, SyntaxKind.CallExpression]);
export const ASSIGNMENT_KINDS: ReadonlySet<SyntaxKind> = new Set([SyntaxKind.BinaryExpression]);
export const ASSIGNMENT_OR_UPDATE_KINDS: ReadonlySet<SyntaxKind> = new Set([SyntaxKind.BinaryExpression, SyntaxKind.PrefixUnaryExpression, SyntaxKind.PostfixUnaryExpression]);
export const NESTED_FUNCTION_KINDS: ReadonlySet<SyntaxKind> = new Set([
  SyntaxKind.FunctionDeclaration,
  SyntaxKind.FunctionExpression,
  SyntaxKind.ArrowFunction,
  SyntaxKind.ClassDeclaration,
  SyntaxKind.ClassExpression,
  SyntaxKind.MethodDeclaration,
]);

/** The expression inside parentheses, `as`, `satisfies`, `!` and `<T>x`. */
export function unwrap(node: Node): Node {
  let n = node;
  while (Node.isParenthesizedExpression(n) || Node.isAsExpression(n) || Node.isNonNullExpression(n) || Node.isSatisfiesExpression(n) || Node.isTypeAssertion(n)) {
    n = n.getExpression();
  }
  return n;
}

/** The class `this` refers to at `node` (arrow functions see through; function expressions do not). */
export function enclosingClassOfThis(node: Node): Node | undefined {
  for (let p = node.getParent(); p; p = p.getParent()) {
    if (Node.isClassDeclaration(p) || Node.isClassExpression(p)) return p;
    if (Node.isFunctionDeclaration(p) || Node.isFunctionExpression(p)) return undefined;
  }
  return undefined;
}

export function enclosingFunction(node: Node): Node | undefined {
  for (let p = node.getParent(); p; p = p.getParent()) {
    if (Node.isFunctionDeclaration(p) || Node.isFunctionExpression(p) || Node.isArrowFunction(p) || Node.isMethodDeclaration(p) || Node.isConstructorDeclaration(p) || Node.isGetAccessorDeclaration(p)) return p;
  }
  return undefined;
}

/** A statement that always leaves the block: return, throw, or a block ending in one. */
export function exits(s: Node): boolean {
  if (Node.isReturnStatement(s) || Node.isThrowStatement(s)) return true;
  if (Node.isBlock(s)) {
    const statements = s.getStatements();
    const last = statements[statements.length - 1];
    return last !== undefined && exits(last);
  }
  return false;
}
