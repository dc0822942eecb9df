import { containerDefinitionsOf, containerName } from '../containers';
import type { AttrValue } from '../model';
import type { RuleContext, Rule } from '../types';
import { describe, hasUnresolved, isUnresolved, maskInterpolations, optionsOf, readable } from '../values';

/**
 * The tag of an image reference: `{ tag }` ('' when there is none, which means `latest`), `{ digest }`
 * when pinned by digest, or `{ unknown }` (readable text) when the tag is inside an unresolved value.
 */
export function imageTag(image: string): { tag: string } | { digest: true } | { unknown: string } {
  // Hide interpolations so ':' or '/' inside `${…}` do not count.
  const masked = maskInterpolations(image);
  if (masked.includes('@sha256:')) return { digest: true };
  const slash = masked.lastIndexOf('/');
  const colon = masked.lastIndexOf(':');
  if (colon > slash) {
    const tag = image.slice(colon + 1);
    return tag.includes('${') ? { unknown: readable(tag) } : { tag };
  }
  // No visible tag: it may still hide inside a value the source layer could not resolve.
  const last = image.slice(slash + 1);
  return hasUnresolved(last) ? { unknown: readable(last) } : { tag: '' };
}

/** Replaces `${var.name}` with the variable's default/planned value when it is a plain value. */
export function substituteVariables(text: string, variables: RuleContext['variables']): string {
  return text.replace(/\$\{var\.([A-Za-z0-9_-]+)\}/g, (whole, name: string) => {
    const value: AttrValue | undefined = variables[name];
    return typeof value === 'string' || typeof value === 'number' ? String(value) : whole;
  });
}

/** Production images are pinned to a real tag or digest, never `latest` (explicit or implied). */
export const noLatestImageInProd: Rule = {
  id: 'no-latest-image-in-prod',
  severity: 'error',
  description: 'Containers of task definitions that can run in production never use the `latest` tag (explicit or implied).',
  why: '`latest` moves with every push: two tasks of one service can run different code, a rollback redeploys the newest image, and nobody can tell from Terraform what runs in production.',
  help: 'Tag the image with an immutable version (the image_tag Terraform variable, set by CI to the commit SHA), or pin it by digest.',
  messages: {
    latest: '{resource} container {container} uses image `{image}`{substituted}, which is the `latest` tag in production.',
    unresolved: 'Cannot verify the image tag of {resource} container {container}: `{expression}` could not be resolved.',
  },
  check(context) {
    for (const resource of context.ofType('aws_ecs_task_definition')) {
      if (!resource.production) continue;
      const name = resource.displayName;
      for (const definitions of containerDefinitionsOf(resource)) {
        if (definitions.kind === 'unresolved') {
          context.report({ resource, messageId: 'unresolved', data: { resource: name, container: '(all)', expression: definitions.expression } });
          continue;
        }
        definitions.containers.forEach((container, index) => {
          const label = containerName(container, index);
          for (const image of optionsOf(container.image)) {
            if (image === undefined || image === null) continue;
            if (isUnresolved(image)) {
              context.report({ resource, messageId: 'unresolved', data: { resource: name, container: label, expression: image.expression } });
              continue;
            }
            if (typeof image !== 'string') {
              context.report({ resource, messageId: 'unresolved', data: { resource: name, container: label, expression: describe(image) } });
              continue;
            }
            const resolved = substituteVariables(image, context.variables);
            const parsed = imageTag(resolved);
            if ('digest' in parsed) continue;
            if ('unknown' in parsed) {
              context.report({ resource, messageId: 'unresolved', data: { resource: name, container: label, expression: parsed.unknown } });
            } else if (parsed.tag === '' || parsed.tag === 'latest') {
              const substituted = resolved === image ? '' : ` (\`${resolved}\` with its variables' values)`;
              context.report({ resource, messageId: 'latest', data: { resource: name, container: label, image: readable(image), substituted } });
            }
          }
        });
      }
    }
  },
};
