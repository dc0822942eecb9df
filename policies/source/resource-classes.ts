/**
 * Which `new` expressions create Terraform elements, and with which arguments: provider classes
 * (`new EcrRepository(…)`), local subclasses of them (followed through their constructors' `super(…)`
 * calls), raw cdktf elements (`new TerraformResource(…, { terraformResourceType })`) and the S3 state
 * backend (`new S3Backend(…)`). What a subclass hides (an overridden `synthesizeAttributes`, a `super`
 * call the layer cannot read) is returned as a blind spot, so the gate can say so.
 */
import { Node, SyntaxKind } from 'ts-morph';
import type { CallExpression, ConstructorDeclaration, NewExpression } from 'ts-morph';
import type { Evaluator } from './evaluate';
import { ClassVal, ExternalVal, Frame, InstanceVal, ProviderClassVal, ROOT_FRAME, UNDEFINED, type Binding, type Val } from './values';

/** cdktf classes whose instances are raw Terraform elements, by the type prefix of what they synthesize. */
const RAW_ELEMENTS: Readonly<Record<string, 'resource' | 'data' | 'provider'>> = {
  TerraformResource: 'resource',
  TerraformDataSource: 'data',
  TerraformProvider: 'provider',
};

/** Methods through which a subclass can write attributes the layer cannot see. */
const SYNTHESIS_METHODS = new Set(['synthesizeAttributes', 'synthesizeHclAttributes', 'toTerraform', 'toHclTerraform']);

/** What kind of Terraform element a class creates. */
export type ElementBase =
  | { readonly kind: 'provider'; readonly cls: ProviderClassVal }
  | { readonly kind: 'raw'; readonly element: 'resource' | 'data' | 'provider' }
  | { readonly kind: 'backend'; readonly name: 's3' };

/** One `new` that creates a Terraform element, with its arguments resolved through local subclasses. */
export interface ElementSite {
  readonly newExpr: NewExpression;
  readonly base: ElementBase;
  /** The arguments the element's own cdktf class receives (after every local subclass constructor). */
  readonly scope?: Binding;
  readonly id?: Binding;
  readonly config?: Binding;
  /** Local classes between the `new` and the cdktf class (`this.x = …` inside them changes the element). */
  readonly subclasses: readonly Node[];
  /** Why the layer cannot see every attribute of this element, when it cannot. */
  readonly blindSpot?: string;
}

export class ResourceClasses {
  private readonly bases = new Map<Node, ElementBase | null>();

  constructor(private readonly ev: Evaluator) {}

  /** The element kind of a callee value (a provider class, a raw cdktf element, a local subclass), if any. */
  baseOf(callee: Val): ElementBase | undefined {
    if (callee instanceof ProviderClassVal) return { kind: 'provider', cls: callee };
    if (callee instanceof ExternalVal && callee.specifier === 'cdktf') {
      const raw = RAW_ELEMENTS[callee.path];
      if (raw) return { kind: 'raw', element: raw };
      if (callee.path === 'S3Backend') return { kind: 'backend', name: 's3' };
      return undefined;
    }
    if (callee instanceof ClassVal) return this.classBase(callee.decl, 0);
    return undefined;
  }

  private classBase(decl: Node, depth: number): ElementBase | undefined {
    const cached = this.bases.get(decl);
    if (cached !== undefined) return cached ?? undefined;
    this.bases.set(decl, null); // cycle guard
    let base: ElementBase | undefined;
    if ((Node.isClassDeclaration(decl) || Node.isClassExpression(decl)) && depth < 8) {
      const heritage = decl.getExtends()?.getExpression();
      if (heritage) {
        const parent = this.ev.evaluate(heritage);
        base = parent instanceof ClassVal ? this.classBase(parent.decl, depth + 1) : this.baseOf(parent);
      }
    }
    this.bases.set(decl, base ?? null);
    return base;
  }

  /** The element a `new` expression creates, with the arguments its cdktf class receives; undefined for other classes. */
  siteOf(newExpr: NewExpression): ElementSite | undefined {
    const callee = this.ev.callee(newExpr);
    const base = this.baseOf(callee);
    if (!base) return undefined;
    let args: (Binding | undefined)[] = newExpr.getArguments().map((expr) => ({ expr, frame: ROOT_FRAME }));
    const subclasses: Node[] = [];
    let blindSpot: string | undefined;
    let cls: Node | undefined = callee instanceof ClassVal ? callee.decl : undefined;
    let outer: NewExpression | undefined = newExpr;
    for (let depth = 0; cls && depth < 8; depth++) {
      if (!Node.isClassDeclaration(cls) && !Node.isClassExpression(cls)) break;
      subclasses.push(cls);
      const className = cls.getName() ?? 'an anonymous class';
      const hidden = cls.getMethods().find((method) => SYNTHESIS_METHODS.has(method.getName()));
      if (hidden) blindSpot ??= `${className} overrides ${hidden.getName()}(), so what it writes is not in the source`;
      const ctor = cls.getConstructors().find((c) => c.getBody() !== undefined);
      if (ctor) {
        const superCall = superCallOf(ctor);
        if (!superCall || superCall.getArguments().some((a) => Node.isSpreadElement(a)) || args.some((a) => a?.expr !== undefined && Node.isSpreadElement(a.expr))) {
          blindSpot ??= `the constructor of ${className} passes its arguments on in a way the source layer cannot follow`;
          args = [];
          break;
        }
        const bindings = new Map<Node, Binding>();
        ctor.getParameters().forEach((parameter, index) => bindings.set(parameter, args[index] ?? { value: UNDEFINED }));
        const frame = new Frame(bindings, undefined, new InstanceVal(cls, outer, ROOT_FRAME));
        args = superCall.getArguments().map((expr) => ({ expr, frame }));
        outer = undefined;
      }
      const heritage = cls.getExtends()?.getExpression();
      const parent = heritage ? this.ev.evaluate(heritage) : undefined;
      cls = parent instanceof ClassVal ? parent.decl : undefined;
    }
    const at = (index: number): Binding | undefined => args[index];
    if (base.kind === 'backend') return { newExpr, base, scope: at(0), config: at(1), subclasses, ...(blindSpot ? { blindSpot } : {}) };
    return { newExpr, base, scope: at(0), id: at(1), config: at(2), subclasses, ...(blindSpot ? { blindSpot } : {}) };
  }
}

/** The `super(…)` call among a constructor's top-level statements. */
function superCallOf(ctor: ConstructorDeclaration): CallExpression | undefined {
  for (const statement of ctor.getStatements()) {
    if (!Node.isExpressionStatement(statement)) continue;
    const expression = statement.getExpression();
    if (Node.isCallExpression(expression) && expression.getExpression().getKind() === SyntaxKind.SuperKeyword) return expression;
  }
  return undefined;
}
