/**
 * The evaluator: turns a TypeScript expression into a value without running it and without the type
 * checker. It follows consts (also across local files), template strings, `+`, spreads, property access,
 * arrays, enums, conditionals (production tests pick the production branch, other tests give `OneOf`),
 * construct props (through the call sites of the construct) and references to provider resources
 * (`ResourceRef`). What it cannot work out becomes `Unresolved` naming the expression; it never throws on
 * unknown syntax and guards against cycles and deep recursion.
 */
import * as path from 'path';
import { Node, Project, SourceFile, SyntaxKind } from 'ts-morph';
import type { ParameterDeclaration } from 'ts-morph';
import { Location, OneOf, ResourceRef, Unresolved } from '../model';
import { productionValue } from './production';
import { ProviderRegistry, snakeCase } from './provider-modules';
import { lookupName, resolveExport, resolveLocalModule, returnedExpression, visitKinds } from './scope';
import {
  Binding,
  ClassVal,
  combinations,
  EnumVal,
  ExternalVal,
  Frame,
  FunctionVal,
  InstanceVal,
  isPlainObject,
  LocalModuleVal,
  mapOptions,
  oneOf,
  optionsOf,
  ProviderClassVal,
  ProviderNsVal,
  refText,
  ROOT_FRAME,
  truthiness,
  UNDEFINED,
  UNKNOWN_KEYS,
  unknownKeysOf,
  Val,
} from './values';

const MAX_DEPTH = 120;
const CALL_KINDS: ReadonlySet<SyntaxKind> = new Set([SyntaxKind.NewExpression, SyntaxKind.CallExpression]);
const ASSIGNMENT_KINDS: ReadonlySet<SyntaxKind> = new Set([SyntaxKind.BinaryExpression]);
const ASSIGNMENT_OR_UPDATE_KINDS: ReadonlySet<SyntaxKind> = new Set([SyntaxKind.BinaryExpression, SyntaxKind.PrefixUnaryExpression, SyntaxKind.PostfixUnaryExpression]);
const NESTED_FUNCTION_KINDS: ReadonlySet<SyntaxKind> = new Set([SyntaxKind.FunctionDeclaration, SyntaxKind.FunctionExpression, SyntaxKind.ArrowFunction, SyntaxKind.ClassDeclaration, SyntaxKind.ClassExpression, SyntaxKind.MethodDeclaration]);
/** Methods of a provider resource object that are not attributes. */
const RESOURCE_METHODS = new Set(['addOverride', 'overrideLogicalId', 'resetOverrideLogicalId', 'toString', 'toTerraform', 'interpolationForAttribute', 'getStringAttribute', 'getNumberAttribute', 'getBooleanAttribute', 'getListAttribute', 'getStringMapAttribute']);
/** Methods of generated list/map wrappers on references (`cert.domainValidationOptions.get(0)`). */
const REF_INDEX_METHODS = new Set(['get', 'lookup']);

function unwrap(node: Node): Node {
  let n = node;
  while (Node.isParenthesizedExpression(n) || Node.isAsExpression(n) || Node.isNonNullExpression(n) || Node.isSatisfiesExpression(n) || Node.isTypeAssertion(n)) {
    n = n.getExpression();
  }
  return n;
}

export class Evaluator {
  private depth = 0;
  private readonly active = new Set<string>();
  /** Results by guard key (expression/declaration/member and frame); values are never mutated after creation. */
  private readonly memo = new Map<string, Val>();
  /** How many times a cycle or the depth limit cut an evaluation short. */
  private cutoffs = 0;
  private readonly calleeCache = new Map<Node, Val>();
  private readonly callSiteCache = new Map<Node, Node[]>();
  private readonly productionCache = new Map<Node, boolean>();
  /** Resource key → provider class, so `repo.repositoryUrl` can be spelled the module's way. */
  readonly resourceClasses = new Map<string, ProviderClassVal>();

