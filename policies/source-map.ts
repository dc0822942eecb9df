/**
 * Where a synthesized resource was written in TypeScript: the cdktf construct path recorded in
 * `cdk.tf.json` (`"//": { "metadata": { "path": "prod/web/registry/repository" } }`) against the path
 * patterns the source layer worked out for each `new` (policies/source/construct-paths.ts). A resource
 * maps to a line only when exactly one `new` of the same Terraform type can create that path; otherwise it
 * stays on its line of cdk.tf.json, where no comment can suppress it.
 */
import type { PolicyResource } from './model';
import { matchesPath } from './path-patterns';
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
    if (isSourceFile(resource.location.file)) return resource;
    const constructPath = paths[resource.key];
    if (!constructPath) return resource;
    const candidates = (byType.get(resource.type) ?? []).filter((candidate) => (candidate.constructPaths ?? []).some((pattern) => matchesPath(pattern, constructPath)));
    return candidates.length === 1 ? { ...resource, location: candidates[0].location } : resource;
  });
  return { ...graph, resources };
}

export function isSourceFile(file: string): boolean {
  return /\.[cm]?tsx?$/.test(file);
}
