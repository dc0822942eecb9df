import { awsReads, normalizeSource, providerAliases, requiredProviders } from '../../terraform-runner/stack-info';
import { OVERRIDE_FILE, overrideFor } from '../../terraform-runner/working-copy';

test.each([
  ['aws', 'registry.terraform.io/hashicorp/aws'],
  ['kreuzwerker/docker', 'registry.terraform.io/kreuzwerker/docker'],
  ['Registry.Terraform.io/HashiCorp/AWS', 'registry.terraform.io/hashicorp/aws'],
  ['example.com/acme/thing', 'example.com/acme/thing'],
])('source %s is %s', (source, address) => {
  expect(normalizeSource(source)).toBe(address);
});

test('declared providers plus the ones terraform infers from blocks; builtin terraform_* types need none', () => {
  const json = {
    terraform: { required_providers: { aws: { source: 'aws', version: '5.100.0' }, docker: { source: 'kreuzwerker/docker', version: '3.6.2' } } },
    provider: { aws: [{ region: 'us-east-1' }] },
    resource: { aws_vpc: { main: {} }, random_id: { x: {} }, terraform_data: { y: {} }, docker_image: { app: { provider: 'docker.remote' } } },
  };
  expect(requiredProviders(json)).toEqual([
    { localName: 'aws', address: 'registry.terraform.io/hashicorp/aws', version: '5.100.0' },
    { localName: 'docker', address: 'registry.terraform.io/kreuzwerker/docker', version: '3.6.2' },
    { localName: 'random', address: 'registry.terraform.io/hashicorp/random' },
  ]);
});

test('data sources and import blocks are reads from AWS; resources are not', () => {
  expect(awsReads({ resource: { aws_vpc: { main: {} } } })).toEqual([]);
  expect(
    awsReads({
      data: { aws_route53_zone: { zone: {} } },
      import: [{ to: 'aws_ecr_repository.repo', id: 'web' }],
    }),
  ).toEqual(['data.aws_route53_zone.zone', 'import → aws_ecr_repository.repo']);
});

test('provider aliases from the list or single-object form', () => {
  expect(providerAliases({ provider: { aws: [{ region: 'us-east-1' }, { alias: 'us_east_1', region: 'us-east-1' }] } }, 'aws')).toEqual([undefined, 'us_east_1']);
  expect(providerAliases({ provider: { aws: { region: 'eu-west-1' } } }, 'aws')).toEqual([undefined]);
  expect(providerAliases({}, 'aws')).toEqual([]);
});

describe('overrideFor', () => {
  test('a local backend inside the copy (the same relative path in every copy, so one init serves all), and offline settings on every aws provider configuration', () => {
    expect(OVERRIDE_FILE).toMatch(/_override\.tf\.json$/); // Terraform only merges files named *_override.tf.json
    expect(overrideFor([undefined, 'use1'], true)).toEqual({
      terraform: { backend: { local: { path: 'terraform.tfstate' } } },
      provider: {
        aws: [
          { access_key: 'stub', secret_key: 'stub', skip_credentials_validation: true, skip_requesting_account_id: true, skip_metadata_api_check: 'true', skip_region_validation: true },
          { alias: 'use1', access_key: 'stub', secret_key: 'stub', skip_credentials_validation: true, skip_requesting_account_id: true, skip_metadata_api_check: 'true', skip_region_validation: true },
        ],
      },
    });
  });

  test('validate only: the backend override alone', () => {
    expect(overrideFor([undefined], false)).toEqual({ terraform: { backend: { local: { path: 'terraform.tfstate' } } } });
  });
});