  constructor(
    private readonly project: Project,
    private readonly root: string,
    readonly registry: ProviderRegistry,
    /** Files whose `new`/call expressions count as call sites. */
    private readonly callSiteFiles: readonly SourceFile[],
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

  private join(options: readonly Val[], at: Node): Val {
    return oneOf(options, () => this.unresolved(at, `${at.getText()} (too many possible values)`));
  }

  private map(v: Val, fn: (o: Val) => Val, at: Node): Val {
    return mapOptions(v, fn, () => this.unresolved(at, `${at.getText()} (too many possible values)`));
  }

  /** Run `fn` unless the same key is already being evaluated (a cycle) or recursion is too deep. */
  private guarded(key: string, at: Node, fn: () => Val): Val {
    const memo = this.memo.get(key);
    if (memo !== undefined) return memo;
    if (this.active.has(key) || this.depth > MAX_DEPTH) {
      this.cutoffs++;
      return this.unresolved(at);
    }
    this.active.add(key);
    this.depth++;
    const cutoffsBefore = this.cutoffs;
    try {
      const value = fn();
      // A result that met no cycle or depth cut-off does not depend on what is being evaluated around it.
      // Only whole expressions are kept: declaration and member results carry the location of one use.
      if (this.cutoffs === cutoffsBefore && key.startsWith('e:')) this.memo.set(key, value);
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

  // ---------------------------------------------------------------- expressions

  evaluate(node: Node, frame: Frame = ROOT_FRAME): Val {
    return this.guarded(this.nodeKey(node, frame, 'e'), node, () => this.evaluateInner(unwrap(node), frame));
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
        return this.thisValue(n, frame);
      default:
        break;
    }
    const prod = this.productionTest(n);
    if (prod !== undefined) return prod;

    if (Node.isIdentifier(n)) return this.identifier(n, frame);
    if (Node.isTemplateExpression(n)) return this.template(n, frame);
    if (Node.isPrefixUnaryExpression(n)) return this.prefixUnary(n, frame);
    if (Node.isBinaryExpression(n)) return this.binary(n, frame);
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
    if (Node.isObjectLiteralExpression(n)) return this.objectLiteral(n, frame);
    if (Node.isArrayLiteralExpression(n)) return this.arrayLiteral(n, frame);
    if (Node.isNewExpression(n)) return this.newValue(n, frame);
    if (Node.isCallExpression(n)) return this.call(n, frame);
    if (Node.isArrowFunction(n) || Node.isFunctionExpression(n)) return new FunctionVal(n, frame);
    if (Node.isVoidExpression(n)) return UNDEFINED;
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

  private template(n: Node, frame: Frame): Val {
    if (!Node.isTemplateExpression(n)) return this.unresolved(n);
    const parts: Val[] = [n.getHead().getLiteralText()];
    for (const span of n.getTemplateSpans()) {
      parts.push(this.evaluate(span.getExpression(), frame));
      parts.push(span.getLiteral().getLiteralText());
    }
    return this.concatenate(parts, n);
  }

  /** Join parts into a string; references read as `${key.attr}`, anything unknown makes the whole `Unresolved`. */
  private concatenate(parts: readonly Val[], at: Node): Val {
    const combos = combinations(parts);
    if (!combos) return this.unresolved(at, `${at.getText()} (too many possible values)`);
    const results: Val[] = [];
    for (const combo of combos) {
      let text = '';
      for (const p of combo) {
        const s = this.stringOf(p);
        if (s === undefined) return this.unresolved(at);
        text += s;
      }
      results.push(text);
    }
    return this.join(results, at);
  }

  private stringOf(v: Val): string | undefined {
    if (typeof v === 'string') return v;
    if (typeof v === 'number' || typeof v === 'boolean' || v === null) return String(v);
    if (v === UNDEFINED) return 'undefined';
    if (v instanceof ResourceRef) return refText(v);
    if (Array.isArray(v)) {
      const items = v.map((i) => (i === UNDEFINED || i === null ? '' : this.stringOf(i)));
      return items.every((i) => i !== undefined) ? items.join(',') : undefined;
    }
    return undefined;
  }

  private prefixUnary(n: Node, frame: Frame): Val {
    if (!Node.isPrefixUnaryExpression(n)) return this.unresolved(n);
    const v = this.evaluate(n.getOperand(), frame);
    const op = n.getOperatorToken();
    return this.map(
      v,
      (o) => {
        if (op === SyntaxKind.ExclamationToken) {
          const t = truthiness(o);
          return t === undefined ? this.unresolved(n) : !t;
        }
        if (typeof o !== 'number' && typeof o !== 'string' && typeof o !== 'boolean') return this.unresolved(n);
        if (op === SyntaxKind.MinusToken) return -Number(o);
        if (op === SyntaxKind.PlusToken) return Number(o);
        if (op === SyntaxKind.TildeToken) return ~Number(o);
        return this.unresolved(n);
      },
      n,
    );
  }

  private binary(n: Node, frame: Frame): Val {
    if (!Node.isBinaryExpression(n)) return this.unresolved(n);
    const op = n.getOperatorToken().getKind();
    const left = n.getLeft();
    const right = n.getRight();
    switch (op) {
      case SyntaxKind.AmpersandAmpersandToken:
      case SyntaxKind.BarBarToken:
      case SyntaxKind.QuestionQuestionToken: {
        const l = this.evaluate(left, frame);
        let rightValue: Val | undefined;
        const r = (): Val => (rightValue ??= this.evaluate(right, frame));
        const options: Val[] = [];
        for (const o of optionsOf(l)) {
          if (op === SyntaxKind.QuestionQuestionToken) {
            if (o === UNDEFINED || o === null) options.push(r());
            else if (o instanceof Unresolved || o instanceof ExternalVal) options.push(o, r());
            else options.push(o);
            continue;
          }
          const t = truthiness(o);
          if (t === undefined) options.push(o, r());
          else if (op === SyntaxKind.AmpersandAmpersandToken) options.push(t ? r() : o);
          else options.push(t ? o : r());
        }
        return this.join(options, n);
      }
      case SyntaxKind.CommaToken:
        return this.evaluate(right, frame);
      case SyntaxKind.PlusToken: {
        const l = this.evaluate(left, frame);
        const r = this.evaluate(right, frame);
        const combos = combinations([l, r]);
        if (!combos) return this.unresolved(n);
        return this.join(
          combos.map(([a, b]) => {
            if (typeof a === 'number' && typeof b === 'number') return a + b;
            if (typeof a === 'string' || typeof b === 'string' || a instanceof ResourceRef || b instanceof ResourceRef) return this.concatenate([a, b], n);
            if ((typeof a === 'boolean' || a === null) && (typeof b === 'number' || typeof b === 'boolean' || b === null)) return Number(a) + Number(b);
            return this.unresolved(n);
          }),
          n,
        );
      }
      case SyntaxKind.MinusToken:
      case SyntaxKind.AsteriskToken:
      case SyntaxKind.SlashToken:
      case SyntaxKind.PercentToken:
      case SyntaxKind.AsteriskAsteriskToken:
      case SyntaxKind.EqualsEqualsEqualsToken:
      case SyntaxKind.ExclamationEqualsEqualsToken:
      case SyntaxKind.EqualsEqualsToken:
      case SyntaxKind.ExclamationEqualsToken:
      case SyntaxKind.LessThanToken:
      case SyntaxKind.LessThanEqualsToken:
      case SyntaxKind.GreaterThanToken:
      case SyntaxKind.GreaterThanEqualsToken: {
        const combos = combinations([this.evaluate(left, frame), this.evaluate(right, frame)]);
        if (!combos) return this.unresolved(n);
        return this.join(
          combos.map(([a, b]) => {
            const prim = (x: Val): x is string | number | boolean | null => x === null || ['string', 'number', 'boolean'].includes(typeof x);
            const aa = a === UNDEFINED ? undefined : a;
            const bb = b === UNDEFINED ? undefined : b;
            if (!(prim(a) || a === UNDEFINED) || !(prim(b) || b === UNDEFINED)) return this.unresolved(n);
            /* eslint-disable eqeqeq */
            switch (op) {
              case SyntaxKind.EqualsEqualsEqualsToken:
                return aa === bb;
              case SyntaxKind.ExclamationEqualsEqualsToken:
                return aa !== bb;
              case SyntaxKind.EqualsEqualsToken:
                return aa == bb;
              case SyntaxKind.ExclamationEqualsToken:
                return aa != bb;
              case SyntaxKind.LessThanToken:
                return (aa as number) < (bb as number);
              case SyntaxKind.LessThanEqualsToken:
                return (aa as number) <= (bb as number);
              case SyntaxKind.GreaterThanToken:
                return (aa as number) > (bb as number);
              case SyntaxKind.GreaterThanEqualsToken:
                return (aa as number) >= (bb as number);
              case SyntaxKind.MinusToken:
                return Number(aa) - Number(bb);
              case SyntaxKind.AsteriskToken:
                return Number(aa) * Number(bb);
              case SyntaxKind.SlashToken:
                return Number(aa) / Number(bb);
              case SyntaxKind.PercentToken:
                return Number(aa) % Number(bb);
              default:
                return Number(aa) ** Number(bb);
            }
          }),
          n,
        );
      }
      default:
        return this.unresolved(n);
    }
  }

  private objectLiteral(n: Node, frame: Frame): Val {
    if (!Node.isObjectLiteralExpression(n)) return this.unresolved(n);
    type Part = { key: string; value: Val } | { spread: Val; at: Node };
    const parts: Part[] = [];
    for (const p of n.getProperties()) {
      if (Node.isPropertyAssignment(p)) {
        const key = this.propertyName(p.getNameNode(), frame);
        if (key === undefined) return this.unresolved(n);
        parts.push({ key, value: this.evaluate(p.getInitializerOrThrow(), frame) });
      } else if (Node.isShorthandPropertyAssignment(p)) {
        parts.push({ key: p.getName(), value: this.evaluate(p.getNameNode(), frame) });
      } else if (Node.isSpreadAssignment(p)) {
        parts.push({ spread: this.evaluate(p.getExpression(), frame), at: p.getExpression() });
      } else if (Node.isMethodDeclaration(p)) {
        const key = this.propertyName(p.getNameNode(), frame);
        if (key !== undefined) parts.push({ key, value: new FunctionVal(p, frame) });
      } else {
        return this.unresolved(n); // accessors
      }
    }
    const spreads = parts.filter((p): p is { spread: Val; at: Node } => 'spread' in p);
    const combos = combinations(spreads.map((s) => s.spread));
    if (!combos) return this.unresolved(n, `${n.getText()} (too many possible values)`);
    const results: Val[] = [];
    for (const combo of combos) {
      const obj: { [key: string]: Val } = {};
      let unknown = false;
      let i = 0;
      for (const p of parts) {
        if ('key' in p) {
          obj[p.key] = p.value;
          continue;
        }
        const at = p.at;
        const s = combo[i++];
        if (s === UNDEFINED || s === null || typeof s === 'boolean') continue;
        const spreadUnknown = isPlainObject(s) ? unknownKeysOf(s) !== undefined : !Array.isArray(s);
        if (spreadUnknown) {
          // Keys written so far may be overwritten by the spread.
          unknown = true;
          for (const k of Object.keys(obj)) {
            if (isPlainObject(s) && k in s) continue;
            obj[k] = this.join([obj[k], this.unresolved(at, `${at.getText()}.${k}`)], n);
          }
        }
        if (isPlainObject(s)) Object.assign(obj, s);
        else if (Array.isArray(s)) s.forEach((v, idx) => (obj[String(idx)] = v));
      }
      if (unknown) Object.defineProperty(obj, UNKNOWN_KEYS, { value: { whole: this.unresolved(n) }, enumerable: false });
      results.push(obj);
    }
    return this.join(results, n);
  }

  private propertyName(name: Node, frame: Frame): string | undefined {
    if (Node.isIdentifier(name) || Node.isPrivateIdentifier(name)) return name.getText();
    if (Node.isStringLiteral(name) || Node.isNoSubstitutionTemplateLiteral(name)) return name.getLiteralText();
    if (Node.isNumericLiteral(name)) return String(Number(name.getText()));
    if (Node.isComputedPropertyName(name)) {
      const v = this.evaluate(name.getExpression(), frame);
      return typeof v === 'string' || typeof v === 'number' ? String(v) : undefined;
    }
    return undefined;
  }

  private arrayLiteral(n: Node, frame: Frame): Val {
    if (!Node.isArrayLiteralExpression(n)) return this.unresolved(n);
    const items: { value: Val; spread: boolean }[] = n.getElements().map((e) => {
      if (Node.isSpreadElement(e)) return { value: this.evaluate(e.getExpression(), frame), spread: true };
      if (Node.isOmittedExpression(e)) return { value: UNDEFINED, spread: false };
      return { value: this.evaluate(e, frame), spread: false };
    });
    if (!items.some((i) => i.spread)) return items.map((i) => i.value);
    const combos = combinations(items.filter((i) => i.spread).map((i) => i.value));
    if (!combos) return this.unresolved(n, `${n.getText()} (too many possible values)`);
    const results: Val[] = [];
    for (const combo of combos) {
      const arr: Val[] = [];
      let k = 0;
      for (const item of items) {
        if (!item.spread) {
          arr.push(item.value);
          continue;
        }
        const s = combo[k++];
        if (Array.isArray(s)) arr.push(...s);
        else if (typeof s === 'string') arr.push(...s);
        else return this.unresolved(n);
      }
      results.push(arr);
    }
    return this.join(results, n);
  }

  // ---------------------------------------------------------------- names

  private identifier(n: Node, frame: Frame): Val {
    const name = n.getText();
    if (name === 'undefined') return UNDEFINED;
    if (name === 'NaN') return NaN;
    if (name === 'Infinity') return Infinity;
    const decl = lookupName(name, n);
    if (!decl) return new ExternalVal('global', name, this.unresolved(n));
    return this.declaration(decl, frame, n);
  }

  /** The value a declaration gives its name. `use` is where the name was read (for messages). */
  declaration(decl: Node, frame: Frame, use: Node): Val {
    return this.guarded(this.nodeKey(decl, frame, 'd'), use, () => this.declarationInner(decl, frame, use));
  }

  private declarationInner(decl: Node, frame: Frame, use: Node): Val {
    if (Node.isVariableDeclaration(decl)) {
      const list = decl.getParent();
      const statement = list?.getParent();
      if (statement && Node.isForOfStatement(statement)) {
        const items = this.evaluate(statement.getExpression(), frame);
        return this.map(items, (o) => (Array.isArray(o) && o.length > 0 ? this.join(o, use) : this.unresolved(use)), use);
      }
      const init = decl.getInitializer();
      const reassigned = this.reassignments(decl);
      if (reassigned) return this.withReassignments(decl, init, reassigned, frame, use);
      if (!init) return this.unresolved(use);
      const value = this.evaluate(init, frame);
      return Array.isArray(value) || value instanceof OneOf ? this.withPushes(decl, value, frame, use) : value;
    }
    if (Node.isParameterDeclaration(decl)) return this.parameter(decl, frame, use);
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
      return this.unresolved(use);
    }
    // An expression exported as default (`export default { … }`).
    if (Node.isExpression(decl)) return this.evaluate(decl, frame);
    return this.unresolved(use);
  }

  /** Assignments to a `let`/`var` in its scope (undefined for `const` or when there are none). */
  private reassignments(decl: Node): Node[] | undefined {
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
  private withReassignments(decl: Node, init: Node | undefined, assignments: Node[], frame: Frame, use: Node): Val {
    let options: Val[] = [init ? this.evaluate(init, frame) : UNDEFINED];
    const scope = decl.getParent()?.getParent()?.getParent();
    // Read in the declaring function itself: only the assignments before the read have run.
    const sameFunction = enclosingFunction(use) === enclosingFunction(decl) && use.getSourceFile() === decl.getSourceFile();
    for (const a of assignments) {
      if (sameFunction && a.getStart() > use.getStart()) continue;
      if (!Node.isBinaryExpression(a) || a.getOperatorToken().getKind() !== SyntaxKind.EqualsToken) return this.unresolved(use);
      if (!this.isProduction(a)) continue;
      let always = true;
      let child: Node = a;
      for (let p = a.getParent(); p && p !== scope; child = p, p = p.getParent()) {
        if (Node.isIterationStatement(p) || Node.isArrowFunction(p) || Node.isFunctionExpression(p) || Node.isFunctionDeclaration(p) || Node.isMethodDeclaration(p)) always = false;
        else if (Node.isIfStatement(p) && child !== p.getExpression() && productionValue(p.getExpression()) === undefined) always = false;
        else if (Node.isConditionalExpression(p) && child !== p.getCondition() && productionValue(p.getCondition()) === undefined) always = false;
        else if (Node.isBinaryExpression(p) && child === p.getRight() && p !== a) always = false;
        else if (Node.isCaseClause(p) || Node.isDefaultClause(p) || Node.isTryStatement(p) || Node.isCatchClause(p)) always = false;
      }
      const value = this.evaluate(a.getRight(), frame);
      options = always ? [value] : [...options, value];
    }
    return this.join(options, use);
  }

  /**
   * `const list = [...]` followed by `list.push(x)` in the same function: the pushed values join the array;
   * a push under a test that is not a production test is optional (OneOf with and without it). A push in a
   * loop or a callback makes the array Unresolved.
   */
  private withPushes(decl: Node, value: Val, frame: Frame, use: Node): Val {
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
      if (!this.isProduction(push)) continue;
      let optional = false;
      let child: Node = push;
      for (let p = push.getParent(); p && p !== scope; child = p, p = p.getParent()) {
        if (Node.isIterationStatement(p) || Node.isArrowFunction(p) || Node.isFunctionExpression(p) || Node.isFunctionDeclaration(p)) return this.unresolved(use);
        if (Node.isIfStatement(p) && child !== p.getExpression() && productionValue(p.getExpression()) === undefined) optional = true;
        if (Node.isConditionalExpression(p) && child !== p.getCondition() && productionValue(p.getCondition()) === undefined) optional = true;
      }
      const args = (push as unknown as { getArguments(): Node[] }).getArguments().map((a) => this.evaluate(a, frame));
      result = this.map(
        result,
        (arr) => {
          if (!Array.isArray(arr)) return this.unresolved(use);
          const pushed = [...arr, ...args];
          return optional ? this.join([arr, pushed], use) : pushed;
        },
        use,
      );
    }
    return result;
  }

  /** What `import { name } from specifier` (or `* as x` when name is '*') gives. */
  private imported(specifier: string, name: string, from: SourceFile, use: Node): Val {
    const provider = this.registry.parseSpecifier(specifier);
    if (provider) {
      if (name === '*' || name === 'default') return new ProviderNsVal(provider.pkg, provider.dir);
      if (provider.dir) {
        const info = this.registry.module(provider.pkg, provider.dir);
        return name === info.className ? new ProviderClassVal(provider.pkg, provider.dir) : new ExternalVal(specifier, name, this.unresolved(use));
      }
      const dir = this.registry.dirOfRootExport(provider.pkg, name);
      return dir ? new ProviderNsVal(provider.pkg, dir) : new ExternalVal(specifier, name, this.unresolved(use));
    }
    if (specifier.startsWith('.')) {
      const target = resolveLocalModule(this.project, from, specifier);
      if (!target) return this.unresolved(use);
      if (name === '*') return new LocalModuleVal(target);
      return this.exportOf(target, name, use);
    }
    return new ExternalVal(specifier, name === '*' || name === 'default' ? '' : name, this.unresolved(use));
  }

  private exportOf(file: SourceFile, name: string, use: Node): Val {
    const target = resolveExport(this.project, file, name);
    if (!target) return this.unresolved(use);
    if (target.kind === 'external') return this.imported(target.specifier, target.name, file, use);
    return this.declaration(target.node, ROOT_FRAME, use);
  }

  private bindingElement(decl: Node, frame: Frame, use: Node): Val {
    if (!Node.isBindingElement(decl)) return this.unresolved(use);
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
        const k = prop ? this.propertyName(prop, frame) : node.getNameNode().getText();
        if (k === undefined) return this.unresolved(use);
        key = k;
      }
      steps.unshift({ key, element: node });
      node = pattern.getParentOrThrow();
    }
    if (node.getFirstChildByKind(SyntaxKind.DotDotDotToken)) return this.unresolved(use);
    let value: Val;
    const first = steps[0];
    if (Node.isParameterDeclaration(node)) {
      value = this.parameterMember(node, String(first.key), frame, use);
    } else if (Node.isVariableDeclaration(node)) {
      const init = node.getInitializer();
      const statement = node.getParent()?.getParent();
      if (statement && Node.isForOfStatement(statement)) value = this.access(this.declaration(node, frame, use), String(first.key), use);
      else if (init) value = this.member(init, String(first.key), frame, use);
      else return this.unresolved(use);
    } else {
      return this.unresolved(use);
    }
    value = this.withDefault(value, first.element, frame);
    for (const step of steps.slice(1)) {
      value = this.withDefault(this.access(value, String(step.key), use), step.element, frame);
    }
    return value;
  }

