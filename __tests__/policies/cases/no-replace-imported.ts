import { plan, type Json, type RuleCases } from '../helpers';

/** A minimal `terraform show -json` plan with one resource change. */
function planWith(change: { actions: string[]; importing?: boolean; replacePaths?: string[][]; after?: { [key: string]: Json } | null }): { [key: string]: Json } {
  return {
    format_version: '1.2',
    variables: { production: { value: true } },
    resource_changes: [
      {
        address: 'aws_ecr_repository.registry_repository_BAFE171E',
        mode: 'managed',
        type: 'aws_ecr_repository',
        name: 'registry_repository_BAFE171E',
        change: {
          actions: change.actions,
          before: { name: 'my-node-app' },
          after: change.after === undefined ? { name: 'web-tutorial', image_tag_mutability: 'IMMUTABLE', image_scanning_configuration: [{ scan_on_push: true }] } : change.after,
          after_unknown: {},
          ...(change.importing ? { importing: { id: 'my-node-app' } } : {}),
          ...(change.replacePaths ? { replace_paths: change.replacePaths } : {}),
        },
      },
    ],
  };
}

export const cases: RuleCases = {
  valid: [
    { name: 'plan: imported without changes', graph: plan(planWith({ actions: ['no-op'], importing: true })) },
    { name: 'plan: imported and updated in place', graph: plan(planWith({ actions: ['update'], importing: true })) },
    { name: 'plan: a replacement of a resource that is not imported', graph: plan(planWith({ actions: ['delete', 'create'], replacePaths: [['name']] })) },
  ],
  invalid: [
    {
      name: 'plan: imported and replaced, naming the attribute that forces it',
      graph: plan(planWith({ actions: ['delete', 'create'], importing: true, replacePaths: [['name']] })),
      expected: [{ line: 1, message: 'aws_ecr_repository.registry_repository_BAFE171E is imported and would be replaced because name forces a new resource. [plan prod]' }],
    },
    {
      name: 'plan: imported and replaced (create before destroy), several attributes',
      graph: plan(planWith({ actions: ['create', 'delete'], importing: true, replacePaths: [['name'], ['encryption_configuration', '0', 'kms_key']] })),
      expected: [{ line: 1, message: 'aws_ecr_repository.registry_repository_BAFE171E is imported and would be replaced because name, encryption_configuration.0.kms_key forces a new resource. [plan prod]' }],
    },
    {
      name: 'plan: imported and deleted',
      graph: plan(planWith({ actions: ['delete'], importing: true, after: null })),
      expected: [{ line: 1, message: `aws_ecr_repository.registry_repository_BAFE171E is imported and would be deleted. [plan prod]` }],
    },
  ],
};
