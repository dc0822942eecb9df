/**
 * Expressions with an operator or a literal shape: templates and `+` (string building), unary and binary
 * operators, object and array literals (with spreads). Names, members and calls live in their own parts.
 */
import { Node, SyntaxKind } from 'ts-morph';
import { ResourceRef, Unresolved } from '../model';
import type { Evaluator } from './evaluate';
import { combinations, ExternalVal, Frame, FunctionVal, isPlainObject, optionsOf, refText, truthiness, UNDEFINED, UNKNOWN_KEYS, unknownKeysOf, type Val } from './values';

export class Expressions {
  constructor(private readonly ev: Evaluator) {}

  template(n: Node, frame: Frame): Val {
    if (!Node.isTemplateExpression(n)) return this.ev.unresolved(n);
    const parts: Val[] = [n.getHead().getLiteralText()];
    for (const span of n.getTemplateSpans()) {
      parts.push(this.ev.evaluate(span.getExpression(), frame));
      parts.push(span.getLiteral().getLiteralText());
    }
    return this.concatenate(parts, n);
  }

  /** Join parts into a string; references read as `${key.attr}`, anything unknown makes the whole `Unresolved`. */
  concatenate(parts: readonly Val[], at: Node): Val {
    const combos = combinations(parts);
    if (!combos) return this.ev.unresolved(at, `${at.getText()} (too many possible values)`);
    const results: Val[] = [];
    for (const combo of combos) {
      let text = '';
      for (const p of combo) {
        const s = this.stringOf(p);
        if (s === undefined) return this.ev.unresolved(at);
        text += s;
      }
      results.push(text);
    }
    return this.ev.join(results, at);
  }

