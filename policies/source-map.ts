/**
 * Where a synthesized resource was written in TypeScript: the cdktf construct path recorded in
 * `cdk.tf.json` (`"//": { "metadata": { "path": "prod/web/registry/repository" } }`) against the path
 * patterns the source layer worked out for each `new` (policies/source/construct-paths.ts). A finding on
 * a mapped resource is reported at that line, and a suppression comment there covers it, so a mapping must
 * never put a resource on a line that did not create it. A resource maps to a line only when:
 *
 * - exactly one `new` of the same Terraform type can create that path;
 * - the path is the one cdktf would record for the resource: its logical id (the name in `cdk.tf.json`)
 *   is the one cdktf derives from the path (or that `new`'s `overrideLogicalId`). Overrides can write any
 *   metadata; a path that does not give the resource's name was written by one;
 * - when the `new`'s pattern is not exact (an id below the stack or the scope the source layer could not
 *   work out, e.g. `[^/]+`), that `new` may stand for resources it never created (one built where the
 *   source layer cannot see, by `Reflect.construct` say), so in a production stack nothing the source
 *   layer knows about it may contradict the resource: a literal top-level attribute it worked out (a name,
 *   a port, a tag mutability, a `forceDelete`) must be the synthesized one.
 *
 * Provider blocks and the state backend carry no construct path: one maps to the only `new` of its type
 * whose alias can be its alias, under the same no-contradiction test. Anything else stays on its line of
 * cdk.tf.json, where no comment can suppress it. A location from
 * cdktf's stack-trace metadata (which overrides can write too) that no mapping confirms is `inexact`:
 * shown, never suppressed.
 */
import { OneOf, type AttrValue, type ConstructPathPattern, type Location, type PolicyResource } from './model';
import { makeUniqueId, matchesPath } from './path-patterns';
import { isLiteralString } from './values';
import type { ResourceGraph } from './types';

/** The synth graph with each resource that maps to exactly one source `new` located there. */
export function mapToSource(graph: ResourceGraph, source: ResourceGraph): ResourceGraph {
  const paths = graph.constructPaths ?? {};
  const byType = new Map<string, PolicyResource[]>();
  for (const resource of source.resources) {
    if (!resource.constructPaths || resource.constructPaths.length === 0) continue;
    const list = byType.get(resource.type);
    if (list) list.push(resource);
    else byType.set(resource.type, [resource]);
  }
  const resources = graph.resources.map((resource) => {
    const constructPath = paths[resource.key];
    if (!constructPath) return isBlock(resource) ? mapBlock(resource, source, graph.production === true) : resource;
    const candidates = (byType.get(resource.type) ?? []).filter((candidate) => (candidate.constructPaths ?? []).some((pattern) => matchesPath(pattern, constructPath)));
    if (candidates.length !== 1) return resource;
    const [candidate] = candidates;
    if (!pathGivesName(resource.key, constructPath, candidate.logicalId)) return resource;
    const exact = (candidate.constructPaths ?? []).some((pattern) => isExact(pattern) && matchesPath(pattern, constructPath));
    if (!exact && graph.production === true && contradicts(candidate.attributes, resource.attributes)) return resource;
    return { ...resource, location: withoutInexact(candidate.location) };
  });
  return { ...graph, resources };
}

/** Provider blocks and the state backend: cdktf records no construct path for them. */
function isBlock(resource: PolicyResource): boolean {
  return resource.type.startsWith('provider.') || resource.type.startsWith('terraform.backend.');
}

/**
 * A provider block (or backend) maps to the one source `new` of its type whose alias can be the block's,
 * when nothing that `new` is known to set contradicts the block (in a production stack).
 */
function mapBlock(resource: PolicyResource, source: ResourceGraph, production: boolean): PolicyResource {
  const alias = resource.attributes.alias;
  const candidates = source.resources.filter((candidate) => {
    if (candidate.type !== resource.type) return false;
    const options = literalOptions(candidate.attributes.alias ?? '');
    return options === undefined || options.some((option) => String(option) === String(alias ?? ''));
  });
  if (candidates.length !== 1) return resource;
  const [candidate] = candidates;
  if (production && contradicts(candidate.attributes, resource.attributes)) return resource;
  return { ...resource, location: withoutInexact(candidate.location) };
}

/** Whether cdktf gives a resource recorded under `constructPath` the name in `key` (`aws_lb.web_alb_1A2B3C4D`). */
function pathGivesName(key: string, constructPath: string, logicalId: string | undefined): boolean {
  const name = key.split('.').pop() ?? '';
  if (logicalId !== undefined) return name === logicalId;
  const belowStack = constructPath.split('/').slice(1);
  return belowStack.length > 0 && makeUniqueId(belowStack) === name;
}

/** A literal, or an alternation of escaped literals (`(?:web|api)`): an id the source layer knows. */
const KNOWN_SEGMENT = /^\(\?:(?:[^()|[\]\\]|\\.)+(?:\|(?:[^()|[\]\\]|\\.)+)*\)$/;

/** Known scope and known ids below the stack (the stack's own id may be computed: stacks do not share paths). */
function isExact(pattern: ConstructPathPattern): boolean {
  return !pattern.open && pattern.segments.slice(1).every((segment) => typeof segment === 'string' || KNOWN_SEGMENT.test(segment.pattern));
}

/**
 * Whether a literal top-level attribute the source layer worked out differs from the synthesized one, or
 * is missing from it (cdktf writes every attribute that is set).
 */
function contradicts(source: PolicyResource['attributes'], synth: PolicyResource['attributes']): boolean {
  return Object.entries(source).some(([key, value]) => {
    const known = literalOptions(value);
    if (known === undefined) return false;
    const actual = synth[key];
    if (actual === undefined) return true;
    if (!isLiteral(actual)) return false;
    return !known.some((option) => String(option) === String(actual));
  });
}

/** The literal values an attribute can take, or undefined when any option is not a literal. */
function literalOptions(value: AttrValue): (string | number | boolean)[] | undefined {
  const options = value instanceof OneOf ? value.options : [value];
  return options.every(isLiteral) ? (options as (string | number | boolean)[]) : undefined;
}

/** A plain value: a string without interpolations (`${…}`: a reference, or a part the source layer could not work out). */
function isLiteral(value: AttrValue | undefined): value is string | number | boolean {
  return isLiteralString(value) || typeof value === 'number' || typeof value === 'boolean';
}

function withoutInexact(location: Location): Location {
  const { inexact: _inexact, ...rest } = location;
  return rest;
}

export function isSourceFile(file: string): boolean {
  return /\.[cm]?tsx?$/.test(file);
}