  /** `{ x = 'default' }` in a binding pattern: undefined options take the default. */
  private withDefault(value: Val, element: Node, frame: Frame): Val {
    if (!Node.isBindingElement(element)) return value;
    const init = element.getInitializer();
    if (!init) return value;
    return this.map(value, (o) => (o === UNDEFINED ? this.evaluate(init, frame) : o), element);
  }

  // ---------------------------------------------------------------- parameters and call sites

  private parameter(param: Node, frame: Frame, use: Node): Val {
    if (!Node.isParameterDeclaration(param)) return this.unresolved(use);
    const binding = frame.binding(param);
    if (binding) return this.withParamDefault(this.bound(binding), param, frame);
    return this.atCallSites(param, use, (arg) => this.withParamDefault(arg === undefined ? UNDEFINED : this.evaluate(arg, ROOT_FRAME), param, ROOT_FRAME));
  }

  /**
   * The value of `param` joined over the call sites of its function that production can reach:
   * `read` gets each site's argument (undefined when the site omits it).
   */
  private atCallSites(param: ParameterDeclaration, use: Node, read: (arg: Node | undefined) => Val): Val {
    const fn = param.getParentOrThrow();
    const index = (fn as unknown as { getParameters(): Node[] }).getParameters().indexOf(param);
    const sites = this.productionCallSites(fn);
    if (sites.length === 0 || param.isRestParameter()) return this.unresolved(use);
    return this.join(
      sites.map((site) => {
        const arg = this.argumentAt(site, index);
        return arg === null ? this.unresolved(use) : read(arg);
      }),
      use,
    );
  }

