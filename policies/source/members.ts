/**
 * Property access: members of object literals, of construct instances (what the class assigns to
 * `this.<name>`), of enums, classes, provider namespaces and resource references (`repo.arn`).
 */
import { Node, SourceFile, SyntaxKind } from 'ts-morph';
import { ResourceRef, Unresolved } from '../model';
import { productionValue } from './production';
import { snakeCase } from './provider-modules';
import { lookupName, returnedExpression } from './scope';
import { enclosingClassOfThis } from './syntax';
import type { Evaluator } from './evaluate';
import { type Binding, ClassVal, EnumVal, ExternalVal, Frame, FunctionVal, InstanceVal, isPlainObject, LocalModuleVal, ProviderClassVal, ProviderNsVal, ROOT_FRAME, UNDEFINED, unknownKeysOf, type Val } from './values';

/** Methods of a provider resource object that are not attributes. */
const RESOURCE_METHODS = new Set(['addOverride', 'overrideLogicalId', 'resetOverrideLogicalId', 'toString', 'toTerraform', 'interpolationForAttribute', 'getStringAttribute', 'getNumberAttribute', 'getBooleanAttribute', 'getListAttribute', 'getStringMapAttribute']);
/** Methods of generated list/map wrappers on references (`cert.domainValidationOptions.get(0)`). */
export const REF_INDEX_METHODS: ReadonlySet<string> = new Set(['get', 'lookup']);

export class Members {
  constructor(private readonly ev: Evaluator) {}

  memberInner(e: Node, name: string, frame: Frame, use: Node): Val {
    if (Node.isObjectLiteralExpression(e)) {
      const props = e.getProperties();
      for (let i = props.length - 1; i >= 0; i--) {
        const p = props[i];
        if (Node.isPropertyAssignment(p) && this.ev.expressions.propertyName(p.getNameNode(), frame) === name) return this.ev.evaluate(p.getInitializerOrThrow(), frame);
        if (Node.isShorthandPropertyAssignment(p) && p.getName() === name) return this.ev.evaluate(p.getNameNode(), frame);
        if (Node.isMethodDeclaration(p) && this.ev.expressions.propertyName(p.getNameNode(), frame) === name) return new FunctionVal(p, frame);
        if (Node.isSpreadAssignment(p)) {
          // The rest of the literal only matters where the spread lacks the key.
          return this.access(this.ev.evaluate(e, frame), name, use);
        }
      }
      return UNDEFINED;
    }
    if (Node.isIdentifier(e)) {
      const decl = lookupName(e.getText(), e);
      if (decl && Node.isParameterDeclaration(decl)) return this.ev.sites.parameterMember(decl, name, frame, use);
      if (decl && Node.isVariableDeclaration(decl)) {
        const init = decl.getInitializer();
        const statement = decl.getParent()?.getParent();
        if (init && !(statement && Node.isForOfStatement(statement))) return this.ev.member(init, name, frame, use);
      }
    }
    if (Node.isPropertyAccessExpression(e) && e.getExpression().getKind() === SyntaxKind.ThisKeyword && productionValue(e) === undefined) {
      const sources = this.thisMemberSources(e, e.getName(), frame);
      if (sources) return this.ev.join(sources.map((s) => this.ev.member(s.expr, name, s.frame, use)), use);
    }
    return this.access(this.ev.evaluate(e, frame), name, use);
  }

  /** Property `name` of an evaluated value. */
  access(v: Val, name: string, use: Node): Val {
    return this.ev.map(v, (o) => this.accessOne(o, name, use), use);
  }

  accessOne(v: Val, name: string, use: Node): Val {
    if (v === UNDEFINED || v === null) return UNDEFINED;
    if (isPlainObject(v)) {
      if (Object.prototype.hasOwnProperty.call(v, name)) return v[name];
      return unknownKeysOf(v) ? this.ev.unresolved(use) : UNDEFINED;
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
      const cls = this.ev.resourceClasses.get(v.targetKey);
      const spelling = cls ? this.ev.registry.module(cls.pkg, cls.dir).attributes.get(name)?.snake : undefined;
      const attr = spelling ?? snakeCase(name);
      return new ResourceRef(v.targetKey, v.attribute ? `${v.attribute}.${attr}` : attr);
    }
    if (v instanceof InstanceVal) return this.instanceMember(v, name, use);
    if (v instanceof ProviderNsVal) {
      if (!v.dir) {
        const dir = this.ev.registry.dirOfRootExport(v.pkg, name);
        return dir ? new ProviderNsVal(v.pkg, dir) : new ExternalVal(v.pkg, name, this.ev.unresolved(use));
      }
      const info = this.ev.registry.module(v.pkg, v.dir);
      return name === info.className ? new ProviderClassVal(v.pkg, v.dir) : new ExternalVal(`${v.pkg}/lib/${v.dir}`, name, this.ev.unresolved(use));
    }
    if (v instanceof LocalModuleVal) return this.ev.names.exportOf(v.sourceFile as SourceFile, name, use);
    if (v instanceof EnumVal) return this.enumMember(v, name, use);
    if (v instanceof ClassVal) return this.staticMember(v, name, use);
    if (v instanceof ExternalVal) return new ExternalVal(v.specifier, v.path ? `${v.path}.${name}` : name, this.ev.unresolved(use));
    if (v instanceof Unresolved) return this.ev.unresolved(use);
    return this.ev.unresolved(use);
  }

