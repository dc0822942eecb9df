/**
 * Types shared by the engine, the rules and the reporters (the resource model itself lives in model.ts).
 */
import type { AttrValue, Finding, Layer, Location, PolicyResource, Severity } from './model';
import type { Suppression } from './suppressions';
import type { SourceInputs } from './source/inputs';

/** An import declaration seen by the source layer. */
export interface SourceImport {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly moduleSpecifier: string;
  readonly names: readonly string[];
  /** `import type …`: erased at runtime. */
  readonly typeOnly?: boolean;
}

/** A file the gate read, with its text (for suppression comments and text scans). */
export interface SourceFile {
  readonly file: string;
  readonly text: string;
}

/** One `resource_changes` entry of a plan, kept for rules about plan actions. */
export interface PlanChange {
  readonly address: string;
  readonly type: string;
  readonly name: string;
  /** e.g. ["create"], ["delete", "create"], ["update"], ["no-op"], ["read"]. */
  readonly actions: readonly string[];
  readonly replacePaths: readonly (readonly (string | number)[])[];
  /** True when the change imports an existing object (`change.importing`). */
  readonly importing: boolean;
  readonly actionReason?: string;
  /** The object as it is before the change (prior state), when there is one. */
  readonly before?: { readonly [key: string]: AttrValue };
  /** Whether the plan's stack is production (as for its resources; true when unknown). */
  readonly production: boolean;
}

/**
 * Everything one layer produced for one scope: the whole source, one synthesized stack, or one plan.
 * References (`ResourceRef.targetKey`) resolve within the same graph.
 */
export interface ResourceGraph {
  readonly layer: Layer;
  /** Stack name (synth, plan). */
  readonly stack?: string;
  /** The file the graph was read from (synth, plan); undefined for the source layer. */
  readonly file?: string;
  readonly resources: readonly PolicyResource[];
  /** Terraform variables with their default (synth) or planned value (plan), by name. */
  readonly variables: { readonly [name: string]: AttrValue | undefined };
  /** Import declarations (source layer only). */
  readonly imports: readonly SourceImport[];
  /** Source file texts (source layer only). */
  readonly files: readonly SourceFile[];
  /** Plan actions (plan layer only). */
  readonly changes: readonly PlanChange[];
  /** cdktf construct path by resource key (synth layer), used to map findings back to source. */
  readonly constructPaths?: { readonly [key: string]: string };
  /** Whether the stack is production (synth and plan layers). */
  readonly production?: boolean;
  /**
   * Production only by presumption (synth and plan layers): no environment file says `production: true`
   * and no literal marker says either way, so the gate treats the stack as production to fail closed.
   * Core rules stay errors; the hardening pack reports warnings (see RuleMeta.pack).
   */
  readonly productionAssumed?: boolean;
  /**
   * Synth and plan layers: the callers the stack's environment file declares (`services.<name>.callers`),
   * as ECS service names: called service → its callers. Present (possibly empty) when the file uses the
   * `services:` form, so the gate knows which services are workers; absent otherwise.
   */
  readonly declaredCallers?: ReadonlyMap<string, ReadonlySet<string>>;
  /** Terraform module blocks of a synthesized stack: their resources are only visible in a plan. */
  readonly modules?: readonly { readonly name: string; readonly location: Location }[];
}

/** Something the source layer cannot see: a subclass that writes its own attributes, an Aspect's change it cannot place, a computed module path. */
export interface BlindSpot {
  readonly location: Location;
  /** What is hidden (`EcrRepository "repo" (file:line)`, "the module `name` loads"). */
  readonly what: string;
  /** Why the layer cannot see it. */
  readonly why: string;
  /** The element it is about, when it is one (the synth layer's verdict on that construct replaces it). */
  readonly resourceKey?: string;
}

