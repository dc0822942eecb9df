/**
 * The source layer of the policy gate: reads the TypeScript of the app with ts-morph (syntax only, no type
 * checker) and turns every `new` of a Terraform element (a provider class, a local subclass of one, a raw
 * `TerraformResource`, the S3 backend) into a `PolicyResource` whose attributes are the config evaluated
 * for production, in Terraform spelling, after every escape hatch.
 *
 * What it cannot see it says (blind spots); suppression comments are read from the files' real comments.
 * See docs/policy-design.md. The evaluation itself lives in `evaluate.ts` and its parts.
 */
import * as path from 'path';
import { Node, Project, SourceFile, SyntaxKind, ts } from 'ts-morph';
import type { NewExpression } from 'ts-morph';
import { MAX_SOURCE_FILE_BYTES, readRegularFile } from '../input-files';
import { Unresolved, type Location, type PolicyResource } from '../model';
import { suppressionsFromComments, type Suppression } from '../suppressions';
import type { BlindSpot } from '../types';
import { cloneAttributes, toAttributes } from './attributes';
import { commentsOf } from './comments';
import { ConstructPaths } from './construct-paths';
import { Evaluator } from './evaluate';
import { collectImport, relevantFiles, type SourceImport } from './files';
import { Hatches, isHatch, type Attributes, type Element } from './hatches';
import { clearExistenceCache, existenceChecks, type ScannedFile, scanFile } from './imports';
import { InputLog, type SourceInputs } from './inputs';
import { ProviderRegistry, type ProviderModuleInfo } from './provider-modules';
import type { ElementSite } from './resource-classes';
import { lookupName, visitKinds } from './scope';
import { unwrap } from './syntax';
import { isPlainObject, optionsOf, unknownKeysOf, UNDEFINED, type Val } from './values';

export type { SourceImport } from './files';

export interface SourceLayerOptions {
  /** Repository root, absolute. */
  root: string;
  /** Absolute paths of the .ts files to analyse. */
  files: string[];
  tsConfigFilePath?: string;
  /** Evaluation steps allowed per file before its values become Unresolved (default EVALUATION_BUDGET). */
  budget?: number;
}

export interface SourceFileText {
  /** Repository-relative, forward slashes. */
  file: string;
  text: string;
}

export interface SourceLayerResult {
  /** Layer 'source'. */
  resources: PolicyResource[];
  /** Every import (and `export … from`) declaration of the analysed files. */
  imports: SourceImport[];
  /** Text of the analysed files. */
  files: SourceFileText[];
  /** Syntax errors (and unreadable files): the gate exits 2 on these. */
  diagnostics: { file: string; line: number; column: number; message: string }[];
  /** Suppression comments of the analysed files. */
  suppressions: Suppression[];
  /** What the layer could not see. */
  blindSpots: BlindSpot[];
  /** Guarded evaluation steps taken (a measure of the work, bounded by the budget per file). */
  evaluationSteps: number;
  /** Every file the layer read and every existence check it made (what the result depends on). */
  inputs: SourceInputs;
}

export { MAX_SOURCE_FILE_BYTES } from '../input-files';

/** Evaluation steps per file: far above what real construct code needs (this repository: a few thousand). */
export const EVALUATION_BUDGET = 200_000;

const WALK_KINDS: ReadonlySet<SyntaxKind> = new Set([SyntaxKind.NewExpression, SyntaxKind.CallExpression, SyntaxKind.BinaryExpression]);
const SUPPRESSION_MARKER = 'policy-ignore';