  /** `props.name` where `props` is a parameter: read `name` at each call site without evaluating the rest. */
  private parameterMember(param: Node, name: string, frame: Frame, use: Node): Val {
    if (!Node.isParameterDeclaration(param)) return this.unresolved(use);
    const binding = frame.binding(param);
    if (binding) {
      const v = binding.expr ? this.member(binding.expr, name, binding.frame ?? ROOT_FRAME, use) : binding.value !== undefined ? this.access(binding.value, name, use) : UNDEFINED;
      return this.memberDefault(v, param, name, frame, use);
    }
    return this.atCallSites(param, use, (arg) =>
      this.memberDefault(arg === undefined ? UNDEFINED : this.member(arg, name, ROOT_FRAME, use), param, name, ROOT_FRAME, use),
    );
  }

  /** For a missing argument, the member of the parameter's default (`props: Props = { x: 1 }`). */
  private memberDefault(v: Val, param: Node, name: string, frame: Frame, use: Node): Val {
    if (!Node.isParameterDeclaration(param)) return v;
    const init = param.getInitializer();
    if (!init) return v;
    return this.map(v, (o) => (o === UNDEFINED ? this.member(init, name, frame, use) : o), use);
  }

  private withParamDefault(v: Val, param: Node, frame: Frame): Val {
    if (!Node.isParameterDeclaration(param)) return v;
    const init = param.getInitializer();
    if (!init) return v;
    return this.map(v, (o) => (o === UNDEFINED ? this.evaluate(init, frame) : o), param);
  }

  private bound(binding: Binding): Val {
    if (binding.expr) return this.evaluate(binding.expr, binding.frame ?? ROOT_FRAME);
    return binding.value !== undefined ? binding.value : UNDEFINED;
  }

