/**
 * Parameters and the call sites that give them values: every `new C(…)`, `super(…)` and named call in the
 * analysed files, indexed in one walk; a parameter (or a parameter's member) is read at each site.
 */
import { Node, SyntaxKind } from 'ts-morph';
import type { ParameterDeclaration } from 'ts-morph';
import { visitKinds } from './scope';
import { CALL_KINDS, unwrap } from './syntax';
import type { Evaluator } from './evaluate';
import { type Binding, ClassVal, Frame, FunctionVal, ROOT_FRAME, UNDEFINED, type Val } from './values';

/** Every `new`, `super(…)` and named call in the analysed files, by the name they are written with. */
interface SiteIndex {
  readonly news: Map<string, Node[]>;
  readonly supers: Node[];
  readonly calls: Map<string, Node[]>;
  readonly aliases: Map<string, string[]>;
}

export class CallSites {
  private readonly calleeCache = new Map<Node, Val>();
  private readonly callSiteCache = new Map<Node, Node[]>();

  constructor(private readonly ev: Evaluator) {}

  parameter(param: Node, frame: Frame, use: Node): Val {
    if (!Node.isParameterDeclaration(param)) return this.ev.unresolved(use);
    const binding = frame.binding(param);
    if (binding) return this.withParamDefault(this.bound(binding), param, frame);
    return this.atCallSites(param, use, (arg) => this.withParamDefault(arg === undefined ? UNDEFINED : this.ev.evaluate(arg, ROOT_FRAME), param, ROOT_FRAME));
  }

  /**
   * The value of `param` joined over the call sites of its function that production can reach:
   * `read` gets each site's argument (undefined when the site omits it).
   */
  atCallSites(param: ParameterDeclaration, use: Node, read: (arg: Node | undefined) => Val): Val {
    const fn = param.getParentOrThrow();
    const index = (fn as unknown as { getParameters(): Node[] }).getParameters().indexOf(param);
    const sites = this.productionCallSites(fn);
    if (sites.length === 0 || param.isRestParameter()) return this.ev.unresolved(use);
    return this.ev.join(
      sites.map((site) => {
        const arg = this.argumentAt(site, index);
        return arg === null ? this.ev.unresolved(use) : read(arg);
      }),
      use,
    );
  }

  /** `props.name` where `props` is a parameter: read `name` at each call site without evaluating the rest. */
  parameterMember(param: Node, name: string, frame: Frame, use: Node): Val {
    if (!Node.isParameterDeclaration(param)) return this.ev.unresolved(use);
    const binding = frame.binding(param);
    if (binding) {
      const v = binding.expr ? this.ev.member(binding.expr, name, binding.frame ?? ROOT_FRAME, use) : binding.value !== undefined ? this.ev.access(binding.value, name, use) : UNDEFINED;
      return this.memberDefault(v, param, name, frame, use);
    }
    return this.atCallSites(param, use, (arg) =>
      this.memberDefault(arg === undefined ? UNDEFINED : this.ev.member(arg, name, ROOT_FRAME, use), param, name, ROOT_FRAME, use),
    );
  }

  /** For a missing argument, the member of the parameter's default (`props: Props = { x: 1 }`). */
  memberDefault(v: Val, param: Node, name: string, frame: Frame, use: Node): Val {
    if (!Node.isParameterDeclaration(param)) return v;
    const init = param.getInitializer();
    if (!init) return v;
    return this.ev.map(v, (o) => (o === UNDEFINED ? this.ev.member(init, name, frame, use) : o), use);
  }

  withParamDefault(v: Val, param: Node, frame: Frame): Val {
    if (!Node.isParameterDeclaration(param)) return v;
    const init = param.getInitializer();
    if (!init) return v;
    return this.ev.map(v, (o) => (o === UNDEFINED ? this.ev.evaluate(init, frame) : o), param);
  }

  bound(binding: Binding): Val {
    if (binding.expr) return this.ev.evaluate(binding.expr, binding.frame ?? ROOT_FRAME);
    return binding.value !== undefined ? binding.value : UNDEFINED;
  }

  /** The argument at `index` of a call or `new` site: undefined when absent, null when it cannot be known (a spread). */
  argumentAt(site: Node, index: number): Node | undefined | null {
    const args = Node.isNewExpression(site) || Node.isCallExpression(site) ? site.getArguments() : [];
    for (let i = 0; i < Math.min(index + 1, args.length); i++) if (Node.isSpreadElement(args[i])) return null;
    return args[index];
  }

  /** Call sites of a function-like declaration that can run in production (all of them when none is known to). */
  productionCallSites(fn: Node): Node[] {
    const sites = this.callSites(fn);
    const prod = sites.filter((s) => this.ev.isProduction(s));
    return prod.length > 0 ? prod : sites;
  }

  /** Every `new`, `super(...)` and named call in the analysed files, found in one walk. */
  private siteIndex: SiteIndex | undefined;

  private sitesIndex(): SiteIndex {
    if (this.siteIndex) return this.siteIndex;
    const index = { news: new Map<string, Node[]>(), supers: [] as Node[], calls: new Map<string, Node[]>(), aliases: new Map<string, string[]>() };
    const add = (map: Map<string, Node[]>, name: string, node: Node): void => {
      const list = map.get(name);
      if (list) list.push(node);
      else map.set(name, [node]);
    };
    for (const sf of this.ev.callSiteFiles) {
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
        const base = heritage ? this.ev.evaluate(heritage) : undefined;
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
    const v = simple(expr) ? this.ev.evaluate(expr) : this.ev.unresolved(expr);
    this.calleeCache.set(node, v);
    return v;
  }
}