/** Analyse the given files. Never throws for what is in the files: unknown syntax becomes `Unresolved`. */
export function analyseSource(options: SourceLayerOptions): SourceLayerResult {
  const root = path.resolve(options.root);
  const timer = phaseTimer();
  clearExistenceCache();
  const project = new Project({
    ...(options.tsConfigFilePath ? { tsConfigFilePath: options.tsConfigFilePath } : {}),
    skipAddingFilesFromTsConfig: true,
    skipFileDependencyResolution: true,
    skipLoadingLibFiles: true,
  });
  const relative = (file: string): string => path.relative(root, file).split(path.sep).join('/');
  const result: SourceLayerResult = { resources: [], imports: [], files: [], diagnostics: [], suppressions: [], blindSpots: [], evaluationSteps: 0, inputs: { files: {}, existence: {} } };
  const log = new InputLog();

  const registry = ProviderRegistry.for(root);
  const scanned: ScannedFile[] = [];
  for (const absolute of new Set(options.files.map((file) => path.resolve(root, file)))) {
    const read = readRegularFile(absolute, MAX_SOURCE_FILE_BYTES);
    log.read(absolute, 'text' in read ? read.text : undefined);
    if ('text' in read) scanned.push(scanFile(absolute, read.text));
    else result.diagnostics.push({ file: relative(absolute), line: 1, column: 1, message: `Cannot read ${relative(absolute)}: ${'error' in read ? read.error : 'no such file'}` });
  }
  const relevant = relevantFiles(scanned, registry, log);
  timer('scan');

  const sourceFiles: SourceFile[] = [];
  for (const file of scanned) {
    const rel = relative(file.path);
    result.files.push({ file: rel, text: file.text });
    if (!relevant.has(file.path)) {
      for (const i of file.imports) result.imports.push({ file: rel, line: i.line, column: i.column, moduleSpecifier: i.moduleSpecifier, names: i.names, ...(i.typeOnly ? { typeOnly: true as const } : {}) });
      result.suppressions.push(...suppressionsFromComments(rel, commentsOf(file.path, file.text, SUPPRESSION_MARKER)));
      continue;
    }
    const sf = project.getSourceFile(file.path) ?? project.createSourceFile(file.path, file.text, { overwrite: true });
    sourceFiles.push(sf);
    for (const d of (sf.compilerNode as unknown as { parseDiagnostics?: ts.DiagnosticWithLocation[] }).parseDiagnostics ?? []) {
      const { line, column } = sf.getLineAndColumnAtPos(d.start ?? 0);
      result.diagnostics.push({ file: rel, line, column, message: ts.flattenDiagnosticMessageText(d.messageText, '\n') });
    }
    for (const st of sf.getStatements()) collectImport(st, rel, result.imports);
    result.suppressions.push(...suppressionsFromComments(rel, commentsOf(file.path, file.text, SUPPRESSION_MARKER, sf.compilerNode)));
  }
  timer('parse');

  const evaluator = new Evaluator(project, root, registry, sourceFiles);
  const paths = new ConstructPaths(evaluator);
  const blind = (location: Location, what: string, why: string, resourceKey?: string): void => {
    result.blindSpots.push({ location, what, why, ...(resourceKey ? { resourceKey } : {}) });
  };

  // One walk: element sites, escape hatches, computed module loads.
  const sites: ElementSite[] = [];
  const hatches: Node[] = [];
  for (const sf of sourceFiles) {
    visitKinds(sf, WALK_KINDS, (node) => {
      if (Node.isNewExpression(node)) {
        if (!safely(() => mayCreateElement(node), true)) return;
        const site = safely(() => evaluator.resources.siteOf(node), undefined);
        if (site) sites.push(site);
        else {
          const why = safely(() => unknownClass(node, evaluator), undefined);
          if (why) blind(evaluator.location(node), `which class \`${short(node.getExpression().getText())}\` is`, `${why}, so the source layer cannot tell whether it creates a Terraform element`);
        }
      } else if (isHatch(node)) {
        hatches.push(node);
      }
      if (Node.isCallExpression(node)) {
        const computed = safely(() => computedModuleLoad(node, evaluator), undefined);
        if (computed) blind(evaluator.location(node), `the module \`${short(computed)}\` loads`, 'its path is computed at run time');
        if (isReflectConstruct(node)) blind(evaluator.location(node), `what \`${short(node.getText())}\` creates`, 'the source layer reads `new` expressions, and Reflect.construct builds an object without one');
      }
    });
  }
  timer('discover');

  // Elements: config evaluated for production, within a budget per file.
  const elements = new Map<string, Element>();
  const budget = options.budget ?? EVALUATION_BUDGET;
  const spent = new Map<string, number>();
  for (const site of sites) {
    const file = site.newExpr.getSourceFile().getFilePath();
    const used = spent.get(file) ?? 0;
    evaluator.setBudget(Math.max(0, budget - used));
    const element = safely(() => buildElement(site, evaluator, paths, blind), undefined);
    spent.set(file, used + evaluator.stepsTaken());
    result.evaluationSteps += evaluator.stepsTaken();
    if (evaluator.budgetExhausted()) {
      blind(evaluator.location(site.newExpr), short(displayNameOf(site, evaluator)), `evaluating it took more than ${budget} steps in this file, so values left over are unresolved`);
    }
    if (element) elements.set(element.key, element);
  }
  evaluator.setBudget(Infinity);

  // Escape hatches, in source order.
  const applier = new Hatches(evaluator, elements, (location, what, why) => blind(location, what, why));
  for (const hatch of hatches) {
    try {
      applier.apply(hatch);
    } catch (error) {
      if (process.env.POLICY_SOURCE_DEBUG) console.error(error);
      blind(evaluator.location(hatch), `what \`${short(hatch.getText())}\` changes`, 'the source layer failed to read it');
    }
  }

  for (const element of elements.values()) {
    result.resources.push({
      key: element.key,
      type: element.type,
      displayName: element.displayName,
      attributes: element.attributes,
      location: element.location,
      layer: 'source',
      production: element.production,
      ...(element.unknownAttributes ? { unknownAttributes: element.unknownAttributes } : {}),
      constructPaths: element.constructPaths,
      ...(element.logicalId !== undefined ? { logicalId: element.logicalId } : {}),
    });
  }
  timer('evaluate');

  // Files the evaluator added to the project (modules outside the analysed set that it followed).
  for (const sf of project.getSourceFiles()) if (!log.hasRead(sf.getFilePath())) log.read(sf.getFilePath(), sf.getFullText());
  for (const [file, exists] of existenceChecks()) log.checked(file, exists);
  log.merge(registry.inputs.toInputs());
  result.inputs = log.toInputs();
  return result;
}

