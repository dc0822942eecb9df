/**
 * `new` and call expressions: provider classes become resource references, local classes construct
 * instances, local functions are applied to their arguments, and a few globals (`JSON.stringify`, `JSON.parse`,
 * `Object.keys`, `Math.max`, …) and cdktf helpers are evaluated.
 */
import { Node, SyntaxKind } from 'ts-morph';
import { OneOf, ResourceRef, Unresolved } from '../model';
import { returnedExpression } from './scope';
import type { Evaluator } from './evaluate';
import { type Binding, ClassVal, combinations, ExternalVal, Frame, FunctionVal, InstanceVal, isPlainObject, truthiness, UNDEFINED, unknownKeysOf, type Val } from './values';

export class Calls {
  constructor(private readonly ev: Evaluator) {}

  newValue(n: Node, frame: Frame): Val {
    if (!Node.isNewExpression(n)) return this.ev.unresolved(n);
    const callee = this.ev.callee(n);
    const base = this.ev.resources.baseOf(callee);
    if (base) {
      // A Terraform element (also through a local subclass): references name the `new` that creates it.
      const key = this.ev.keyOf(n);
      if (base.kind === 'provider') this.ev.resourceClasses.set(key, base.cls);
      return new ResourceRef(key, '');
    }
    if (callee instanceof ClassVal) return new InstanceVal(callee.decl, n, frame);
    return this.ev.unresolved(n);
  }

  call(n: Node, frame: Frame): Val {
    if (!Node.isCallExpression(n)) return this.ev.unresolved(n);
    const args = n.getArguments();
    if (args.some((a) => Node.isSpreadElement(a))) return this.ev.unresolved(n);
    if (n.getExpression().getKind() === SyntaxKind.ImportKeyword) {
      // `await import('<module>')`: the module namespace (the evaluator reads `await x` as `x`).
      const specifier = args[0] ? this.ev.evaluate(args[0], frame) : UNDEFINED;
      return typeof specifier === 'string' ? this.ev.names.imported(specifier, '*', n.getSourceFile(), n) : this.ev.unresolved(n);
    }
    const fnVal = this.ev.evaluate(n.getExpression(), frame);
    if (fnVal instanceof OneOf || fnVal instanceof Unresolved) return this.ev.unresolved(n);
    if (fnVal instanceof ExternalVal) return this.external(fnVal, args, frame, n);
    if (fnVal instanceof FunctionVal) {
      if (fnVal.builtin) return this.ev.builtins.builtin(fnVal, args.map((a) => this.ev.evaluate(a, frame)), n);
      return this.apply(fnVal, args.map((a) => ({ expr: a, frame })), n);
    }
    return this.ev.unresolved(n);
  }

  /** Apply a local function whose body is a single returned expression. */
  apply(fn: FunctionVal, args: Binding[], at: Node): Val {
    const decl = fn.decl;
    if (!decl) return this.ev.unresolved(at);
    const body = returnedExpression(decl);
    if (!body) return this.ev.unresolved(at);
    const params = (decl as unknown as { getParameters(): Node[] }).getParameters();
    const bindings = new Map<Node, Binding>();
    params.forEach((p, i) => bindings.set(p, args[i] ?? { value: UNDEFINED }));
    return this.ev.evaluate(body, new Frame(bindings, fn.frame));
  }

  /** Calls of globals and package functions the layer understands. */
  external(fn: ExternalVal, args: Node[], frame: Frame, at: Node): Val {
    const id = fn.specifier === 'global' ? fn.path : `${fn.specifier}:${fn.path}`;
    const arg = (i: number): Val => (args[i] ? this.ev.evaluate(args[i], frame) : UNDEFINED);
    switch (id) {
      case 'require': {
        // `require('<module>')` is a namespace import of that module; a computed path counts when it evaluates.
        const specifier = arg(0);
        return typeof specifier === 'string' ? this.ev.names.imported(specifier, '*', at.getSourceFile(), at) : this.ev.unresolved(at);
      }
      case 'JSON.stringify':
      case 'cdktf:Fn.jsonencode': {
        const space = id === 'JSON.stringify' ? arg(2) : UNDEFINED;
        return this.ev.map(arg(0), (v) => this.ev.builtins.stringify(v, typeof space === 'number' || typeof space === 'string' ? space : undefined, at), at);
      }
      case 'JSON.parse':
        // Of a string the layer knows (settings kept as JSON text); a reviver may change anything.
        if (args.length > 1) return this.ev.unresolved(at);
        return this.ev.map(arg(0), (v) => {
          if (typeof v !== 'string') return this.ev.unresolved(at);
          try {
            return JSON.parse(v) as Val;
          } catch {
            return this.ev.unresolved(at);
          }
        }, at);
      case 'String':
        return this.ev.map(arg(0), (v) => this.ev.expressions.stringOf(v) ?? this.ev.unresolved(at), at);
      case 'Number':
        return this.ev.map(arg(0), (v) => (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? Number(v) : this.ev.unresolved(at)), at);
      case 'Boolean':
        return this.ev.map(arg(0), (v) => truthiness(v) ?? this.ev.unresolved(at), at);
      case 'Object.keys':
      case 'Object.values':
      case 'Object.entries':
        return this.ev.map(arg(0), (v) => {
          if (!isPlainObject(v) || unknownKeysOf(v)) return this.ev.unresolved(at);
          const keys = Object.keys(v).filter((k) => v[k] !== UNDEFINED);
          return fn.path === 'Object.keys' ? keys : fn.path === 'Object.values' ? keys.map((k) => v[k]) : keys.map((k) => [k, v[k]]);
        }, at);
      case 'Object.fromEntries':
        return this.ev.map(arg(0), (v) => {
          if (!Array.isArray(v)) return this.ev.unresolved(at);
          const obj: { [key: string]: Val } = {};
          for (const e of v) {
            if (!Array.isArray(e) || (typeof e[0] !== 'string' && typeof e[0] !== 'number')) return this.ev.unresolved(at);
            obj[String(e[0])] = e[1];
          }
          return obj;
        }, at);
      case 'Math.min':
      case 'Math.max': {
        const combos = combinations(args.map((_, i) => arg(i)));
        if (!combos) return this.ev.unresolved(at);
        const f = fn.path === 'Math.min' ? Math.min : Math.max;
        return this.ev.join(combos.map((c) => (c.every((x) => typeof x === 'number') ? f(...(c as number[])) : this.ev.unresolved(at))), at);
      }
      case 'Object.assign': {
        const values = args.map((_, i) => arg(i));
        const combos = combinations(values);
        if (!combos) return this.ev.unresolved(at);
        return this.ev.join(
          combos.map((c) => (c.every((x) => (isPlainObject(x) && !unknownKeysOf(x)) || x === UNDEFINED || x === null) ? Object.assign({}, ...c.filter(isPlainObject)) : this.ev.unresolved(at))),
          at,
        );
      }
      default:
        return this.ev.unresolved(at);
    }
  }
}
