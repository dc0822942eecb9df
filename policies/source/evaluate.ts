/**
 * The evaluator: turns a TypeScript expression into a value without running it and without the type
 * checker. It follows consts (also across local files), template strings, `+`, spreads, property access,
 * arrays, enums, conditionals (production tests pick the production branch, other tests give `OneOf`),
 * construct props (through the call sites of the construct) and references to provider resources
 * (`ResourceRef`). What it cannot work out becomes `Unresolved` naming the expression; it never throws on
 * unknown syntax and guards against cycles and deep recursion.
 *
 * This file is the core (dispatch, memo, cycle and depth guard, locations); each concern is a part of its
 * own: expressions.ts, declarations.ts, assignments.ts, call-sites.ts, production-position.ts, members.ts,
 * calls.ts, builtins.ts, resource-classes.ts.
 */
import * as path from 'path';
import { Node, Project, SourceFile, SyntaxKind } from 'ts-morph';
import { Location, Unresolved } from '../model';
import { Assignments } from './assignments';
import { Builtins } from './builtins';
import { Calls } from './calls';
import { CallSites } from './call-sites';
import { Declarations } from './declarations';
import { Expressions } from './expressions';
import { Members } from './members';
import { productionValue } from './production';
import { ProductionPosition } from './production-position';
import { ProviderRegistry } from './provider-modules';
import { ResourceClasses } from './resource-classes';
import { unwrap } from './syntax';
import { Frame, FunctionVal, mapOptions, oneOf, ProviderClassVal, ROOT_FRAME, truthiness, UNDEFINED, type Val } from './values';

const MAX_DEPTH = 120;

export class Evaluator {
  private depth = 0;
  private readonly active = new Set<string>();
  /** Results by guard key (expression/declaration/member and frame); values are never mutated after creation. */
  private readonly memo = new Map<string, Val>();
  /** Guarded evaluation steps left before values become Unresolved (see setBudget). */
  private remaining = Infinity;
  /** How many times a cycle cut an evaluation short. */
  private cycles = 0;
  private taken = 0;
  private exhausted = false;
  /** Resource key → provider class, so `repo.repositoryUrl` can be spelled the module's way. */
  readonly resourceClasses = new Map<string, ProviderClassVal>();

  readonly expressions = new Expressions(this);
  readonly names = new Declarations(this);
  readonly assignments = new Assignments(this);
  readonly sites = new CallSites(this);
  readonly position = new ProductionPosition(this);
  readonly members = new Members(this);
  readonly calls = new Calls(this);
  readonly builtins = new Builtins(this);
  readonly resources = new ResourceClasses(this);

  constructor(
    readonly project: Project,
    private readonly root: string,
    readonly registry: ProviderRegistry,
    /** Files whose `new`/call expressions count as call sites. */
    readonly callSiteFiles: readonly SourceFile[],
  ) {}

  // ---------------------------------------------------------------- locations

  relativeFile(sf: SourceFile): string {
    return path.relative(this.root, sf.getFilePath()).split(path.sep).join('/');
  }

  location(node: Node): Location {
    const sf = node.getSourceFile();
    const { line, column } = sf.getLineAndColumnAtPos(node.getStart());
    return { file: this.relativeFile(sf), line, column };
  }

  keyOf(newExpr: Node): string {
    const loc = this.location(newExpr);
    return `${loc.file}:${loc.line}:${loc.column}`;
  }

  unresolved(node: Node, text?: string): Unresolved {
    const raw = text ?? node.getText();
    return new Unresolved(raw.length > 200 ? `${raw.slice(0, 197)}...` : raw, this.location(node));
  }

  /** The options as one value (`OneOf` when they differ); too many options become `Unresolved` at `at`. */
  join(options: readonly Val[], at: Node): Val {
    return oneOf(options, () => this.unresolved(at, `${at.getText()} (too many possible values)`));
  }

  /** `fn` applied to each option of `v`, joined. */
  map(v: Val, fn: (o: Val) => Val, at: Node): Val {
    return mapOptions(v, fn, () => this.unresolved(at, `${at.getText()} (too many possible values)`));
  }

  /** Allows `steps` more guarded evaluation steps (Infinity: no limit) and resets the counters. */
  setBudget(steps: number): void {
    this.remaining = steps;
    this.taken = 0;
    this.exhausted = false;
  }

  /** Steps taken since the last setBudget. */
  stepsTaken(): number {
    return this.taken;
  }

  /** Whether the budget ran out since the last setBudget. */
  budgetExhausted(): boolean {
    return this.exhausted;
  }

  /**
   * Run `fn` unless the same key is already being evaluated (a cycle), recursion is too deep or the budget
   * is spent. Whole expressions are memoised (declaration and member results carry the location of one
   * use), also when the depth limit cut part of them short: that is what keeps the work bounded (a chain of
   * `c ? prev : prev` consts is linear, not exponential), and a cut-short value only holds more Unresolved
   * parts, never fewer. A result that met a cycle or ran out of budget is not kept: it depends on what was
   * being evaluated around it.
   */
  private guarded(key: string, at: Node, fn: () => Val): Val {
    const memo = this.memo.get(key);
    if (memo !== undefined) return memo;
    if (this.active.has(key)) {
      this.cycles++;
      return this.unresolved(at);
    }
    if (this.depth > MAX_DEPTH) return this.unresolved(at);
    if (this.remaining <= 0) {
      this.exhausted = true;
      return this.unresolved(at);
    }
    this.remaining--;
    this.taken++;
    this.active.add(key);
    this.depth++;
    const cyclesBefore = this.cycles;
    const exhaustedBefore = this.exhausted;
    try {
      const value = fn();
      if (key.startsWith('e:') && this.cycles === cyclesBefore && this.exhausted === exhaustedBefore) this.memo.set(key, value);
      return value;
    } catch (error) {
      if (process.env.POLICY_SOURCE_DEBUG) console.error(error);
      return this.unresolved(at);
    } finally {
      this.depth--;
      this.active.delete(key);
    }
  }

