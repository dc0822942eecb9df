/**
 * Built-in methods on evaluated values (string and array methods, reference `.get(i)`) and
 * `JSON.stringify` of a value that may hold references and unknown parts.
 */
import { Node } from 'ts-morph';
import { OneOf, ResourceRef, Unresolved } from '../model';
import type { Evaluator } from './evaluate';
import { REF_INDEX_METHODS } from './members';
import { combinations, ExternalVal, FunctionVal, InstanceVal, isPlainObject, refText, truthiness, UNDEFINED, unknownKeysOf, type Val } from './values';

export class Builtins {
  constructor(private readonly ev: Evaluator) {}

  builtin(fn: FunctionVal, args: Val[], at: Node): Val {
    const [kind, name] = (fn.builtin ?? '').split('.') as [string, string];
    const r = fn.receiver;
    if (kind === 'ref' && r instanceof ResourceRef) {
      if (REF_INDEX_METHODS.has(name) && (typeof args[0] === 'number' || typeof args[0] === 'string')) {
        return new ResourceRef(r.targetKey, `${r.attribute}${r.attribute ? '.' : ''}${args[0]}`);
      }
      return this.ev.unresolved(at);
    }
    if (kind === 'string' && typeof r === 'string') {
      const strArgs = args.map((a) => (typeof a === 'string' || typeof a === 'number' ? a : undefined));
      if (strArgs.some((a) => a === undefined)) return this.ev.unresolved(at);
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
          return this.ev.unresolved(at);
      }
    }
    if (kind === 'array' && Array.isArray(r)) {
      switch (name) {
        case 'join': {
          const sep = args[0] === undefined || args[0] === UNDEFINED ? ',' : args[0];
          if (typeof sep !== 'string') return this.ev.unresolved(at);
          return this.ev.expressions.concatenate(r.flatMap((x, i) => (i === 0 ? [x === UNDEFINED || x === null ? '' : x] : [sep, x === UNDEFINED || x === null ? '' : x])), at);
        }
        case 'concat':
          return args.every((a) => !(a instanceof OneOf) && !(a instanceof Unresolved)) ? [...r, ...args.flatMap((a): Val[] => (Array.isArray(a) ? a : [a]))] : this.ev.unresolved(at);
        case 'includes':
          return r.some((x) => typeof x !== 'object' && x === args[0]) ? true : r.every((x) => typeof x !== 'object' || x === null) ? false : this.ev.unresolved(at);
        case 'flat':
          return r.flatMap((x) => (Array.isArray(x) ? x : [x]));
        case 'reverse':
          return [...r].reverse();
        case 'sort': {
          const cb = args[0];
          if (cb === undefined || cb === UNDEFINED) {
            const keys = r.map((x) => this.ev.expressions.stringOf(x));
            if (keys.some((k) => k === undefined)) return this.ev.unresolved(at);
            return r.map((x, i) => ({ x, k: keys[i] as string })).sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : 0)).map((e) => e.x as Val);
          }
          if (!(cb instanceof FunctionVal) || cb.builtin) return this.ev.unresolved(at);
          let failed = false;
          const sorted = [...r].sort((a, b) => {
            const v = failed ? 0 : this.ev.calls.apply(cb, [{ value: a }, { value: b }], at);
            if (typeof v !== 'number') failed = true;
            return typeof v === 'number' ? v : 0;
          });
          return failed ? this.ev.unresolved(at) : sorted;
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
              if (t === undefined) return this.ev.unresolved(at);
              if (t) kept.push(x);
            }
            return kept;
          }
          if (!(cb instanceof FunctionVal) || cb.builtin) return this.ev.unresolved(at);
          const out: Val[] = [];
          for (let i = 0; i < r.length; i++) {
            const v = this.ev.calls.apply(cb, [{ value: r[i] }, { value: i }], at);
            if (name === 'filter') {
              const t = truthiness(v);
              if (t === undefined) return this.ev.unresolved(at);
              if (t) out.push(r[i]);
            } else if (name === 'flatMap' && Array.isArray(v)) out.push(...v);
            else out.push(v);
          }
          return out;
        }
        default:
          return this.ev.unresolved(at);
      }
    }
    return this.ev.unresolved(at);
  }

  /**
   * `JSON.stringify` of an evaluated value. References become `${<key>.<attr>}` strings, unknown parts
   * `${unresolved:<expression>}`, so a rule can still parse the JSON (container definitions).
   */
  stringify(v: Val, space: number | string | undefined, at: Node): Val {
    const variants = this.expand(v);
    if (!variants) return this.ev.unresolved(at, `${at.getText()} (too many possible values)`);
    return this.ev.join(
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
  expand(v: Val): Val[] | undefined {
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
