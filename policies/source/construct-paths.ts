/**
 * The cdktf construct paths a `new` expression can create (`prod/web/registry/repository`), worked out
 * from the source: the construct's id, then the scope it is created in (`this` inside a construct class is
 * that class's instance, whose own path comes from the call sites of its constructor), up to a stack
 * (`TerraformStack` or a subclass of it, whose id starts the path). Synth and plan findings map back to
 * the `new` whose pattern matches the path cdktf records in `cdk.tf.json` metadata.
 *
 * Ids the layer cannot work out exactly become patterns (`web-${name}` → `web-.*`), and a scope it cannot
 * follow leaves the pattern open above (a suffix match). Work is bounded: at most MAX_PATTERNS patterns
 * per construct and MAX_DEPTH scopes up.
 */
import { Node, SyntaxKind } from 'ts-morph';
import type { ConstructPathPattern } from '../model';
import type { Evaluator } from './evaluate';
import type { ElementSite } from './resource-classes';
import { lookupName } from './scope';
import { enclosingClassOfThis, unwrap } from './syntax';
import { ClassVal, ExternalVal, Frame, InstanceVal, optionsOf, ROOT_FRAME, type Binding, type Val } from './values';

type Segment = ConstructPathPattern['segments'][number];

const MAX_PATTERNS = 16;
const MAX_DEPTH = 12;
const ANY_SEGMENT: Segment = { pattern: '[^/]+' };
const OPEN: ConstructPathPattern = { open: true, segments: [] };
/** The app itself: the root of every path (its id is empty and not part of the path). */
const ROOT: ConstructPathPattern = { open: false, segments: [] };

export class ConstructPaths {
  private readonly byClass = new Map<Node, readonly ConstructPathPattern[]>();

  constructor(private readonly ev: Evaluator) {}

  /** The path patterns of an element created at `site`. */
  ofSite(site: ElementSite): ConstructPathPattern[] {
    if (!site.scope || !site.id) return [OPEN];
    return this.child(this.scopePaths(site.scope, 0), this.segment(site.id));
  }

  /** The paths of the construct a scope argument stands for. */
  private scopePaths(binding: Binding, depth: number): readonly ConstructPathPattern[] {
    if (depth > MAX_DEPTH || !binding.expr) return [OPEN];
    const frame = binding.frame ?? ROOT_FRAME;
    const expr = unwrap(binding.expr);
    if (expr.getKind() === SyntaxKind.ThisKeyword) {
      const cls = enclosingClassOfThis(expr);
      if (!cls) return [OPEN];
      const instance = frame.thisInstance(cls);
      if (instance?.newExpr) return this.newPaths(instance.newExpr, instance.frame, depth + 1);
      return this.classPaths(cls, depth + 1);
    }
    if (Node.isIdentifier(expr)) {
      const decl = lookupName(expr.getText(), expr);
      if (decl && Node.isParameterDeclaration(decl)) {
        const bound = frame.binding(decl);
        if (bound) return bound.expr ? this.scopePaths(bound, depth + 1) : [OPEN];
        return this.parameterPaths(decl, depth + 1);
      }
      if (decl && Node.isVariableDeclaration(decl)) {
        const init = decl.getInitializer();
        return init ? this.scopePaths({ expr: init, frame }, depth + 1) : [OPEN];
      }
      return [OPEN];
    }
    if (Node.isNewExpression(expr)) return this.newPaths(expr, frame, depth + 1);
    // `this.registry`, `stack.web`: a member holding a construct instance or an element.
    const value = this.ev.evaluate(expr, frame);
    return this.valuePaths(value, depth + 1);
  }

  private valuePaths(value: Val, depth: number): readonly ConstructPathPattern[] {
    const out: ConstructPathPattern[] = [];
    for (const option of optionsOf(value)) {
      if (option instanceof InstanceVal && option.newExpr) out.push(...this.newPaths(option.newExpr, option.frame, depth));
      else if (option instanceof InstanceVal) out.push(...this.classPaths(option.classDecl, depth));
      else return [OPEN];
    }
    return out.length > 0 ? capped(out) : [OPEN];
  }

  /** The paths of what `new X(scope, id, …)` creates: a stack, the app, a construct or an element. */
  private newPaths(newExpr: Node, frame: Frame, depth: number): readonly ConstructPathPattern[] {
    if (!Node.isNewExpression(newExpr) || depth > MAX_DEPTH) return [OPEN];
    const args = newExpr.getArguments();
    const arg = (index: number): Binding => ({ expr: args[index], frame });
    const callee = this.ev.callee(newExpr);
    const kind = this.kindOf(callee);
    if (kind === 'app') return [ROOT];
    if (kind === 'stack') return [{ open: false, segments: [this.segment(arg(1))] }];
    if (callee instanceof ClassVal && kind === 'construct') {
      // A local construct class: its path comes from the arguments its base class receives.
      const site = this.ev.resources.siteOf(newExpr);
      if (site) return this.ofSite(site);
      return this.child(this.scopePaths(arg(0), depth + 1), this.segment(arg(1)));
    }
    return this.child(this.scopePaths(arg(0), depth + 1), this.segment(arg(1)));
  }