/** `Reflect.construct(Class, args)`: a `new` in disguise. */
function isReflectConstruct(node: Node): boolean {
  const callee = unwrap((node as import('ts-morph').CallExpression).getExpression());
  return Node.isPropertyAccessExpression(callee) && callee.getName() === 'construct' && unwrap(callee.getExpression()).getText() === 'Reflect';
}

/** Evaluates one element site into an element (attributes, production, construct paths, name). */
function buildElement(site: ElementSite, evaluator: Evaluator, paths: ConstructPaths, blind: (location: Location, what: string, why: string, resourceKey?: string) => void): Element | undefined {
  const n = site.newExpr;
  const key = evaluator.keyOf(n);
  const location = evaluator.location(n);
  const base = site.base;
  const module: ProviderModuleInfo | undefined = base.kind === 'provider' ? evaluator.registry.module(base.cls.pkg, base.cls.dir) : undefined;
  if (base.kind === 'provider') evaluator.resourceClasses.set(key, base.cls);
  const config: Val = site.config?.expr ? evaluator.evaluate(site.config.expr, site.config.frame) : UNDEFINED;
  let type: string | undefined = module?.tfType;
  if (base.kind === 'backend') type = `terraform.backend.${base.name}`;
  if (base.kind === 'raw') {
    const raw = isPlainObject(config) ? config.terraformResourceType : undefined;
    if (typeof raw === 'string') type = base.element === 'data' ? `data.${raw}` : base.element === 'provider' ? `provider.${raw}` : raw;
  }
  const displayName = displayNameOf(site, evaluator, type);
  if (type === undefined) {
    blind(location, short(displayName), 'its Terraform type (terraformResourceType) is not a known string', key);
    return undefined;
  }
  let attributes: Attributes = {};
  let unknownAttributes: Unresolved | undefined;
  if (base.kind === 'raw') {
    // A raw element synthesizes no attributes of its own: only what overrides add.
  } else if (config !== UNDEFINED) {
    attributes = cloneAttributes(toAttributes(config, module, location));
    unknownAttributes = unseenPart(config, () => evaluator.unresolved(site.config?.expr ?? n));
    const literal = site.config?.expr && unwrap(site.config.expr);
    if (config instanceof Unresolved && literal && Node.isObjectLiteralExpression(literal)) {
      // A spread the layer cannot see into: keep the properties written out (the spread may add others).
      attributes = cloneAttributes(toAttributes(explicitProperties(literal, evaluator, site), module, location));
    }
  }
  if (site.blindSpot) {
    blind(location, short(displayName), site.blindSpot, key);
    unknownAttributes ??= evaluator.unresolved(n);
  }
  return {
    key,
    type,
    base,
    subclasses: site.subclasses,
    module,
    attributes,
    production: safely(() => evaluator.isProduction(n), true),
    constructPaths: safely(() => paths.ofSite(site), []),
    location,
    displayName,
    ...(unknownAttributes ? { unknownAttributes } : {}),
  };
}

/** The part of a config the layer could not see into: the config itself, or a spread of something unknown. */
function unseenPart(config: Val, notAnObject: () => Unresolved): Unresolved | undefined {
  for (const option of optionsOf(config)) {
    if (option instanceof Unresolved) return option;
    if (isPlainObject(option)) {
      const unknown = unknownKeysOf(option);
      if (unknown) return unknown.whole;
    } else if (option !== UNDEFINED && option !== null) return notAnObject();
  }
  return undefined;
}

