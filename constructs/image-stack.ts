import { DataAwsEcrAuthorizationToken } from '@cdktf/provider-aws/lib/data-aws-ecr-authorization-token';
import { DataAwsEcrRepository } from '@cdktf/provider-aws/lib/data-aws-ecr-repository';
import { Image } from '@cdktf/provider-docker/lib/image';
import { DockerProvider } from '@cdktf/provider-docker/lib/provider';
import { RegistryImage } from '@cdktf/provider-docker/lib/registry-image';
import { TerraformOutput, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import ignore from '@balena/dockerignore';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { EnvironmentConfig } from '../config/load';
import { addEnvironmentBasics } from './environment-basics';
import { ImageTag } from './image-tag';
import { applyBackend, chooseBackend } from './stack-backend';

/** The image stack of an environment is named `image-<env>`. */
export function imageStackName(envName: string): string {
  return `image-${envName}`;
}

export interface ImageStackProps {
  /** Directory with the app's Dockerfile. */
  readonly contextDir: string;
  /** Where cdktf writes this stack (`<outdir>/stacks/image-<env>`); the build context is given relative to it. */
  readonly stackOutdir: string;
  /**
   * Content hash of the build context as Docker sees it (see hashDirectory). With a MUTABLE repository a
   * change rebuilds and pushes the image again under the same tag; with an IMMUTABLE one a tag is built and
   * pushed once (pushing it again would fail), so changed sources ship under a new tag.
   * Computed by the caller once per synth, as every environment builds the same context.
   * @default - hashDirectory(contextDir)
   */
  readonly contextHash?: string;
  /**
   * Platform to build for; Fargate's X86_64 runs linux/amd64, ARM64 runs linux/arm64.
   * @default - from task.cpuArchitecture
   */
  readonly platform?: string;
}

/**
 * Builds the app image with Docker and pushes `<repository URL>:<image_tag>` to the environment's ECR
 * repository, logging in with an ECR authorization token. A stack of its own, so the web stack plans
 * and validates with the AWS provider alone; it needs a Docker engine where it runs (local execution).
 * Deploy it before the web stack with the same `image_tag`: `cdktf deploy image-<env>`, then `cdktf deploy <env>`.
 */
export class ImageStack extends TerraformStack {
  public readonly image: Image;
  public readonly registryImage: RegistryImage;
  public readonly imageTag: ImageTag;

  constructor(scope: Construct, env: EnvironmentConfig, props: ImageStackProps) {
    super(scope, imageStackName(env.name));
    applyBackend(this, chooseBackend(env.terraformCloud && { ...env.terraformCloud, workspace: undefined }, `${env.app}-${imageStackName(env.name)}`));

    addEnvironmentBasics(this, env);
    // The repository belongs to the web stack; this stack only looks it up (deploy the web stack once first).
    const repository = new DataAwsEcrRepository(this, 'repository', { name: env.names.repository });
    const token = new DataAwsEcrAuthorizationToken(this, 'ecr-token', { registryId: repository.registryId });
    new DockerProvider(this, 'docker', {
      registryAuth: [{ address: token.proxyEndpoint, username: token.userName, password: token.password }],
    });

    this.imageTag = new ImageTag(this, 'image-tag', { defaultTag: env.task.imageTag, refuseLatest: env.production });
    const reference = `${repository.repositoryUrl}:${this.imageTag.value}`;
    const platform = props.platform ?? (env.task.cpuArchitecture === 'ARM64' ? 'linux/arm64' : 'linux/amd64');
    // An IMMUTABLE repository refuses a second push of a tag (ImageTagAlreadyExistsException): the tag
    // alone decides what is built and pushed. A MUTABLE one takes the same tag again when sources change.
    const pushOnce = env.registry.imageTagMutability === 'IMMUTABLE';

    this.image = new Image(this, 'image', {
      name: reference,
      platform,
      buildAttribute: {
        context: relative(props.stackOutdir, props.contextDir) || '.',
        dockerfile: 'Dockerfile',
        platform,
        buildArgs: { APP_VERSION: this.imageTag.value },
        label: { 'org.opencontainers.image.version': this.imageTag.value },
      },
      // MUTABLE: rebuild when what the build sees changes, not only when the tag does.
      triggers: pushOnce ? undefined : { source: props.contextHash ?? hashDirectory(props.contextDir) },
      keepLocally: false,
    });
    this.registryImage = new RegistryImage(this, 'pushed', {
      name: this.image.name,
      // ECR lifecycle rules expire old images; Terraform must not delete a tag a running task may use.
      keepRemotely: true,
      // A new tag is a new name, which pushes anew; the same tag is pushed again only where that is allowed.
      triggers: pushOnce ? undefined : { image: this.image.imageId },
    });

    new TerraformOutput(this, 'image-reference', { value: reference, description: 'The pushed image' }).overrideLogicalId('image');
    new TerraformOutput(this, 'digest', { value: this.registryImage.sha256Digest, description: 'Digest of the pushed image' }).overrideLogicalId('digest');
  }
}

/**
 * A content hash of the build context as `docker build` sees it (sorted paths and bytes): the files
 * `.dockerignore` leaves in (read with Docker's own matching rules), plus the Dockerfile and the
 * `.dockerignore` itself, which shape the image even when they are listed there. A file the build never
 * sees (a README, the tests) does not change the hash, so it does not rebuild the image.
 */
export function hashDirectory(dir: string): string {
  const ignoreFile = join(dir, '.dockerignore');
  const rules = existsSync(ignoreFile) ? readFileSync(ignoreFile, 'utf8').split(/\r?\n/) : [];
  const matcher = ignore().add(rules);
  // Without `!` exceptions nothing below an ignored directory can come back, so it is not walked.
  const pruneIgnoredDirectories = !rules.some((rule) => rule.trim().startsWith('!'));
  const always = new Set(['Dockerfile', '.dockerignore']);
  const hash = createHash('sha256');
  const walk = (current: string): void => {
    for (const entry of readdirSync(current, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const path = join(current, entry.name);
      const name = relative(dir, path).split(sep).join('/');
      if (entry.isDirectory()) {
        if (!(pruneIgnoredDirectories && matcher.ignores(name))) walk(path);
      } else if (entry.isFile() && (always.has(name) || !matcher.ignores(name))) {
        hash.update(name).update('\0').update(readFileSync(path)).update('\0');
      }
    }
  };
  walk(dir);
  return hash.digest('hex');
}