  private nodeKey(node: Node, frame: Frame, tag: string): string {
    return `${tag}:${node.getSourceFile().getFilePath()}:${node.getPos()}:${node.getEnd()}:${node.getKind()}:${frame.id}`;
  }

  // ---------------------------------------------------------------- entry points

  evaluate(node: Node, frame: Frame = ROOT_FRAME): Val {
    return this.guarded(this.nodeKey(node, frame, 'e'), node, () => this.evaluateInner(unwrap(node), frame));
  }

  /** The value a declaration gives its name. `use` is where the name was read (for messages). */
  declaration(decl: Node, frame: Frame, use: Node): Val {
    return this.guarded(this.nodeKey(decl, frame, 'd'), use, () => this.names.declarationInner(decl, frame, use));
  }

  /** `expr.name`, reading only what is needed (an object literal's property, a prop at each call site). */
  member(expr: Node, name: string, frame: Frame, use: Node): Val {
    return this.guarded(this.nodeKey(expr, frame, `m.${name}`), use, () => this.members.memberInner(unwrap(expr), name, frame, use));
  }

  /** Property `name` of an evaluated value. */
  access(v: Val, name: string, use: Node): Val {
    return this.members.access(v, name, use);
  }

  /** Every `new C(...)`, `super(...)` or call of `fn` in the analysed files. */
  callSites(fn: Node): Node[] {
    return this.sites.callSites(fn);
  }

  /** The evaluated callee of a `new` or call expression (memoised; evaluated in the root frame). */
  callee(node: Node): Val {
    return this.sites.callee(node);
  }

  /** False when `node` only runs in non-production: inside a branch a production test rules out. */
  isProduction(node: Node): boolean {
    return this.position.isProduction(node);
  }

  private evaluateInner(n: Node, frame: Frame): Val {
    switch (n.getKind()) {
      case SyntaxKind.StringLiteral:
      case SyntaxKind.NoSubstitutionTemplateLiteral:
        return (n as unknown as { getLiteralText(): string }).getLiteralText();
      case SyntaxKind.NumericLiteral:
        return Number(n.getText().replace(/_/g, ''));
      case SyntaxKind.TrueKeyword:
        return true;
      case SyntaxKind.FalseKeyword:
        return false;
      case SyntaxKind.NullKeyword:
        return null;
      case SyntaxKind.ThisKeyword:
        return this.members.thisValue(n, frame);
      default:
        break;
    }
    const prod = this.productionTest(n);
    if (prod !== undefined) return prod;

    if (Node.isIdentifier(n)) return this.names.identifier(n, frame);
    if (Node.isTemplateExpression(n)) return this.expressions.template(n, frame);
    if (Node.isPrefixUnaryExpression(n)) return this.expressions.prefixUnary(n, frame);
    if (Node.isBinaryExpression(n)) return this.expressions.binary(n, frame);
    if (Node.isConditionalExpression(n)) {
      const test = this.evaluate(n.getCondition(), frame);
      const t = truthiness(test);
      if (t === true) return this.evaluate(n.getWhenTrue(), frame);
      if (t === false) return this.evaluate(n.getWhenFalse(), frame);
      return this.join([this.evaluate(n.getWhenTrue(), frame), this.evaluate(n.getWhenFalse(), frame)], n);
    }
    if (Node.isPropertyAccessExpression(n)) return this.member(n.getExpression(), n.getName(), frame, n);
    if (Node.isElementAccessExpression(n)) {
      const arg = n.getArgumentExpression();
      const key = arg ? this.evaluate(arg, frame) : UNDEFINED;
      if (typeof key === 'string' || typeof key === 'number') return this.member(n.getExpression(), String(key), frame, n);
      return this.unresolved(n);
    }
    if (Node.isObjectLiteralExpression(n)) return this.expressions.objectLiteral(n, frame);
    if (Node.isArrayLiteralExpression(n)) return this.expressions.arrayLiteral(n, frame);
    if (Node.isNewExpression(n)) return this.calls.newValue(n, frame);
    if (Node.isCallExpression(n)) return this.calls.call(n, frame);
    if (Node.isArrowFunction(n) || Node.isFunctionExpression(n)) return new FunctionVal(n, frame);
    if (Node.isVoidExpression(n)) return UNDEFINED;
    if (Node.isAwaitExpression(n)) return this.evaluate(n.getExpression(), frame);
    if (Node.isTypeOfExpression(n)) {
      const v = this.evaluate(n.getExpression(), frame);
      if (v === UNDEFINED) return 'undefined';
      if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return typeof v;
      return this.unresolved(n);
    }
    return this.unresolved(n);
  }

  /** Production tests have a known value: see `productionValue`. */
  private productionTest(n: Node): boolean | undefined {
    if (Node.isIdentifier(n) || Node.isPropertyAccessExpression(n) || Node.isElementAccessExpression(n) || Node.isPrefixUnaryExpression(n) || Node.isBinaryExpression(n) || Node.isCallExpression(n)) {
      return productionValue(n);
    }
    return undefined;
  }
}