  /** The argument at `index` of a call or `new` site: undefined when absent, null when it cannot be known (a spread). */
  private argumentAt(site: Node, index: number): Node | undefined | null {
    const args = Node.isNewExpression(site) || Node.isCallExpression(site) ? site.getArguments() : [];
    for (let i = 0; i < Math.min(index + 1, args.length); i++) if (Node.isSpreadElement(args[i])) return null;
    return args[index];
  }

  /** Call sites of a function-like declaration that can run in production (all of them when none is known to). */
  private productionCallSites(fn: Node): Node[] {
    const sites = this.callSites(fn);
    const prod = sites.filter((s) => this.isProduction(s));
    return prod.length > 0 ? prod : sites;
  }

  /** Every `new`, `super(...)` and named call in the analysed files, found in one walk. */
  private siteIndex: { news: Map<string, Node[]>; supers: Node[]; calls: Map<string, Node[]>; aliases: Map<string, string[]> } | undefined;

  private sitesIndex(): NonNullable<Evaluator['siteIndex']> {
    if (this.siteIndex) return this.siteIndex;
    const index = { news: new Map<string, Node[]>(), supers: [] as Node[], calls: new Map<string, Node[]>(), aliases: new Map<string, string[]>() };
    const add = (map: Map<string, Node[]>, name: string, node: Node): void => {
      const list = map.get(name);
      if (list) list.push(node);
      else map.set(name, [node]);
    };
    for (const sf of this.callSiteFiles) {
      visitKinds(sf, CALL_KINDS, (node) => {
        const expr = unwrap((node as unknown as { getExpression(): Node }).getExpression());
        if (Node.isNewExpression(node)) {
          // By the name the class is written with (`new Registry`, `new constructs.Registry`).
          if (Node.isIdentifier(expr)) add(index.news, expr.getText(), node);
          else if (Node.isPropertyAccessExpression(expr)) add(index.news, expr.getName(), node);
        } else if (expr.getKind() === SyntaxKind.SuperKeyword) index.supers.push(node);
        else if (Node.isIdentifier(expr)) add(index.calls, expr.getText(), node);
        else if (Node.isPropertyAccessExpression(expr) && expr.getExpression().getKind() === SyntaxKind.ThisKeyword) add(index.calls, `this.${expr.getName()}`, node);
      });
      for (const imp of sf.getImportDeclarations()) {
        for (const spec of imp.getNamedImports()) {
          const alias = spec.getAliasNode();
          if (alias) index.aliases.set(spec.getName(), [...(index.aliases.get(spec.getName()) ?? []), alias.getText()]);
        }
      }
    }
    this.siteIndex = index;
    return index;
  }

  /** Every `new C(...)`, `super(...)` or call of `fn` in the analysed files. */
  callSites(fn: Node): Node[] {
    const cached = this.callSiteCache.get(fn);
    if (cached) return cached;
    this.callSiteCache.set(fn, []);
    const index = this.sitesIndex();
    const sites: Node[] = [];
    if (Node.isConstructorDeclaration(fn)) {
      const cls = fn.getParentOrThrow();
      const name = Node.isClassDeclaration(cls) ? cls.getName() : undefined;
      const candidates = name ? [name, ...(index.aliases.get(name) ?? [])] : [...index.news.keys()];
      for (const candidate of candidates) {
        for (const node of index.news.get(candidate) ?? []) {
          const callee = this.callee(node);
          if (callee instanceof ClassVal && callee.decl === cls) sites.push(node);
        }
      }
      for (const node of index.supers) {
        const heritage = node.getFirstAncestorByKind(SyntaxKind.ClassDeclaration)?.getExtends()?.getExpression();
        const base = heritage ? this.evaluate(heritage) : undefined;
        if (base instanceof ClassVal && base.decl === cls) sites.push(node);
      }
    } else if (Node.isMethodDeclaration(fn)) {
      for (const node of index.calls.get(`this.${fn.getName()}`) ?? []) {
        if (node.getFirstAncestorByKind(SyntaxKind.ClassDeclaration) === fn.getParent()) sites.push(node);
      }
    } else {
      // A function declaration, or `const f = (…) => …`: calls name the function (or an alias of its import).
      const parent = fn.getParent();
      const name = Node.isFunctionDeclaration(fn) ? fn.getName() : parent && Node.isVariableDeclaration(parent) ? parent.getName() : undefined;
      if (name) {
        for (const candidate of [name, ...(index.aliases.get(name) ?? [])]) {
          for (const node of index.calls.get(candidate) ?? []) {
            const v = this.callee(node);
            if (v instanceof FunctionVal && v.decl === fn) sites.push(node);
          }
        }
      }
    }
    this.callSiteCache.set(fn, sites);
    return sites;
  }

  /** The evaluated callee of a `new` or call expression (memoised; evaluated in the root frame). */
  callee(node: Node): Val {
    const cached = this.calleeCache.get(node);
    if (cached !== undefined) return cached;
    const expr = (node as unknown as { getExpression(): Node }).getExpression();
    const simple = (e: Node): boolean => {
      const u = unwrap(e);
      return Node.isIdentifier(u) || u.getKind() === SyntaxKind.ThisKeyword || (Node.isPropertyAccessExpression(u) && simple(u.getExpression()));
    };
    const v = simple(expr) ? this.evaluate(expr) : this.unresolved(expr);
    this.calleeCache.set(node, v);
    return v;
  }

