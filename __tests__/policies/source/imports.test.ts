/** Provider classes are found from import declarations alone, in every import style. */
import { analyseFixtures, at, byId, newOf } from './helpers';

const result = analyseFixtures('imports');

describe('source layer: import styles', () => {
  test.each<[string, string, string, string]>([
    ['deep', 'named deep import', 'imports/deep.ts', 'aws_ecr_repository'],
    ['aliased', 'aliased deep import (`EcrRepository as Repo`)', 'imports/aliased.ts', 'aws_ecr_repository'],
    ['namespace-root', '`import * as aws from "@cdktf/provider-aws"`, `new aws.ecrRepository.EcrRepository`', 'imports/namespace-root.ts', 'aws_ecr_repository'],
    ['namespace-deep', '`import * as ecr from ".../lib/ecr-repository"`, `new ecr.EcrRepository`', 'imports/namespace-deep.ts', 'aws_ecr_repository'],
    ['root-named', '`import { ecrRepository } from "@cdktf/provider-aws"`', 'imports/root-named.ts', 'aws_ecr_repository'],
    ['aws', 'AwsProvider from lib/provider', 'imports/provider.ts', 'provider.aws'],
    ['reexport-named', 'named re-export through a local barrel', 'imports/reexport.ts', 'aws_ecr_repository'],
    ['reexport-aliased', 'aliased re-export (`LbListener as Listener`)', 'imports/reexport.ts', 'aws_lb_listener'],
    ['reexport-namespace', '`export * as sg from ...` in the barrel', 'imports/reexport.ts', 'aws_security_group'],
    ['reexport-star', '`export * from ...` in the barrel', 'imports/reexport.ts', 'aws_ecs_cluster'],
    ['reexport-local-namespace', 'namespace import of the barrel', 'imports/reexport.ts', 'aws_ecr_repository'],
    ['docker-image', '@cdktf/provider-docker deep import', 'imports/docker.ts', 'docker_image'],
  ])('%s: %s', (id, _style, file, type) => {
    const r = byId(result, id);
    expect(r.type).toBe(type);
    expect(r.location).toStrictEqual(newOf(file, id));
    expect(r.production).toBe(true);
  });

  test('each resource sits at its own `new` expression', () => {
    expect(byId(result, 'aliased').location).toStrictEqual(at('imports/aliased.ts', 'new Repo'));
    expect(byId(result, 'namespace-root').location).toStrictEqual(at('imports/namespace-root.ts', 'new aws.'));
    expect(byId(result, 'reexport-star').location).toStrictEqual(at('imports/reexport.ts', 'new EcsCluster'));
  });

  test('local classes and non-provider cdktf classes are not resources', () => {
    expect(result.resources.filter((r) => r.location.file.endsWith('not-provider.ts'))).toStrictEqual([]);
    expect(result.resources).toHaveLength(12);
  });

  test('provider blocks: attributes in Terraform spelling, tag keys kept as written', () => {
    expect(byId(result, 'aws').attributes).toStrictEqual({ region: 'eu-west-1', default_tags: [{ tags: { Project: 'web', 'cost-center': 'ops' } }] });
  });

  test('renamed config properties use the provider spelling (docker buildAttribute → build)', () => {
    expect(byId(result, 'docker-image').attributes).toStrictEqual({ name: 'web:1.0.0', build: { context: './sample-app' } });
  });

  test('every import declaration is listed with its names', () => {
    expect(result.imports.filter((i) => i.file === '__tests__/fixtures/source/imports/reexport.ts' || i.file === '__tests__/fixtures/source/imports/namespace-root.ts' || i.file === '__tests__/fixtures/source/imports/aws.ts')).toStrictEqual([
      { file: '__tests__/fixtures/source/imports/aws.ts', line: 2, column: 1, moduleSpecifier: '@cdktf/provider-aws/lib/ecr-repository', names: ['EcrRepository'] },
      { file: '__tests__/fixtures/source/imports/aws.ts', line: 3, column: 1, moduleSpecifier: '@cdktf/provider-aws/lib/lb-listener', names: ['LbListener as Listener'] },
      { file: '__tests__/fixtures/source/imports/aws.ts', line: 4, column: 1, moduleSpecifier: '@cdktf/provider-aws/lib/security-group', names: ['* as sg'] },
      { file: '__tests__/fixtures/source/imports/aws.ts', line: 5, column: 1, moduleSpecifier: '@cdktf/provider-aws/lib/ecs-cluster', names: ['*'] },
      { file: '__tests__/fixtures/source/imports/namespace-root.ts', line: 1, column: 1, moduleSpecifier: 'constructs', names: ['Construct'] },
      { file: '__tests__/fixtures/source/imports/namespace-root.ts', line: 2, column: 1, moduleSpecifier: '@cdktf/provider-aws', names: ['* as aws'] },
      { file: '__tests__/fixtures/source/imports/reexport.ts', line: 1, column: 1, moduleSpecifier: 'constructs', names: ['Construct'] },
      { file: '__tests__/fixtures/source/imports/reexport.ts', line: 2, column: 1, moduleSpecifier: './aws', names: ['EcrRepository', 'Listener', 'sg', 'EcsCluster'] },
      { file: '__tests__/fixtures/source/imports/reexport.ts', line: 3, column: 1, moduleSpecifier: './aws', names: ['* as local'] },
    ]);
  });

  test('type-only imports (erased at runtime) are marked', () => {
    expect(result.imports.filter((i) => i.file === '__tests__/fixtures/source/imports/type-only.ts')).toStrictEqual([
      { file: '__tests__/fixtures/source/imports/type-only.ts', line: 1, column: 1, moduleSpecifier: '@cdktf/provider-aws/lib/ecr-repository', names: ['EcrRepositoryConfig'], typeOnly: true },
      { file: '__tests__/fixtures/source/imports/type-only.ts', line: 2, column: 1, moduleSpecifier: '@cdktf/provider-aws/lib/lb-listener', names: ['LbListenerConfig'], typeOnly: true },
      { file: '__tests__/fixtures/source/imports/type-only.ts', line: 3, column: 1, moduleSpecifier: '@cdktf/provider-aws', names: ['* as aws'], typeOnly: true },
    ]);
  });
});
