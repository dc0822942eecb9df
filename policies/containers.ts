/**
 * Container definitions of `aws_ecs_task_definition`: a JSON string in Terraform (cdktf writes
 * `JSON.stringify(...)` output), or an already structured array from the source layer.
 */
import { Unresolved, type AttrValue, type PolicyResource } from './model';
import { isObject, optionsOf, readable } from './values';

export type ContainerDefinitions =
  | { readonly kind: 'ok'; readonly containers: readonly { readonly [key: string]: AttrValue }[] }
  | { readonly kind: 'unresolved'; readonly expression: string };

/** Every possible container list of a task definition (one per OneOf option). */
export function containerDefinitionsOf(resource: PolicyResource): ContainerDefinitions[] {
  const out: ContainerDefinitions[] = [];
  for (const option of optionsOf(resource.attributes.container_definitions)) {
    if (option === undefined || option === null) continue;
    if (option instanceof Unresolved) {
      out.push({ kind: 'unresolved', expression: option.expression });
    } else if (typeof option === 'string') {
      let parsed: unknown;
      try {
        parsed = JSON.parse(option);
      } catch {
        out.push({ kind: 'unresolved', expression: option.length > 80 ? `${option.slice(0, 77)}...` : option });
        continue;
      }
      out.push({ kind: 'ok', containers: Array.isArray(parsed) ? parsed.filter(isPlainObject) : [] });
    } else if (Array.isArray(option)) {
      out.push({ kind: 'ok', containers: option.filter(isObject) });
    } else {
      out.push({ kind: 'unresolved', expression: String(option) });
    }
  }
  return out;
}

function isPlainObject(value: unknown): value is { [key: string]: AttrValue } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Container name for messages. */
export function containerName(container: { readonly [key: string]: AttrValue }, index: number): string {
  const name = container.name;
  return typeof name === 'string' ? readable(name) : `#${index}`;
}