  // ---------------------------------------------------------------- production

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
        const sites = this.callSites(fn);
        const result = sites.length === 0 || sites.some((s) => this.isProduction(s));
        this.productionCache.set(fn, result);
        return result;
      }
    }
    return true;
  }

  // ---------------------------------------------------------------- members

  /** `expr.name`, reading only what is needed (an object literal's property, a prop at each call site). */
  member(expr: Node, name: string, frame: Frame, use: Node): Val {
    return this.guarded(this.nodeKey(expr, frame, `m.${name}`), use, () => this.memberInner(unwrap(expr), name, frame, use));
  }

  private memberInner(e: Node, name: string, frame: Frame, use: Node): Val {
    if (Node.isObjectLiteralExpression(e)) {
      const props = e.getProperties();
      for (let i = props.length - 1; i >= 0; i--) {
        const p = props[i];
        if (Node.isPropertyAssignment(p) && this.propertyName(p.getNameNode(), frame) === name) return this.evaluate(p.getInitializerOrThrow(), frame);
        if (Node.isShorthandPropertyAssignment(p) && p.getName() === name) return this.evaluate(p.getNameNode(), frame);
        if (Node.isMethodDeclaration(p) && this.propertyName(p.getNameNode(), frame) === name) return new FunctionVal(p, frame);
        if (Node.isSpreadAssignment(p)) {
          // The rest of the literal only matters where the spread lacks the key.
          return this.access(this.evaluate(e, frame), name, use);
        }
      }
      return UNDEFINED;
    }
    if (Node.isIdentifier(e)) {
      const decl = lookupName(e.getText(), e);
      if (decl && Node.isParameterDeclaration(decl)) return this.parameterMember(decl, name, frame, use);
      if (decl && Node.isVariableDeclaration(decl)) {
        const init = decl.getInitializer();
        const statement = decl.getParent()?.getParent();
        if (init && !(statement && Node.isForOfStatement(statement))) return this.member(init, name, frame, use);
      }
    }
    if (Node.isPropertyAccessExpression(e) && e.getExpression().getKind() === SyntaxKind.ThisKeyword && productionValue(e) === undefined) {
      const sources = this.thisMemberSources(e, e.getName(), frame);
      if (sources) return this.join(sources.map((s) => this.member(s.expr, name, s.frame, use)), use);
    }
    return this.access(this.evaluate(e, frame), name, use);
  }

  /** Property `name` of an evaluated value. */
  access(v: Val, name: string, use: Node): Val {
    return this.map(v, (o) => this.accessOne(o, name, use), use);
  }

  private accessOne(v: Val, name: string, use: Node): Val {
    if (v === UNDEFINED || v === null) return UNDEFINED;
    if (isPlainObject(v)) {
      if (Object.prototype.hasOwnProperty.call(v, name)) return v[name];
      return unknownKeysOf(v) ? this.unresolved(use) : UNDEFINED;
    }
    if (Array.isArray(v)) {
      if (name === 'length') return v.length;
      if (/^\d+$/.test(name)) return Number(name) < v.length ? v[Number(name)] : UNDEFINED;
      return new FunctionVal(undefined, ROOT_FRAME, `array.${name}`, v);
    }
    if (typeof v === 'string') {
      if (name === 'length') return v.length;
      if (/^\d+$/.test(name)) return v[Number(name)] ?? UNDEFINED;
      return new FunctionVal(undefined, ROOT_FRAME, `string.${name}`, v);
    }
    if (v instanceof ResourceRef) {
      if (RESOURCE_METHODS.has(name) || REF_INDEX_METHODS.has(name)) return new FunctionVal(undefined, ROOT_FRAME, `ref.${name}`, v);
      const cls = this.resourceClasses.get(v.targetKey);
      const spelling = cls ? this.registry.module(cls.pkg, cls.dir).attributes.get(name)?.snake : undefined;
      const attr = spelling ?? snakeCase(name);
      return new ResourceRef(v.targetKey, v.attribute ? `${v.attribute}.${attr}` : attr);
    }
    if (v instanceof InstanceVal) return this.instanceMember(v, name, use);
    if (v instanceof ProviderNsVal) {
      if (!v.dir) {
        const dir = this.registry.dirOfRootExport(v.pkg, name);
        return dir ? new ProviderNsVal(v.pkg, dir) : new ExternalVal(v.pkg, name, this.unresolved(use));
      }
      const info = this.registry.module(v.pkg, v.dir);
      return name === info.className ? new ProviderClassVal(v.pkg, v.dir) : new ExternalVal(`${v.pkg}/lib/${v.dir}`, name, this.unresolved(use));
    }
    if (v instanceof LocalModuleVal) return this.exportOf(v.sourceFile as SourceFile, name, use);
    if (v instanceof EnumVal) return this.enumMember(v, name, use);
    if (v instanceof ClassVal) return this.staticMember(v, name, use);
    if (v instanceof ExternalVal) return new ExternalVal(v.specifier, v.path ? `${v.path}.${name}` : name, this.unresolved(use));
    if (v instanceof Unresolved) return this.unresolved(use);
    return this.unresolved(use);
  }

  private enumMember(v: EnumVal, name: string, use: Node): Val {
    const decl = v.decl;
    if (!Node.isEnumDeclaration(decl)) return this.unresolved(use);
    let next: Val = 0;
    for (const m of decl.getMembers()) {
      const init = m.getInitializer();
      const value: Val = init ? this.evaluate(init) : next;
      if (m.getName() === name) return value;
      next = typeof value === 'number' ? value + 1 : UNDEFINED;
    }
    return UNDEFINED;
  }

  private staticMember(v: ClassVal, name: string, use: Node): Val {
    const decl = v.decl;
    if (!Node.isClassDeclaration(decl) && !Node.isClassExpression(decl)) return this.unresolved(use);
    const prop = decl.getStaticProperty(name);
    if (prop && Node.isPropertyDeclaration(prop)) {
      const init = prop.getInitializer();
      return init ? this.evaluate(init) : UNDEFINED;
    }
    const method = decl.getStaticMethod(name);
    if (method) return new FunctionVal(method, ROOT_FRAME);
    return this.unresolved(use);
  }

  private thisValue(n: Node, frame: Frame): Val {
    const cls = enclosingClassOfThis(n);
    if (!cls) return this.unresolved(n);
    return frame.thisInstance(cls) ?? new InstanceVal(cls, undefined, ROOT_FRAME);
  }

  /** The frame for evaluating inside `instance`'s class: constructor parameters bound to the `new` arguments. */
  private instanceFrame(instance: InstanceVal): Frame {
    const cls = instance.classDecl;
    const ctor = Node.isClassDeclaration(cls) || Node.isClassExpression(cls) ? cls.getConstructors()[0] : undefined;
    const bindings = new Map<Node, Binding>();
    if (ctor && instance.newExpr && Node.isNewExpression(instance.newExpr)) {
      const args = instance.newExpr.getArguments();
      const spread = args.some((a) => Node.isSpreadElement(a));
      if (!spread) ctor.getParameters().forEach((p, i) => bindings.set(p, { expr: args[i], frame: instance.frame }));
    }
    return new Frame(bindings, undefined, instance);
  }

  private instanceMember(instance: InstanceVal, name: string, use: Node): Val {
    const sources = this.memberSources(instance.classDecl, name, this.instanceFrame(instance));
    if (sources === undefined) return this.unresolved(use);
    if (sources.length === 0) return UNDEFINED;
    return this.join(
      sources.map((s) => ('fn' in s ? s.fn : this.evaluate(s.expr, s.frame))),
      use,
    );
  }

  /** Where `this.name` gets its value inside the class around `access`. */
  private thisMemberSources(access: Node, name: string, frame: Frame): { expr: Node; frame: Frame }[] | undefined {
    const cls = enclosingClassOfThis(access);
    if (!cls) return undefined;
    const instance = frame.thisInstance(cls);
    const sources = this.memberSources(cls, name, instance ? this.instanceFrame(instance) : new Frame(new Map(), frame));
    if (!sources || sources.length === 0 || sources.some((s) => 'fn' in s)) return undefined;
    return sources as { expr: Node; frame: Frame }[];
  }

  private readonly assignmentCache = new Map<Node, Map<string, Node[]>>();

  /** `this.<name> = <expr>` in a constructor body (not in nested functions), by name. */
  private constructorAssignments(ctor: Node): Map<string, Node[]> {
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

  /**
   * What a class assigns to member `name`: a parameter property, a property initializer, `this.name = …` in
   * the constructor, a getter's returned expression; or a method. Undefined when the class is not local.
   */
  private memberSources(cls: Node, name: string, frame: Frame): ({ expr: Node; frame: Frame } | { fn: FunctionVal })[] | undefined {
    if (!Node.isClassDeclaration(cls) && !Node.isClassExpression(cls)) return undefined;
    const result: ({ expr: Node; frame: Frame } | { fn: FunctionVal })[] = [];
    const ctor = cls.getConstructors()[0];
    if (ctor) {
      for (const p of ctor.getParameters()) {
        if (p.isParameterProperty() && p.getName() === name) result.push({ expr: p.getNameNode(), frame });
      }
      for (const right of this.constructorAssignments(ctor).get(name) ?? []) result.push({ expr: right, frame });
    }
    const prop = cls.getInstanceProperty(name);
    if (prop && Node.isPropertyDeclaration(prop)) {
      const init = prop.getInitializer();
      if (init) result.push({ expr: init, frame });
    } else if (prop && Node.isGetAccessorDeclaration(prop)) {
      const ret = returnedExpression(prop);
      if (ret) result.push({ expr: ret, frame });
    }
    const method = cls.getInstanceMethod(name);
    if (method) result.push({ fn: new FunctionVal(method, frame) });
    if (result.length === 0) {
      // Inherited from a local base class?
      const heritage = cls.getExtends()?.getExpression();
      const base = heritage ? this.evaluate(heritage) : undefined;
      if (base instanceof ClassVal && base.decl !== cls) return this.memberSources(base.decl, name, frame);
      return heritage && !(base instanceof ClassVal) && !prop ? undefined : result;
    }
    return result;
  }

  // ---------------------------------------------------------------- new and calls

  private newValue(n: Node, frame: Frame): Val {
    if (!Node.isNewExpression(n)) return this.unresolved(n);
    const callee = this.callee(n);
    if (callee instanceof ProviderClassVal) {
      const key = this.keyOf(n);
      this.resourceClasses.set(key, callee);
      return new ResourceRef(key, '');
    }
    if (callee instanceof ClassVal) return new InstanceVal(callee.decl, n, frame);
    return this.unresolved(n);
  }

  private call(n: Node, frame: Frame): Val {
    if (!Node.isCallExpression(n)) return this.unresolved(n);
    const args = n.getArguments();
    if (args.some((a) => Node.isSpreadElement(a))) return this.unresolved(n);
    const fnVal = this.evaluate(n.getExpression(), frame);
    if (fnVal instanceof OneOf || fnVal instanceof Unresolved) return this.unresolved(n);
    if (fnVal instanceof ExternalVal) return this.external(fnVal, args, frame, n);
    if (fnVal instanceof FunctionVal) {
      if (fnVal.builtin) return this.builtin(fnVal, args.map((a) => this.evaluate(a, frame)), n);
      return this.apply(fnVal, args.map((a) => ({ expr: a, frame })), n);
    }
    return this.unresolved(n);
  }

  /** Apply a local function whose body is a single returned expression. */
  private apply(fn: FunctionVal, args: Binding[], at: Node): Val {
    const decl = fn.decl;
    if (!decl) return this.unresolved(at);
    const body = returnedExpression(decl);
    if (!body) return this.unresolved(at);
    const params = (decl as unknown as { getParameters(): Node[] }).getParameters();
    const bindings = new Map<Node, Binding>();
    params.forEach((p, i) => bindings.set(p, args[i] ?? { value: UNDEFINED }));
    return this.evaluate(body, new Frame(bindings, fn.frame));
  }

  private builtin(fn: FunctionVal, args: Val[], at: Node): Val {
    const [kind, name] = (fn.builtin ?? '').split('.') as [string, string];
    const r = fn.receiver;
    if (kind === 'ref' && r instanceof ResourceRef) {
      if (REF_INDEX_METHODS.has(name) && (typeof args[0] === 'number' || typeof args[0] === 'string')) {
        return new ResourceRef(r.targetKey, `${r.attribute}${r.attribute ? '.' : ''}${args[0]}`);
      }
      return this.unresolved(at);
    }
    if (kind === 'string' && typeof r === 'string') {
      const strArgs = args.map((a) => (typeof a === 'string' || typeof a === 'number' ? a : undefined));
      if (strArgs.some((a) => a === undefined)) return this.unresolved(at);
      const s = strArgs as (string | number)[];
      switch (name) {
        case 'toLowerCase':
        case 'toUpperCase':
        case 'trim':
        case 'toString':
          return r[name]();
        case 'startsWith':
        case 'endsWith':
        case 'includes':
          return r[name](String(s[0]));
        case 'localeCompare':
          return r < String(s[0]) ? -1 : r > String(s[0]) ? 1 : 0;
        case 'replace':
        case 'replaceAll':
          return r[name](String(s[0]), String(s[1]));
        case 'split':
          return r.split(String(s[0]));
        case 'slice':
        case 'substring':
          return r[name](Number(s[0]), s[1] === undefined ? undefined : Number(s[1]));
        case 'concat':
          return r.concat(...s.map(String));
        case 'padStart':
        case 'padEnd':
          return r[name](Number(s[0]), s[1] === undefined ? undefined : String(s[1]));
        default:
          return this.unresolved(at);
      }
    }
    if (kind === 'array' && Array.isArray(r)) {
      switch (name) {
        case 'join': {
          const sep = args[0] === undefined || args[0] === UNDEFINED ? ',' : args[0];
          if (typeof sep !== 'string') return this.unresolved(at);
          return this.concatenate(r.flatMap((x, i) => (i === 0 ? [x === UNDEFINED || x === null ? '' : x] : [sep, x === UNDEFINED || x === null ? '' : x])), at);
        }
        case 'concat':
          return args.every((a) => !(a instanceof OneOf) && !(a instanceof Unresolved)) ? [...r, ...args.flatMap((a): Val[] => (Array.isArray(a) ? a : [a]))] : this.unresolved(at);
        case 'includes':
          return r.some((x) => typeof x !== 'object' && x === args[0]) ? true : r.every((x) => typeof x !== 'object' || x === null) ? false : this.unresolved(at);
        case 'flat':
          return r.flatMap((x) => (Array.isArray(x) ? x : [x]));
        case 'reverse':
          return [...r].reverse();
        case 'sort': {
          const cb = args[0];
          if (cb === undefined || cb === UNDEFINED) {
            const keys = r.map((x) => this.stringOf(x));
            if (keys.some((k) => k === undefined)) return this.unresolved(at);
            return r.map((x, i) => ({ x, k: keys[i] as string })).sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : 0)).map((e) => e.x as Val);
          }
          if (!(cb instanceof FunctionVal) || cb.builtin) return this.unresolved(at);
          let failed = false;
          const sorted = [...r].sort((a, b) => {
            const v = failed ? 0 : this.apply(cb, [{ value: a }, { value: b }], at);
            if (typeof v !== 'number') failed = true;
            return typeof v === 'number' ? v : 0;
          });
          return failed ? this.unresolved(at) : sorted;
        }
        case 'slice':
          return r.slice(typeof args[0] === 'number' ? args[0] : 0, typeof args[1] === 'number' ? args[1] : undefined);
        case 'map':
        case 'flatMap':
        case 'filter': {
          const cb = args[0];
          if (name === 'filter' && cb instanceof ExternalVal && cb.specifier === 'global' && cb.path === 'Boolean') {
            const kept: Val[] = [];
            for (const x of r) {
              const t = truthiness(x);
              if (t === undefined) return this.unresolved(at);
              if (t) kept.push(x);
            }
            return kept;
          }
          if (!(cb instanceof FunctionVal) || cb.builtin) return this.unresolved(at);
          const out: Val[] = [];
          for (let i = 0; i < r.length; i++) {
            const v = this.apply(cb, [{ value: r[i] }, { value: i }], at);
            if (name === 'filter') {
              const t = truthiness(v);
              if (t === undefined) return this.unresolved(at);
              if (t) out.push(r[i]);
            } else if (name === 'flatMap' && Array.isArray(v)) out.push(...v);
            else out.push(v);
          }
          return out;
        }
        default:
          return this.unresolved(at);
      }
    }
    return this.unresolved(at);
  }

  /** Calls of globals and package functions the layer understands. */
  private external(fn: ExternalVal, args: Node[], frame: Frame, at: Node): Val {
    const id = fn.specifier === 'global' ? fn.path : `${fn.specifier}:${fn.path}`;
    const arg = (i: number): Val => (args[i] ? this.evaluate(args[i], frame) : UNDEFINED);
    switch (id) {
      case 'JSON.stringify':
      case 'cdktf:Fn.jsonencode': {
        const space = id === 'JSON.stringify' ? arg(2) : UNDEFINED;
        return this.map(arg(0), (v) => this.stringify(v, typeof space === 'number' || typeof space === 'string' ? space : undefined, at), at);
      }
      case 'String':
        return this.map(arg(0), (v) => this.stringOf(v) ?? this.unresolved(at), at);
      case 'Number':
        return this.map(arg(0), (v) => (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? Number(v) : this.unresolved(at)), at);
      case 'Boolean':
        return this.map(arg(0), (v) => truthiness(v) ?? this.unresolved(at), at);
      case 'Object.keys':
      case 'Object.values':
      case 'Object.entries':
        return this.map(arg(0), (v) => {
          if (!isPlainObject(v) || unknownKeysOf(v)) return this.unresolved(at);
          const keys = Object.keys(v).filter((k) => v[k] !== UNDEFINED);
          return fn.path === 'Object.keys' ? keys : fn.path === 'Object.values' ? keys.map((k) => v[k]) : keys.map((k) => [k, v[k]]);
        }, at);
      case 'Object.fromEntries':
        return this.map(arg(0), (v) => {
          if (!Array.isArray(v)) return this.unresolved(at);
          const obj: { [key: string]: Val } = {};
          for (const e of v) {
            if (!Array.isArray(e) || (typeof e[0] !== 'string' && typeof e[0] !== 'number')) return this.unresolved(at);
            obj[String(e[0])] = e[1];
          }
          return obj;
        }, at);
      case 'Math.min':
      case 'Math.max': {
        const combos = combinations(args.map((_, i) => arg(i)));
        if (!combos) return this.unresolved(at);
        const f = fn.path === 'Math.min' ? Math.min : Math.max;
        return this.join(combos.map((c) => (c.every((x) => typeof x === 'number') ? f(...(c as number[])) : this.unresolved(at))), at);
      }
      case 'Object.assign': {
        const values = args.map((_, i) => arg(i));
        const combos = combinations(values);
        if (!combos) return this.unresolved(at);
        return this.join(
          combos.map((c) => (c.every((x) => (isPlainObject(x) && !unknownKeysOf(x)) || x === UNDEFINED || x === null) ? Object.assign({}, ...c.filter(isPlainObject)) : this.unresolved(at))),
          at,
        );
      }
      default:
        return this.unresolved(at);
    }
  }

  /**
   * `JSON.stringify` of an evaluated value. References become `${<key>.<attr>}` strings, unknown parts
   * `${unresolved:<expression>}`, so a rule can still parse the JSON (container definitions).
   */
  private stringify(v: Val, space: number | string | undefined, at: Node): Val {
    const variants = this.expand(v);
    if (!variants) return this.unresolved(at, `${at.getText()} (too many possible values)`);
    return this.join(
      variants.map((variant) =>
        JSON.stringify(
          variant,
          (_k, x: unknown) => {
            if (x === UNDEFINED) return undefined;
            if (x instanceof ResourceRef) return refText(x);
            if (x instanceof Unresolved) return `\${unresolved:${x.expression}}`;
            if (x instanceof ExternalVal) return `\${unresolved:${x.unresolved.expression}}`;
            if (x instanceof InstanceVal && x.newExpr) return `\${unresolved:${x.newExpr.getText()}}`;
            if (typeof x === 'object' && x !== null && !Array.isArray(x) && !isPlainObject(x)) return `\${unresolved:${at.getText()}}`;
            return x;
          },
          space,
        ),
      ),
      at,
    );
  }

  /** Every variant of a value without `OneOf` inside (undefined when there are too many). */
  private expand(v: Val): Val[] | undefined {
    if (v instanceof OneOf) {
      // "Could be anything" covers the known options: keeps container definitions with config values readable.
      const unknown = v.options.find((o) => o instanceof Unresolved);
      if (unknown) return [unknown];
      const out: Val[] = [];
      for (const o of v.options) {
        const e = this.expand(o as Val);
        if (!e) return undefined;
        out.push(...e);
      }
      return out.length > 32 ? undefined : out;
    }
    if (Array.isArray(v)) {
      const parts = v.map((x) => this.expand(x));
      if (parts.some((p) => !p)) return undefined;
      return combinations(parts.map((p) => (p!.length === 1 ? p![0] : new OneOf(p as never))));
    }
    if (isPlainObject(v)) {
      const rest = unknownKeysOf(v);
      if (rest) return [rest.whole];
      const keys = Object.keys(v);
      const parts = keys.map((k) => this.expand(v[k]));
      if (parts.some((p) => !p)) return undefined;
      const combos = combinations(parts.map((p) => (p!.length === 1 ? p![0] : new OneOf(p as never))));
      return combos?.map((c) => Object.fromEntries(keys.map((k, i) => [k, c[i]])));
    }
    return [v];
  }
}

/** The class `this` refers to at `node` (arrow functions see through; function expressions do not). */
function enclosingClassOfThis(node: Node): Node | undefined {
  for (let p = node.getParent(); p; p = p.getParent()) {
    if (Node.isClassDeclaration(p) || Node.isClassExpression(p)) return p;
    if (Node.isFunctionDeclaration(p) || Node.isFunctionExpression(p)) return undefined;
  }
  return undefined;
}

function enclosingFunction(node: Node): Node | undefined {
  for (let p = node.getParent(); p; p = p.getParent()) {
    if (Node.isFunctionDeclaration(p) || Node.isFunctionExpression(p) || Node.isArrowFunction(p) || Node.isMethodDeclaration(p) || Node.isConstructorDeclaration(p) || Node.isGetAccessorDeclaration(p)) return p;
  }
  return undefined;
}

/** A statement that always leaves the block: return, throw, or a block ending in one. */
function exits(s: Node): boolean {
  if (Node.isReturnStatement(s) || Node.isThrowStatement(s)) return true;
  if (Node.isBlock(s)) {
    const statements = s.getStatements();
    const last = statements[statements.length - 1];
    return last !== undefined && exits(last);
  }
  return false;
}
