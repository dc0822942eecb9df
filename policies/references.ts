/**
 * Whether an attribute value points at a resource of the same graph: a reference
 * (`${aws_vpc.main.id}` in synth, a configuration reference in plan), or a literal equal to one of the
 * resource's own identifiers (a plan of an applied stack knows them).
 */
import { ResourceRef, type AttrValue, type PolicyResource } from './model';
import { listOf } from './values';

export function refersTo(value: AttrValue | undefined, target: PolicyResource): boolean {
  for (const option of listOf(value)) {
    if (option instanceof ResourceRef && option.targetKey === target.key) return true;
    if (typeof option === 'string') {
      for (const id of ['id', 'arn', 'name', 'key_id', 'bucket']) {
        const own = target.attributes[id];
        if (typeof own === 'string' && own !== '' && own === option) return true;
      }
    }
  }
  return false;
}

/** Resources of the given types whose `attribute` points at `target`. */
export function pointingAt(resources: readonly PolicyResource[], attribute: string, target: PolicyResource): PolicyResource[] {
  return resources.filter((resource) => refersTo(resource.attributes[attribute], target));
}
