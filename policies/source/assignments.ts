/**
 * Values that change after their declaration: `let` reassignments, `arr.push(…)` into a declared array, and
 * `this.x = …` in a constructor.
 */
import { Node, SyntaxKind } from 'ts-morph';
import { productionValue } from './production';
import { lookupName, visitKinds } from './scope';
import { CALL_KINDS, ASSIGNMENT_KINDS, ASSIGNMENT_OR_UPDATE_KINDS, NESTED_FUNCTION_KINDS, unwrap, enclosingFunction } from './syntax';
import type { Evaluator } from './evaluate';
import { Frame, UNDEFINED, type Val } from './values';

export class Assignments {
  private readonly assignmentCache = new Map<Node, Map<string, Node[]>>();

  constructor(private readonly ev: Evaluator) {}

  /** Assignments to a `let`/`var` in its scope (undefined for `const` or when there are none). */
  reassignments(decl: Node): Node[] | undefined {
    if (!Node.isVariableDeclaration(decl)) return undefined;
    const list = decl.getParent();
    if (!list || !Node.isVariableDeclarationList(list) || list.getDeclarationKind() === 'const') return undefined;
    const scope = list.getParent()?.getParent();
    if (!scope) return undefined;
    const name = decl.getName();
    const found: Node[] = [];
    visitKinds(scope, ASSIGNMENT_OR_UPDATE_KINDS, (node) => {
      const target = Node.isBinaryExpression(node)
        ? node.getOperatorToken().getKind() >= SyntaxKind.FirstAssignment && node.getOperatorToken().getKind() <= SyntaxKind.LastAssignment
          ? node.getLeft()
          : undefined
        : [SyntaxKind.PlusPlusToken, SyntaxKind.MinusMinusToken].includes((node as unknown as { getOperatorToken(): SyntaxKind }).getOperatorToken())
          ? (node as unknown as { getOperand(): Node }).getOperand()
          : undefined;
      if (target && Node.isIdentifier(target) && target.getText() === name && lookupName(name, target) === decl) found.push(node);
    });
    return found.length > 0 ? found : undefined;
  }

  /**
   * A `let` that is assigned again: in source order, an assignment that always runs in production replaces
   * the value so far, one under another test (or in a loop or callback) adds an option; assignments only
   * outside production are skipped; `+=`, `++` and the like make it Unresolved.
   */
  withReassignments(decl: Node, init: Node | undefined, assignments: Node[], frame: Frame, use: Node): Val {
    let options: Val[] = [init ? this.ev.evaluate(init, frame) : UNDEFINED];
    const scope = decl.getParent()?.getParent()?.getParent();
    // Read in the declaring function itself: only the assignments before the read have run.
    const sameFunction = enclosingFunction(use) === enclosingFunction(decl) && use.getSourceFile() === decl.getSourceFile();
    for (const a of assignments) {
      if (sameFunction && a.getStart() > use.getStart()) continue;
      if (!Node.isBinaryExpression(a) || a.getOperatorToken().getKind() !== SyntaxKind.EqualsToken) return this.ev.unresolved(use);
      if (!this.ev.isProduction(a)) continue;
      let always = true;
      let child: Node = a;
      for (let p = a.getParent(); p && p !== scope; child = p, p = p.getParent()) {
        if (Node.isIterationStatement(p) || Node.isArrowFunction(p) || Node.isFunctionExpression(p) || Node.isFunctionDeclaration(p) || Node.isMethodDeclaration(p)) always = false;
        else if (Node.isIfStatement(p) && child !== p.getExpression() && productionValue(p.getExpression()) === undefined) always = false;
        else if (Node.isConditionalExpression(p) && child !== p.getCondition() && productionValue(p.getCondition()) === undefined) always = false;
        else if (Node.isBinaryExpression(p) && child === p.getRight() && p !== a) always = false;
        else if (Node.isCaseClause(p) || Node.isDefaultClause(p) || Node.isTryStatement(p) || Node.isCatchClause(p)) always = false;
      }
      const value = this.ev.evaluate(a.getRight(), frame);
      options = always ? [value] : [...options, value];
    }
    return this.ev.join(options, use);
  }

  /**
   * `const list = [...]` followed by `list.push(x)` in the same function: the pushed values join the array;
   * a push under a test that is not a production test is optional (OneOf with and without it). A push in a
   * loop or a callback makes the array Unresolved.
   */
  withPushes(decl: Node, value: Val, frame: Frame, use: Node): Val {
    if (!Node.isVariableDeclaration(decl)) return value;
    const name = decl.getName();
    const statement = decl.getParent()?.getParent();
    const scope = statement?.getParent();
    if (!scope || !(Node.isBlock(scope) || Node.isSourceFile(scope))) return value;
    const pushes: Node[] = [];
    visitKinds(scope, CALL_KINDS, (node) => {
      if (!Node.isCallExpression(node)) return;
      const callee = node.getExpression();
      if (Node.isPropertyAccessExpression(callee) && callee.getName() === 'push' && Node.isIdentifier(callee.getExpression()) && callee.getExpression().getText() === name) {
        if (lookupName(name, callee.getExpression()) === decl) pushes.push(node);
      }
    });
    if (pushes.length === 0) return value;
    let result: Val = value;
    for (const push of pushes) {
      if (!this.ev.isProduction(push)) continue;
      let optional = false;
      let child: Node = push;
      for (let p = push.getParent(); p && p !== scope; child = p, p = p.getParent()) {
        if (Node.isIterationStatement(p) || Node.isArrowFunction(p) || Node.isFunctionExpression(p) || Node.isFunctionDeclaration(p)) return this.ev.unresolved(use);
        if (Node.isIfStatement(p) && child !== p.getExpression() && productionValue(p.getExpression()) === undefined) optional = true;
        if (Node.isConditionalExpression(p) && child !== p.getCondition() && productionValue(p.getCondition()) === undefined) optional = true;
      }
      const args = (push as unknown as { getArguments(): Node[] }).getArguments().map((a) => this.ev.evaluate(a, frame));
      result = this.ev.map(
        result,
        (arr) => {
          if (!Array.isArray(arr)) return this.ev.unresolved(use);
          const pushed = [...arr, ...args];
          return optional ? this.ev.join([arr, pushed], use) : pushed;
        },
        use,
      );
    }
    return result;
  }

  /** `this.<name> = <expr>` in a constructor body (not in nested functions), by name. */
  constructorAssignments(ctor: Node): Map<string, Node[]> {
    const cached = this.assignmentCache.get(ctor);
    if (cached) return cached;
    const map = new Map<string, Node[]>();
    const body = Node.isConstructorDeclaration(ctor) ? ctor.getBody() : undefined;
    if (body) {
      visitKinds(
        body,
        ASSIGNMENT_KINDS,
        (node) => {
          if (!Node.isBinaryExpression(node) || node.getOperatorToken().getKind() !== SyntaxKind.EqualsToken) return;
          const left = unwrap(node.getLeft());
          if (Node.isPropertyAccessExpression(left) && left.getExpression().getKind() === SyntaxKind.ThisKeyword) {
            map.set(left.getName(), [...(map.get(left.getName()) ?? []), node.getRight()]);
          }
        },
        NESTED_FUNCTION_KINDS,
      );
    }
    this.assignmentCache.set(ctor, map);
    return map;
  }
}
