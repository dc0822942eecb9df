import { DataAwsEcrAuthorizationToken } from '@cdktf/provider-aws/lib/data-aws-ecr-authorization-token';
import { DataAwsEcrRepository } from '@cdktf/provider-aws/lib/data-aws-ecr-repository';
import { Image } from '@cdktf/provider-docker/lib/image';
import { DockerProvider } from '@cdktf/provider-docker/lib/provider';
import { RegistryImage } from '@cdktf/provider-docker/lib/registry-image';
import { TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import ignore from '@balena/dockerignore';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { EnvironmentConfig } from '../config/load';
import { serviceSpecs } from '../config/services';
import { addEnvironmentBasics } from './environment-basics';
import { ImageTag, imageTagVariableName } from './image-tag';
import { applyBackend, chooseBackend } from './stack-backend';

/** The image stack of an environment is named `image-<env>`. */
export function imageStackName(envName: string): string {
  return `image-${envName}`;
}

export interface ImageStackProps {
  /** Directory with the app's Dockerfile: the build context of every service that names none of its own. */
  readonly contextDir: string;
  /**
   * Build contexts of named services (`services.<name>.buildContext`, resolved), by service name.
   * @default - every service builds `contextDir`
   */
  readonly serviceContextDirs?: Readonly<Record<string, string>>;
  /** Where cdktf writes this stack (`<outdir>/stacks/image-<env>`); the build context is given relative to it. */
  readonly stackOutdir: string;
  /**
   * Content hash of a build context as Docker sees it (see hashDirectory). With a MUTABLE repository a
   * change rebuilds and pushes the image again under the same tag; with an IMMUTABLE one a tag is built and
   * pushed once (pushing it again would fail), so changed sources ship under a new tag.
   * Computed by the caller once per synth and context, as environments build the same contexts.
   * @default - hashDirectory(<context>)
   */
  readonly contextHash?: (contextDir: string) => string;
  /**
   * Platform to build for; Fargate's X86_64 runs linux/amd64, ARM64 runs linux/arm64.
   * @default - from each service's task.cpuArchitecture
   */
  readonly platform?: string;
}

/** One service's image: its tag variable, the build, and the push. */
export interface ServiceImage {
  readonly imageTag: ImageTag;
  readonly image: Image;
  readonly registryImage: RegistryImage;
}

/**
 * Builds each service's image with Docker and pushes `<repository URL>:<image tag>` to the service's ECR
 * repository, logging in with an ECR authorization token. A stack of its own, so the web stack plans
 * and validates with the AWS provider alone; it needs a Docker engine where it runs (local execution).
 * Deploy it before the web stack with the same tags: `cdktf deploy image-<env>`, then `cdktf deploy <env>`.
 * The single-service form keeps its addresses and the `image_tag` variable; each service of the
 * `services:` form nests under `services/<name>`, with the variable `image_tag_<name>`.
 */
export class ImageStack extends TerraformStack {
  /** Each service's image, by service name. */
  public readonly images: Readonly<Record<string, ServiceImage>>;

  constructor(scope: Construct, env: EnvironmentConfig, props: ImageStackProps) {
    super(scope, imageStackName(env.name));
    applyBackend(this, chooseBackend(env.terraformCloud && { ...env.terraformCloud, workspace: undefined }, `${env.app}-${imageStackName(env.name)}`));

    addEnvironmentBasics(this, env);
    const specs = serviceSpecs(env);
    const single = specs.length === 1 && specs[0].single;
    const servicesScope = single ? this : new Construct(this, 'services');
    // The repositories belong to the web stack; this stack only looks them up (deploy the web stack once first).
    const repositories = specs.map((spec) => new DataAwsEcrRepository(single ? this : new Construct(servicesScope, spec.key), 'repository', { name: env.names.services[spec.key].repository }));
    const token = new DataAwsEcrAuthorizationToken(this, 'ecr-token', { registryId: repositories[0].registryId });
    new DockerProvider(this, 'docker', {
      registryAuth: [{ address: token.proxyEndpoint, username: token.userName, password: token.password }],
    });
    // An IMMUTABLE repository refuses a second push of a tag (ImageTagAlreadyExistsException): the tag
    // alone decides what is built and pushed. A MUTABLE one takes the same tag again when sources change.
    const pushOnce = env.registry.imageTagMutability === 'IMMUTABLE';

    const images: Record<string, ServiceImage> = {};
    specs.forEach((spec, index) => {
      const repository = repositories[index];
      const scopeOf = repository.node.scope!;
      const imageTag = new ImageTag(scopeOf, 'image-tag', {
        defaultTag: spec.task.imageTag,
        refuseLatest: env.production,
        ...(single ? {} : { variableName: imageTagVariableName(spec.key), serviceName: spec.key }),
      });
      const contextDir = props.serviceContextDirs?.[spec.key] ?? props.contextDir;
      const reference = `${repository.repositoryUrl}:${imageTag.value}`;
      const platform = props.platform ?? (spec.task.cpuArchitecture === 'ARM64' ? 'linux/arm64' : 'linux/amd64');
      const image = new Image(scopeOf, 'image', {
        name: reference,
        platform,
        buildAttribute: {
          context: relative(props.stackOutdir, contextDir) || '.',
          dockerfile: 'Dockerfile',
          platform,
          buildArgs: { APP_VERSION: imageTag.value },
          label: { 'org.opencontainers.image.version': imageTag.value },
        },
        // MUTABLE: rebuild when what the build sees changes, not only when the tag does.
        triggers: pushOnce ? undefined : { source: props.contextHash ? props.contextHash(contextDir) : hashDirectory(contextDir) },
        keepLocally: false,
      });
      const registryImage = new RegistryImage(scopeOf, 'pushed', {
        name: image.name,
        // ECR lifecycle rules expire old images; Terraform must not delete a tag a running task may use.
        keepRemotely: true,
        // A new tag is a new name, which pushes anew; the same tag is pushed again only where that is allowed.
        triggers: pushOnce ? undefined : { image: image.imageId },
      });
      const suffix = single ? '' : `_${spec.key.replace(/-/g, '_')}`;
      new TerraformOutput(scopeOf, 'image-reference', { value: reference, description: `The pushed image${single ? '' : ` of ${spec.key}`}` }).overrideLogicalId(`image${suffix}`);
      new TerraformOutput(scopeOf, 'digest', { value: registryImage.sha256Digest, description: `Digest of the pushed image${single ? '' : ` of ${spec.key}`}` }).overrideLogicalId(`digest${suffix}`);
      images[spec.key] = { imageTag, image, registryImage };
    });
    this.images = images;
  }

  /** The image of the only service (single-service form). */
  private only(): ServiceImage {
    const all = Object.values(this.images);
    if (all.length !== 1) throw new Error(`image stack has ${all.length} services; use images[<name>]`);
    return all[0];
  }

  get image(): Image {
    return this.only().image;
  }

  get registryImage(): RegistryImage {
    return this.only().registryImage;
  }

  get imageTag(): ImageTag {
    return this.only().imageTag;
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
