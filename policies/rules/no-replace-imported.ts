import type { Rule } from '../types';

/**
 * Adoption must keep what it adopts: a plan that imports a resource and in the same run deletes or
 * replaces it would destroy the hand-made original (images, certificates, a live load balancer).
 */
export const noReplaceImported: Rule = {
  id: 'no-replace-imported',
  severity: 'error',
  description: 'A plan never deletes or replaces a resource it imports.',
  why: 'Importing is meant to adopt a resource as it is; if the code disagrees with it on an attribute that forces a new resource (a name, a family, a certificate\'s names), Terraform would destroy the original, taking images, traffic or DNS with it.',
  help: 'Make the code match the existing resource on the attribute named (set the name fields in the environment file, the same subject alternative names, …), synth and plan again until the plan says "will be imported" with no replacement.',
  layers: ['plan'],
  messages: {
    replaced: '{address} is imported and would be {action}{cause}.',
    unresolved: 'Cannot tell whether {address} is replaced: `{expression}`.',
  },
  check(context) {
    for (const change of context.changes) {
      if (!change.importing || !change.actions.includes('delete')) continue;
      const action = change.actions.includes('create') ? 'replaced' : 'deleted';
      const paths = change.replacePaths.map((path) => path.join('.'));
      const cause = paths.length > 0 ? ` because ${paths.join(', ')} forces a new resource` : '';
      const resource = context.byKey(change.address);
      context.report({
        resource,
        // A planned deletion has no after-state resource; point at the plan file instead.
        location: resource ? undefined : { file: context.file ?? 'plan.json', line: 1, column: 1 },
        messageId: 'replaced',
        data: { address: change.address, action, cause },
      });
    }
  },
};