/** What the source layer (policies/source `analyseSource`) returns. */
export interface SourceAnalysis {
  readonly resources: readonly PolicyResource[];
  readonly imports: readonly SourceImport[];
  readonly files: readonly SourceFile[];
  readonly diagnostics: readonly { readonly file: string; readonly line: number; readonly column: number; readonly message: string }[];
  /** Suppression comments, read from the files' real comments. */
  readonly suppressions?: readonly Suppression[];
  readonly blindSpots?: readonly BlindSpot[];
  /** What the analysis read (files by digest, existence checks); a stored analysis is reused only while they hold. */
  readonly inputs?: SourceInputs;
  /** This analysis was stored by an earlier run and reused (policies/source-cache.ts). */
  readonly reused?: true;
}

/** What a rule passes to `report`. */
export interface ReportInput {
  /** Key into the rule's `messages`; `unresolved` reports default to severity warning. */
  readonly messageId: string;
  readonly data?: { readonly [key: string]: string | number | boolean };
  readonly resource?: PolicyResource;
  /** Defaults to the resource's location. */
  readonly location?: Location;
  /** Defaults to the rule severity (warning for `unresolved`). */
  readonly severity?: Severity;
}

export interface RuleContext extends ResourceGraph {
  /** The resource with this key, if any. */
  byKey(key: string): PolicyResource | undefined;
  /** All resources of the given Terraform types. */
  ofType(...types: string[]): PolicyResource[];
  report(input: ReportInput): void;
}

/** Rule metadata: the README table and the SARIF rule descriptors are generated from it. */
export interface RuleMeta {
  readonly id: string;
  readonly severity: Severity;
  /** One line: what the rule requires. */
  readonly description: string;
  /** Why: what breaks without it. */
  readonly why: string;
  /** How to fix a finding. */
  readonly help: string;
  /** Message templates with `{placeholder}`s; every rule has an `unresolved` template. */
  readonly messages: { readonly [id: string]: string };
  /** Layers the rule runs on; all when omitted. */
  readonly layers?: readonly Layer[];
  /**
   * The same check in other scanners, where one exists (the README rule table), so a
   * team that runs Checkov or Trivy too can map findings. "(partial)" marks a narrower check.
   */
  readonly equivalents?: { readonly checkov?: readonly string[]; readonly trivy?: readonly string[] };
  /**
   * `core` (the default): rules whose violation is a security hole or a broken deploy; an error wherever
   * the stack may be production, including a stack that is production only by presumption.
   * `hardening`: defence-in-depth that production stacks must have (WAF, access logs, customer keys…);
   * an error where production is declared (an environment file's `production: true` or a literal
   * `production` marker), a warning where production is only presumed.
   */
  readonly pack?: RulePack;
}

export type RulePack = 'core' | 'hardening';

export interface Rule extends RuleMeta {
  check(context: RuleContext): void;
}

export interface Summary {
  /** Unsuppressed findings by severity. */
  readonly errors: number;
  readonly warnings: number;
  readonly notes: number;
  readonly suppressed: number;
  readonly total: number;
  readonly exitCode: ExitCode;
  /** Which inputs the gate read. */
  readonly sourceFiles: number;
  readonly stacks: readonly string[];
  readonly plans: readonly string[];
  /** Rules run (registry rules; the gate's own findings not counted). */
  readonly rules?: number;
  /** Resources (and provider and backend blocks) checked, over every layer. */
  readonly resources?: number;
  /** Plans under the synth directory skipped because they are older than their cdk.tf.json. */
  readonly stalePlans?: readonly string[];
  /** The source layer reused a stored analysis: no file it read had changed. */
  readonly sourceReused?: boolean;
}

export type ExitCode = 0 | 1 | 2;

export interface GateResult {
  /** Sorted by file, line, column, rule id. */
  readonly findings: readonly Finding[];
  readonly summary: Summary;
  readonly exitCode: ExitCode;
  /** Metadata of every rule (registry and internal) a report may need. */
  readonly rules: readonly RuleMeta[];
}

export type { Finding, Layer, Location, PolicyResource, Severity, AttrValue };