  enumMember(v: EnumVal, name: string, use: Node): Val {
    const decl = v.decl;
    if (!Node.isEnumDeclaration(decl)) return this.ev.unresolved(use);
    let next: Val = 0;
    for (const m of decl.getMembers()) {
      const init = m.getInitializer();
      const value: Val = init ? this.ev.evaluate(init) : next;
      if (m.getName() === name) return value;
      next = typeof value === 'number' ? value + 1 : UNDEFINED;
    }
    return UNDEFINED;
  }

  staticMember(v: ClassVal, name: string, use: Node): Val {
    const decl = v.decl;
    if (!Node.isClassDeclaration(decl) && !Node.isClassExpression(decl)) return this.ev.unresolved(use);
    const prop = decl.getStaticProperty(name);
    if (prop && Node.isPropertyDeclaration(prop)) {
      const init = prop.getInitializer();
      return init ? this.ev.evaluate(init) : UNDEFINED;
    }
    const method = decl.getStaticMethod(name);
    if (method) return new FunctionVal(method, ROOT_FRAME);
    return this.ev.unresolved(use);
  }

  thisValue(n: Node, frame: Frame): Val {
    const cls = enclosingClassOfThis(n);
    if (!cls) return this.ev.unresolved(n);
    return frame.thisInstance(cls) ?? new InstanceVal(cls, undefined, ROOT_FRAME);
  }

  /** The frame for evaluating inside `instance`'s class: constructor parameters bound to the `new` arguments. */
  instanceFrame(instance: InstanceVal): Frame {
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

  instanceMember(instance: InstanceVal, name: string, use: Node): Val {
    const sources = this.memberSources(instance.classDecl, name, this.instanceFrame(instance));
    if (sources === undefined) return this.ev.unresolved(use);
    if (sources.length === 0) return UNDEFINED;
    return this.ev.join(
      sources.map((s) => ('fn' in s ? s.fn : this.ev.evaluate(s.expr, s.frame))),
      use,
    );
  }

  /** Where `this.name` gets its value inside the class around `access`. */
  thisMemberSources(access: Node, name: string, frame: Frame): { expr: Node; frame: Frame }[] | undefined {
    const cls = enclosingClassOfThis(access);
    if (!cls) return undefined;
    const instance = frame.thisInstance(cls);
    const sources = this.memberSources(cls, name, instance ? this.instanceFrame(instance) : new Frame(new Map(), frame));
    if (!sources || sources.length === 0 || sources.some((s) => 'fn' in s)) return undefined;
    return sources as { expr: Node; frame: Frame }[];
  }

  /**
   * What a class assigns to member `name`: a parameter property, a property initializer, `this.name = …` in
   * the constructor, a getter's returned expression; or a method. Undefined when the class is not local.
   */
  memberSources(cls: Node, name: string, frame: Frame): ({ expr: Node; frame: Frame } | { fn: FunctionVal })[] | undefined {
    if (!Node.isClassDeclaration(cls) && !Node.isClassExpression(cls)) return undefined;
    const result: ({ expr: Node; frame: Frame } | { fn: FunctionVal })[] = [];
    const ctor = cls.getConstructors()[0];
    if (ctor) {
      for (const p of ctor.getParameters()) {
        if (p.isParameterProperty() && p.getName() === name) result.push({ expr: p.getNameNode(), frame });
      }
      for (const right of this.ev.assignments.constructorAssignments(ctor).get(name) ?? []) result.push({ expr: right, frame });
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
      const base = heritage ? this.ev.evaluate(heritage) : undefined;
      if (base instanceof ClassVal && base.decl !== cls) return this.memberSources(base.decl, name, frame);
      return heritage && !(base instanceof ClassVal) && !prop ? undefined : result;
    }
    return result;
  }
}
