/**
 * The image stack per environment: Docker build of sample-app/ and push to the environment's ECR
 * repository with an ECR token. No Docker engine runs here, so this asserts on the synthesized JSON.
 */
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { SAMPLE_APP_DIR } from '../../main';
import { synthesize, type StackJson } from '../helpers/synth';

let stacks: Record<string, StackJson>;
let webStacks: Record<string, StackJson>;
let outdir: string;

beforeAll(() => {
  const out = synthesize();
  webStacks = out.stacks;
  outdir = out.outdir;
  stacks = {};
  for (const name of ['dev', 'staging', 'prod']) {
    stacks[name] = JSON.parse(readFileSync(join(out.outdir, 'stacks', `image-${name}`, 'cdk.tf.json'), 'utf8'));
  }
});

test.each(['dev', 'staging', 'prod'])('image-%s builds sample-app for linux/amd64 and pushes <repository URL>:<image_tag>', (name) => {
  const stack = stacks[name];
  const image = stack.resource.docker_image.image;
  expect(image.name).toBe('${data.aws_ecr_repository.repository.repository_url}:${var.image_tag}');
  const context = relative(join(outdir, 'stacks', `image-${name}`), SAMPLE_APP_DIR);
  expect(image.build).toMatchObject({ context, dockerfile: 'Dockerfile', platform: 'linux/amd64', build_args: { APP_VERSION: '${var.image_tag}' } });
  expect(stack.resource.docker_registry_image.pushed).toMatchObject({ name: '${docker_image.image.name}', keep_remotely: true });
  const data = stack.data as Record<string, Record<string, Record<string, unknown>>>;
  expect(data.aws_ecr_repository.repository.name).toBe(`web-${name}`);
  expect((stack.provider as unknown as { docker: Array<{ registry_auth: unknown[] }> }).docker[0].registry_auth).toEqual([
    {
      address: '${data.aws_ecr_authorization_token.ecr-token.proxy_endpoint}',
      username: '${data.aws_ecr_authorization_token.ecr-token.user_name}',
      password: '${data.aws_ecr_authorization_token.ecr-token.password}',
    },
  ]);
});

test('MUTABLE (dev): a changed build context rebuilds and pushes the same tag; IMMUTABLE: a tag is pushed once, never again', () => {
  const dev = stacks.dev.resource;
  expect((dev.docker_image.image.triggers as { source: string }).source).toMatch(/^[0-9a-f]{64}$/);
  expect(dev.docker_registry_image.pushed.triggers).toEqual({ image: '${docker_image.image.image_id}' });
  for (const name of ['staging', 'prod']) {
    const immutable = stacks[name].resource;
    expect(immutable.docker_image.image.triggers).toBeUndefined();
    expect(immutable.docker_registry_image.pushed.triggers).toBeUndefined(); // a new tag is a new name: pushed anew
  }
});

test('the build context resolves from the stack directory to the repository\'s sample-app', () => {
  const context = stacks.prod.resource.docker_image.image.build as { context: string };
  const stackDir = join(outdir, 'stacks', 'image-prod');
  expect(readFileSync(join(stackDir, context.context, 'Dockerfile'), 'utf8')).toMatch(/^FROM /m);
});

test('the image stack and the web stack read the same repository and the same tag variable', () => {
  for (const name of ['dev', 'staging', 'prod']) {
    const repository = Object.values(webStacks[name].resource.aws_ecr_repository)[0];
    const data = stacks[name].data as Record<string, Record<string, Record<string, unknown>>>;
    expect(data.aws_ecr_repository.repository.name).toBe(repository.name);
    expect(stacks[name].variable?.image_tag.default).toBe(webStacks[name].variable?.image_tag.default);
  }
});

test('production refuses latest in the image stack too', () => {
  const conditions = (stack: StackJson) => ((stack.variable?.image_tag.validation ?? []) as Array<{ condition: string }>).map((v) => v.condition);
  expect(conditions(stacks.prod)).toContain('${var.image_tag != "latest"}');
  expect(conditions(stacks.dev)).not.toContain('${var.image_tag != "latest"}');
});

test('the web stack needs the AWS provider alone', () => {
  for (const stack of Object.values(webStacks)) {
    expect(Object.keys((stack.terraform as { required_providers: object }).required_providers)).toEqual(['aws']);
  }
});