  /** The paths of `this` inside a class: joined over the `new` and `super(…)` sites of its constructor. */
  private classPaths(cls: Node, depth: number): readonly ConstructPathPattern[] {
    const cached = this.byClass.get(cls);
    if (cached) return cached;
    this.byClass.set(cls, [OPEN]); // cycle guard
    let result: readonly ConstructPathPattern[] = [OPEN];
    const kind = this.kindOf(new ClassVal(cls));
    if (kind === 'app') result = [ROOT];
    else if ((Node.isClassDeclaration(cls) || Node.isClassExpression(cls)) && depth <= MAX_DEPTH) {
      const ctor = cls.getConstructors()[0];
      const sites = ctor ? this.ev.callSites(ctor) : [];
      const out: ConstructPathPattern[] = [];
      for (const site of sites) {
        if (Node.isNewExpression(site)) out.push(...this.newPaths(site, ROOT_FRAME, depth + 1));
        else {
          // `super(scope, id)` in a subclass: the subclass instance's path.
          const sub = site.getFirstAncestorByKind(SyntaxKind.ClassDeclaration);
          out.push(...(sub ? this.classPaths(sub, depth + 1) : [OPEN]));
        }
      }
      if (out.length > 0) result = capped(out);
    }
    this.byClass.set(cls, result);
    return result;
  }

  /** A parameter used as a scope: the argument at each call site of its function. */
  private parameterPaths(param: Node, depth: number): readonly ConstructPathPattern[] {
    if (!Node.isParameterDeclaration(param)) return [OPEN];
    const fn = param.getParentOrThrow();
    const index = (fn as unknown as { getParameters(): Node[] }).getParameters().indexOf(param);
    if (Node.isConstructorDeclaration(fn)) {
      // The construct's own scope parameter: the instance's parent is what each `new` passes.
      const out: ConstructPathPattern[] = [];
      for (const site of this.ev.callSites(fn)) {
        const args = Node.isNewExpression(site) || Node.isCallExpression(site) ? site.getArguments() : [];
        out.push(...(args[index] ? this.scopePaths({ expr: args[index], frame: ROOT_FRAME }, depth + 1) : [OPEN]));
      }
      return out.length > 0 ? capped(out) : [OPEN];
    }
    const out: ConstructPathPattern[] = [];
    for (const site of this.ev.callSites(fn)) {
      const args = Node.isCallExpression(site) || Node.isNewExpression(site) ? site.getArguments() : [];
      out.push(...(args[index] ? this.scopePaths({ expr: args[index], frame: ROOT_FRAME }, depth + 1) : [OPEN]));
    }
    return out.length > 0 ? capped(out) : [OPEN];
  }

  /** 'stack', 'app', 'construct' (anything else that takes scope and id), by the class's cdktf ancestry. */
  private kindOf(callee: Val): 'stack' | 'app' | 'construct' {
    for (let value = callee, depth = 0; depth < 8; depth++) {
      if (value instanceof ExternalVal && value.specifier === 'cdktf') {
        if (value.path === 'TerraformStack') return 'stack';
        if (value.path === 'App') return 'app';
        return 'construct';
      }
      if (!(value instanceof ClassVal)) return 'construct';
      const decl = value.decl;
      const heritage = Node.isClassDeclaration(decl) || Node.isClassExpression(decl) ? decl.getExtends()?.getExpression() : undefined;
      if (!heritage) return 'construct';
      value = this.ev.evaluate(heritage);
    }
    return 'construct';
  }

  /** One path segment from an id argument: exact when it evaluates to one string, else a pattern. */
  private segment(binding: Binding | undefined): Segment {
    if (!binding?.expr) return ANY_SEGMENT;
    const value = this.ev.evaluate(binding.expr, binding.frame ?? ROOT_FRAME);
    if (typeof value === 'string') return value;
    const options = optionsOf(value);
    if (options.length > 1 && options.every((option) => typeof option === 'string')) return { pattern: `(?:${(options as string[]).map(escape).join('|')})` };
    const expr = unwrap(binding.expr);
    if (Node.isTemplateExpression(expr)) {
      // `web-${name}`: the literal parts are known.
      let pattern = escape(expr.getHead().getLiteralText());
      for (const span of expr.getTemplateSpans()) {
        const part = this.ev.evaluate(span.getExpression(), binding.frame ?? ROOT_FRAME);
        pattern += typeof part === 'string' || typeof part === 'number' ? escape(String(part)) : '[^/]*';
        pattern += escape(span.getLiteral().getLiteralText());
      }
      return { pattern };
    }
    return ANY_SEGMENT;
  }

  private child(parents: readonly ConstructPathPattern[], segment: Segment): ConstructPathPattern[] {
    return capped(parents.map((parent) => ({ open: parent.open, segments: [...parent.segments, segment] })));
  }
}

/** At most MAX_PATTERNS patterns (more becomes one open pattern of the last segment), duplicates dropped. */
function capped(patterns: readonly ConstructPathPattern[]): ConstructPathPattern[] {
  const seen = new Map<string, ConstructPathPattern>();
  for (const pattern of patterns) seen.set(JSON.stringify(pattern), pattern);
  const unique = [...seen.values()];
  if (unique.length <= MAX_PATTERNS) return unique;
  const last = unique[0].segments[unique[0].segments.length - 1];
  return [last === undefined ? OPEN : { open: true, segments: [last] }];
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
