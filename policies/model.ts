/**
 * The shared model every policy layer produces and every rule reads.
 *
 * The source layer (ts-morph over TypeScript), the synth layer (cdk.tf.json) and the plan layer
 * (`terraform show -json`) each turn what they read into `PolicyResource`s with Terraform's own
 * snake_case attribute names, so one rule checks all three with the same code.
 */

export type Layer = 'source' | 'synth' | 'plan';
export type Severity = 'error' | 'warning' | 'note';

/** A place a finding points at. `file` is relative to the repository root, with forward slashes. */
export interface Location {
  readonly file: string;
  /** 1-based. */
  readonly line: number;
  /** 1-based. */
  readonly column: number;
  /**
   * A synthesized resource placed on a TypeScript line only by cdktf's stack-trace metadata, which
   * overrides can write, and no construct path mapping confirmed. Shown there, but no comment on that line
   * suppresses it (see policies/source-map.ts).
   */
  readonly inexact?: true;
}

/**
 * A value the layer could not work out (a call result, a parameter without visible call sites, a
 * Terraform expression that is not a plain reference). Rules must treat it as "maybe bad": report a
 * warning naming `expression`, never pass an error case silently.
 */
export class Unresolved {
  constructor(
    /** The source text or Terraform expression that could not be resolved. */
    readonly expression: string,
    readonly location: Location,
  ) {}
}

/** A reference to (an attribute of) another resource: `sg.id` in source, `${aws_security_group.alb.id}` in JSON. */
export class ResourceRef {
  constructor(
    /** Key of the target in `ResourceGraph.resources` (see `PolicyResource.key`). */
    readonly targetKey: string,
    /** The referenced attribute, e.g. `id`, `arn`; empty when the whole resource is referenced. */
    readonly attribute: string,
  ) {}
}

/**
 * Several possible values: both branches of a conditional that does not test production, or the
 * different values a construct prop receives at its call sites. A rule must hold for every option.
 */
export class OneOf {
  constructor(readonly options: readonly AttrValue[]) {}
}

/** JSON-like attribute values, with the two markers above where plain data is not known. */
export type AttrValue =
  | string
  | number
  | boolean
  | null
  | Unresolved
  | ResourceRef
  | OneOf
  | AttrValue[]
  | { readonly [key: string]: AttrValue };

export interface PolicyResource {
  /** Unique within one graph: the Terraform address in synth/plan, `file:line:column` in source. */
  readonly key: string;
  /** Terraform resource type (`aws_ecr_repository`), or `provider.aws` for a provider block. */
  readonly type: string;
  /** Human-readable name for messages: the Terraform address, or `new EcrRepository(..., "id")`. */
  readonly displayName: string;
  /** Attributes with Terraform snake_case keys; omitted attributes are absent (rules apply AWS defaults). */
  readonly attributes: { readonly [key: string]: AttrValue };
  readonly location: Location;
  readonly layer: Layer;
  /** Stack name in synth/plan layers. */
  readonly stack?: string;
  /**
   * Whether this resource can exist in a production environment. `true` when the layer knows it does
   * (a production stack, or a source expression evaluated for production), `false` when it knows it does not.
   */
  readonly production: boolean;
  /**
   * Set when part of the resource's configuration could not be seen (a spread of an unknown object, a
   * config argument the source layer could not evaluate): attributes not in `attributes` may still be
   * set. Rules about security-critical attributes treat it as "cannot verify".
   */
  readonly unknownAttributes?: Unresolved;
  /**
   * Source layer: the cdktf construct paths this `new` can create (`prod/web/registry/repository`), as
   * patterns, so synth and plan findings map back to this line by path rather than by type and id.
   */
  readonly constructPaths?: readonly ConstructPathPattern[];
  /** Source layer: the logical id set with `overrideLogicalId('…')`, when there is one. */
  readonly logicalId?: string;
}

/**
 * The construct paths one `new` expression can produce. `segments` run from the stack's id down to the
 * construct's own id; each is an exact id or `{ pattern }`, a regular expression source for one path
 * segment (an id the layer could not work out exactly). `open` means the scope above `segments` is
 * unknown, so the pattern matches any path that ends with them.
 */
export interface ConstructPathPattern {
  readonly open: boolean;
  readonly segments: readonly (string | { readonly pattern: string })[];
}

export interface Finding {
  readonly ruleId: string;
  readonly severity: Severity;
  readonly message: string;
  readonly location: Location;
  readonly layer: Layer;
  /** The resource the finding is about (its displayName), when there is one. */
  readonly resource?: string;
  readonly stack?: string;
  readonly suppressed?: { readonly reason: string };
}