/** `EcrRepository "repository" (constructs/registry.ts:12)`. */
function displayNameOf(site: ElementSite, evaluator: Evaluator, type?: string): string {
  const n = site.newExpr;
  const location = evaluator.location(n);
  const base = site.base;
  const className =
    base.kind === 'provider' ? (evaluator.registry.module(base.cls.pkg, base.cls.dir).className ?? n.getExpression().getText()) : base.kind === 'backend' ? 'S3Backend' : n.getExpression().getText();
  const id = site.id?.expr ? evaluator.evaluate(site.id.expr, site.id.frame) : undefined;
  const idText = typeof id === 'string' ? JSON.stringify(id) : site.id?.expr ? site.id.expr.getText() : base.kind === 'backend' ? '"backend"' : '?';
  const shown = base.kind === 'raw' && type ? `${className}<${type}>` : n.getExpression().getText() !== className && site.subclasses.length > 0 ? `${n.getExpression().getText()} (${className})` : className;
  return `${shown} ${idText} (${location.file}:${location.line})`;
}

/** `POLICY_SOURCE_TIMING=1` prints the time of each phase to stderr. */
function phaseTimer(): (phase: string) => void {
  if (!process.env.POLICY_SOURCE_TIMING) return () => undefined;
  let last = process.hrtime.bigint();
  return (phase) => {
    const now = process.hrtime.bigint();
    process.stderr.write(`policy source layer: ${phase} ${(Number(now - last) / 1e6).toFixed(0)} ms\n`);
    last = now;
  };
}

/** `fn()`, or `fallback` if it throws (a syntax shape the layer did not foresee must not crash the gate). */
function safely<T>(fn: () => T, fallback: T): T {
  try {
    return fn();
  } catch (error) {
    if (process.env.POLICY_SOURCE_DEBUG) console.error(error);
    return fallback;
  }
}

/**
 * False when the class of a `new` expression certainly creates no Terraform element: a global (`Error`,
 * `Map`), or a class declared in the file that extends nothing. Saves resolving every `new` the long way.
 */
function mayCreateElement(newExpr: NewExpression): boolean {
  let root: Node = newExpr.getExpression();
  while (Node.isPropertyAccessExpression(root)) root = root.getExpression();
  if (!Node.isIdentifier(root)) return true;
  const decl = lookupName(root.getText(), root);
  if (!decl) return false; // a global
  if (Node.isClassDeclaration(decl)) return decl.getExtends() !== undefined;
  return true;
}

/**
 * Why the class of a `new` (with a scope and an id, like a construct) cannot be worked out: a module that
 * is not among the analysed files (generated bindings under .gen), or a computed class; undefined when
 * the class is known.
 */
function unknownClass(newExpr: NewExpression, evaluator: Evaluator): string | undefined {
  if (newExpr.getArguments().length < 2 || !(evaluator.callee(newExpr) instanceof Unresolved)) return undefined;
  let root: Node = newExpr.getExpression();
  while (Node.isPropertyAccessExpression(root)) root = root.getExpression();
  const decl = Node.isIdentifier(root) ? lookupName(root.getText(), root) : undefined;
  const importDecl = decl?.getFirstAncestorByKind(SyntaxKind.ImportDeclaration);
  if (importDecl) return `it is imported from \`${importDecl.getModuleSpecifierValue()}\`, which is not among the analysed files (generated provider bindings are checked in cdk.tf.json)`;
  return 'the class is computed or comes from a parameter without call sites';
}

/** The text of a `require(x)` / `import(x)` whose path does not evaluate to a string. */
function computedModuleLoad(call: Node, evaluator: Evaluator): string | undefined {
  if (!Node.isCallExpression(call)) return undefined;
  const callee = call.getExpression();
  const isRequire = Node.isIdentifier(callee) && callee.getText() === 'require' && lookupName('require', callee) === undefined;
  const isImport = callee.getKind() === SyntaxKind.ImportKeyword;
  if (!isRequire && !isImport) return undefined;
  const arg = call.getArguments()[0];
  if (!arg) return undefined;
  return typeof evaluator.evaluate(arg) === 'string' ? undefined : arg.getText();
}

/** The written-out properties of an object literal, each evaluated on its own. */
function explicitProperties(literal: Node, evaluator: Evaluator, site: ElementSite): Val {
  const out: { [key: string]: Val } = {};
  if (!Node.isObjectLiteralExpression(literal)) return out;
  const frame = site.config?.frame;
  for (const p of literal.getProperties()) {
    if (Node.isPropertyAssignment(p) || Node.isShorthandPropertyAssignment(p)) {
      const nameNode = p.getNameNode();
      const name = Node.isIdentifier(nameNode) ? nameNode.getText() : Node.isStringLiteral(nameNode) ? nameNode.getLiteralText() : undefined;
      if (name === undefined) continue;
      out[name] = Node.isPropertyAssignment(p) ? evaluator.evaluate(p.getInitializerOrThrow(), frame) : evaluator.evaluate(p.getNameNode(), frame);
    }
  }
  return out;
}

function short(text: string): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > 120 ? `${flat.slice(0, 117)}...` : flat;
}
