import { containerDefinitionsOf } from '../containers';
import type { PolicyResource } from '../model';
import { pointingAt } from '../references';
import type { Rule } from '../types';
import { isUnresolved, listOf } from '../values';

interface LifecycleRule {
  readonly rulePriority?: number;
  readonly selection?: { readonly tagStatus?: string; readonly tagPatternList?: unknown; readonly tagPrefixList?: unknown; readonly countType?: string };
  readonly action?: { readonly type?: string };
}

/** Lifecycle policies never expire the image a task definition names. */
export const ecrLifecycleKeepsDeployed: Rule = {
  id: 'ecr-lifecycle-keeps-deployed',
  severity: 'error',
  pack: 'hardening',
  description:
    'In production, an ECR lifecycle policy that expires tagged images (tagStatus `any` or `tagged`) first protects the tag the task definition runs: an earlier rule whose tagPatternList is exactly that tag (no Checkov or Trivy check).',
  why: 'A count or age rule over tagged images expires whatever is oldest, including the image the service runs when builds pile up: the next task launch (scale-out, replacement of a failed task, a deployment rollback) fails with CannotPullContainerError.',
  help: 'Use ContainerRegistry with `deployedTag` (the stack passes the image tag variable); ECR never lets a later rule expire an image an earlier rule matched.',
  layers: ['synth'],
  messages: {
    unprotected: '{resource} rule {priority} can expire tagged images, but no earlier rule protects the deployed tag `{tag}`.',
    unresolved: 'Cannot verify that {resource} keeps the deployed image: `{expression}` could not be resolved.',
  },
  check(context) {
    const repositories = context.ofType('aws_ecr_repository');
    const tasks = context.ofType('aws_ecs_task_definition');
    for (const resource of context.ofType('aws_ecr_lifecycle_policy')) {
      if (!resource.production) continue;
      const repository = repositories.find((candidate) => pointingAt([resource], 'repository', candidate).length > 0);
      if (!repository) continue;
      const tags = deployedTags(repository, tasks);
      if (tags.length === 0) continue;
      const document = resource.attributes.policy;
      if (isUnresolved(document) || typeof document !== 'string') {
        context.report({ resource, messageId: 'unresolved', data: { resource: resource.displayName, expression: isUnresolved(document) ? document.expression : 'policy' } });
        continue;
      }
      let rules: LifecycleRule[];
      try {
        rules = ((JSON.parse(document) as { rules?: LifecycleRule[] }).rules ?? []).slice().sort((a, b) => (a.rulePriority ?? 0) - (b.rulePriority ?? 0));
      } catch {
        context.report({ resource, messageId: 'unresolved', data: { resource: resource.displayName, expression: 'policy' } });
        continue;
      }
      for (const tag of tags) {
        let protectedYet = false;
        for (const rule of rules) {
          const selection = rule.selection ?? {};
          const patterns = Array.isArray(selection.tagPatternList) ? selection.tagPatternList : [];
          if (selection.tagStatus === 'tagged' && patterns.length === 1 && patterns[0] === tag) {
            protectedYet = true;
            continue;
          }
          const expiresTagged = rule.action?.type === 'expire' && (selection.tagStatus === 'any' || selection.tagStatus === 'tagged');
          if (expiresTagged && !protectedYet) {
            context.report({ resource, messageId: 'unprotected', data: { resource: resource.displayName, priority: rule.rulePriority ?? '?', tag } });
            break;
          }
        }
      }
    }
  },
};

/** The tags task definitions pull from the repository (`<repository URL>:<tag>`), as written in the stack. */
function deployedTags(repository: PolicyResource, tasks: readonly PolicyResource[]): string[] {
  const tags = new Set<string>();
  const url = `\${${repository.key}.repository_url}`;
  for (const task of tasks) {
    for (const definitions of containerDefinitionsOf(task)) {
      if (definitions.kind !== 'ok') continue;
      for (const container of definitions.containers) {
        for (const image of listOf(container.image)) {
          if (typeof image === 'string' && image.startsWith(`${url}:`)) tags.add(image.slice(url.length + 1));
        }
      }
    }
  }
  return [...tags];
}
