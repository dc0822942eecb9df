/**
 * The images an environment deploys, one per service: what CI builds and pushes, and which Terraform
 * variable takes each tag. The deploy workflow reads this list (`npm run environments -- --images --json`)
 * instead of a fixed one, so a new environment or service needs no workflow change.
 */
import { relative } from 'node:path';
import type { EnvironmentConfig } from './load';
import { serviceSpecs } from './services';

export interface ServiceImage {
  /** The stack (environment) name. */
  readonly stack: string;
  /** The service's name (`app` in the single-service form). */
  readonly service: string;
  /**
   * The suffix of the CI repository variables that name the push role and repository:
   * ECR_PUSH_ROLE_ARN_<key> and ECR_REPOSITORY_URL_<key>. `<ENV>` for a single-service file (as before),
   * `<ENV>_<SERVICE>` for one service of many (uppercase, hyphens as underscores).
   */
  readonly key: string;
  /** The Terraform variable that takes the image tag: `image_tag`, or `image_tag_<service>`. */
  readonly variable: string;
  /** The Docker build context, relative to the project root. */
  readonly context: string;
  /** The platform Fargate runs the task on. */
  readonly platform: 'linux/amd64' | 'linux/arm64';
}

const envKey = (text: string): string => text.toUpperCase().replace(/-/g, '_');

/** One entry per service of each environment, in file order. */
export function serviceImages(environments: readonly EnvironmentConfig[], projectRoot: string, defaultContext: string): ServiceImage[] {
  return environments.flatMap((env) =>
    serviceSpecs(env).map((spec) => ({
      stack: env.name,
      service: spec.key,
      key: spec.single ? envKey(env.name) : `${envKey(env.name)}_${envKey(spec.key)}`,
      variable: spec.single ? 'image_tag' : `image_tag_${spec.key.replace(/-/g, '_')}`,
      context: relative(projectRoot, env.buildContexts[spec.key] ?? defaultContext) || '.',
      platform: spec.task.cpuArchitecture === 'ARM64' ? 'linux/arm64' : 'linux/amd64',
    })),
  );
}
