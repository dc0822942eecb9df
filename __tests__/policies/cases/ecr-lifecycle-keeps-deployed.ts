import { jsonLine, synth, tf, type RuleCases } from '../helpers';

const protect = { rulePriority: 1, selection: { tagStatus: 'tagged', tagPatternList: ['${var.image_tag}'], countType: 'imageCountMoreThan', countNumber: 1 }, action: { type: 'expire' } };
const untagged = { rulePriority: 2, selection: { tagStatus: 'untagged', countType: 'sinceImagePushed', countUnit: 'days', countNumber: 7 }, action: { type: 'expire' } };
const any = (priority: number) => ({ rulePriority: priority, selection: { tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: 30 }, action: { type: 'expire' } });
const stack = (rules: object[], production = true) =>
  tf(
    {
      aws_ecr_repository: { repo: { name: 'web' } },
      aws_ecr_lifecycle_policy: { lc: { repository: '${aws_ecr_repository.repo.name}', policy: JSON.stringify({ rules }) } },
      aws_ecs_task_definition: { td: { container_definitions: JSON.stringify([{ name: 'app', image: '${aws_ecr_repository.repo.repository_url}:${var.image_tag}' }]) } },
    },
    { production, variable: { image_tag: { type: 'string' } } },
  );
const unprotected = stack([untagged, any(3)]);
const late = stack([any(1), { ...protect, rulePriority: 2 }]);

export const cases: RuleCases = {
  valid: [
    { name: 'synth: deployed tag protected first', graph: synth(stack([protect, untagged, any(3)])) },
    { name: 'synth: only untagged images expire', graph: synth(stack([untagged])) },
    { name: 'synth: outside production', graph: synth(stack([any(1)], false), 'dev') },
  ],
  invalid: [
    {
      name: 'synth: keep-last-N over any tag',
      graph: synth(unprotected),
      expected: [
        { line: jsonLine(unprotected, 'resource/aws_ecr_lifecycle_policy/lc'), message: 'aws_ecr_lifecycle_policy.lc rule 3 can expire tagged images, but no earlier rule protects the deployed tag `${var.image_tag}`. [synth prod]' },
      ],
    },
    {
      name: 'synth: protection comes too late',
      graph: synth(late),
      expected: [{ line: jsonLine(late, 'resource/aws_ecr_lifecycle_policy/lc'), message: 'aws_ecr_lifecycle_policy.lc rule 1 can expire tagged images, but no earlier rule protects the deployed tag `${var.image_tag}`. [synth prod]' }],
    },
  ],
};
