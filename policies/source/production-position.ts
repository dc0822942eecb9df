/**
 * Where code runs: a node is outside production when it sits in a branch a production test rules out, after
 * `if (isProd) return;`, or in a function all of whose call sites are outside production.
 */
import { Node, SyntaxKind } from 'ts-morph';
import { productionValue } from './production';
import { exits } from './syntax';
import type { Evaluator } from './evaluate';

export class ProductionPosition {
  private readonly productionCache = new Map<Node, boolean>();

  constructor(private readonly ev: Evaluator) {}

  /** False when `node` only runs in non-production: inside a branch a production test rules out. */
  isProduction(node: Node): boolean {
    let child: Node = node;
    for (let parent = node.getParent(); parent; child = parent, parent = parent.getParent()) {
      if (Node.isIfStatement(parent) && child !== parent.getExpression()) {
        const p = productionValue(parent.getExpression());
        if (p === false && child === parent.getThenStatement()) return false;
        if (p === true && child === parent.getElseStatement()) return false;
      } else if (Node.isConditionalExpression(parent) && child !== parent.getCondition()) {
        const p = productionValue(parent.getCondition());
        if (p === false && child === parent.getWhenTrue()) return false;
        if (p === true && child === parent.getWhenFalse()) return false;
      } else if (Node.isBinaryExpression(parent) && child === parent.getRight()) {
        const op = parent.getOperatorToken().getKind();
        const p = productionValue(parent.getLeft());
        if (op === SyntaxKind.AmpersandAmpersandToken && p === false) return false;
        if (op === SyntaxKind.BarBarToken && p === true) return false;
      } else if (Node.isBlock(parent) || Node.isSourceFile(parent)) {
        // `if (isProd) return;` before this statement
        for (const s of parent.getStatements()) {
          if (s === child) break;
          if (Node.isIfStatement(s) && !s.getElseStatement() && productionValue(s.getExpression()) === true && exits(s.getThenStatement())) return false;
        }
      }
      const named = Node.isConstructorDeclaration(parent) || Node.isFunctionDeclaration(parent) || Node.isMethodDeclaration(parent) || ((Node.isArrowFunction(parent) || Node.isFunctionExpression(parent)) && Node.isVariableDeclaration(parent.getParentOrThrow()));
      if (named) {
        // Runs in production when one of its call sites does (callbacks are walked through instead).
        const fn = parent;
        const cached = this.productionCache.get(fn);
        if (cached !== undefined) return cached;
        this.productionCache.set(fn, true); // cycle guard
        const sites = this.ev.callSites(fn);
        const result = sites.length === 0 || sites.some((s) => this.isProduction(s));
        this.productionCache.set(fn, result);
        return result;
      }
    }
    return true;
  }
}