  stringOf(v: Val): string | undefined {
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

  prefixUnary(n: Node, frame: Frame): Val {
    if (!Node.isPrefixUnaryExpression(n)) return this.ev.unresolved(n);
    const v = this.ev.evaluate(n.getOperand(), frame);
    const op = n.getOperatorToken();
    return this.ev.map(
      v,
      (o) => {
        if (op === SyntaxKind.ExclamationToken) {
          const t = truthiness(o);
          return t === undefined ? this.ev.unresolved(n) : !t;
        }
        if (typeof o !== 'number' && typeof o !== 'string' && typeof o !== 'boolean') return this.ev.unresolved(n);
        if (op === SyntaxKind.MinusToken) return -Number(o);
        if (op === SyntaxKind.PlusToken) return Number(o);
        if (op === SyntaxKind.TildeToken) return ~Number(o);
        return this.ev.unresolved(n);
      },
      n,
    );
  }

  binary(n: Node, frame: Frame): Val {
    if (!Node.isBinaryExpression(n)) return this.ev.unresolved(n);
    const op = n.getOperatorToken().getKind();
    const left = n.getLeft();
    const right = n.getRight();
    switch (op) {
      case SyntaxKind.AmpersandAmpersandToken:
      case SyntaxKind.BarBarToken:
      case SyntaxKind.QuestionQuestionToken: {
        const l = this.ev.evaluate(left, frame);
        let rightValue: Val | undefined;
        const r = (): Val => (rightValue ??= this.ev.evaluate(right, frame));
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
        return this.ev.join(options, n);
      }
      case SyntaxKind.CommaToken:
        return this.ev.evaluate(right, frame);
      case SyntaxKind.PlusToken: {
        const l = this.ev.evaluate(left, frame);
        const r = this.ev.evaluate(right, frame);
        const combos = combinations([l, r]);
        if (!combos) return this.ev.unresolved(n);
        return this.ev.join(
          combos.map(([a, b]) => {
            if (typeof a === 'number' && typeof b === 'number') return a + b;
            if (typeof a === 'string' || typeof b === 'string' || a instanceof ResourceRef || b instanceof ResourceRef) return this.concatenate([a, b], n);
            if ((typeof a === 'boolean' || a === null) && (typeof b === 'number' || typeof b === 'boolean' || b === null)) return Number(a) + Number(b);
            return this.ev.unresolved(n);
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
        const combos = combinations([this.ev.evaluate(left, frame), this.ev.evaluate(right, frame)]);
        if (!combos) return this.ev.unresolved(n);
        return this.ev.join(
          combos.map(([a, b]) => {
            const prim = (x: Val): x is string | number | boolean | null => x === null || ['string', 'number', 'boolean'].includes(typeof x);
            const aa = a === UNDEFINED ? undefined : a;
            const bb = b === UNDEFINED ? undefined : b;
            if (!(prim(a) || a === UNDEFINED) || !(prim(b) || b === UNDEFINED)) return this.ev.unresolved(n);
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
        return this.ev.unresolved(n);
    }
  }

  objectLiteral(n: Node, frame: Frame): Val {
    if (!Node.isObjectLiteralExpression(n)) return this.ev.unresolved(n);
    type Part = { key: string; value: Val } | { spread: Val; at: Node };
    const parts: Part[] = [];
    for (const p of n.getProperties()) {
      if (Node.isPropertyAssignment(p)) {
        const key = this.propertyName(p.getNameNode(), frame);
        if (key === undefined) return this.ev.unresolved(n);
        parts.push({ key, value: this.ev.evaluate(p.getInitializerOrThrow(), frame) });
      } else if (Node.isShorthandPropertyAssignment(p)) {
        parts.push({ key: p.getName(), value: this.ev.evaluate(p.getNameNode(), frame) });
      } else if (Node.isSpreadAssignment(p)) {
        parts.push({ spread: this.ev.evaluate(p.getExpression(), frame), at: p.getExpression() });
      } else if (Node.isMethodDeclaration(p)) {
        const key = this.propertyName(p.getNameNode(), frame);
        if (key !== undefined) parts.push({ key, value: new FunctionVal(p, frame) });
      } else {
        return this.ev.unresolved(n); // accessors
      }
    }
    const spreads = parts.filter((p): p is { spread: Val; at: Node } => 'spread' in p);
    const combos = combinations(spreads.map((s) => s.spread));
    if (!combos) return this.ev.unresolved(n, `${n.getText()} (too many possible values)`);
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
            obj[k] = this.ev.join([obj[k], this.ev.unresolved(at, `${at.getText()}.${k}`)], n);
          }
        }
        if (isPlainObject(s)) Object.assign(obj, s);
        else if (Array.isArray(s)) s.forEach((v, idx) => (obj[String(idx)] = v));
      }
      if (unknown) Object.defineProperty(obj, UNKNOWN_KEYS, { value: { whole: this.ev.unresolved(n) }, enumerable: false });
      results.push(obj);
    }
    return this.ev.join(results, n);
  }

  propertyName(name: Node, frame: Frame): string | undefined {
    if (Node.isIdentifier(name) || Node.isPrivateIdentifier(name)) return name.getText();
    if (Node.isStringLiteral(name) || Node.isNoSubstitutionTemplateLiteral(name)) return name.getLiteralText();
    if (Node.isNumericLiteral(name)) return String(Number(name.getText()));
    if (Node.isComputedPropertyName(name)) {
      const v = this.ev.evaluate(name.getExpression(), frame);
      return typeof v === 'string' || typeof v === 'number' ? String(v) : undefined;
    }
    return undefined;
  }

  arrayLiteral(n: Node, frame: Frame): Val {
    if (!Node.isArrayLiteralExpression(n)) return this.ev.unresolved(n);
    const items: { value: Val; spread: boolean }[] = n.getElements().map((e) => {
      if (Node.isSpreadElement(e)) return { value: this.ev.evaluate(e.getExpression(), frame), spread: true };
      if (Node.isOmittedExpression(e)) return { value: UNDEFINED, spread: false };
      return { value: this.ev.evaluate(e, frame), spread: false };
    });
    if (!items.some((i) => i.spread)) return items.map((i) => i.value);
    const combos = combinations(items.filter((i) => i.spread).map((i) => i.value));
    if (!combos) return this.ev.unresolved(n, `${n.getText()} (too many possible values)`);
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
        else return this.ev.unresolved(n);
      }
      results.push(arr);
    }
    return this.ev.join(results, n);
  }
}
