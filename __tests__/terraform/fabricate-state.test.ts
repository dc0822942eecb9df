/**
 * The state fabricator on a small hand-written stack (no terraform): planned values kept, unknown
 * configured values evaluated from the configuration, AWS-computed values in AWS's shapes, and the
 * bookkeeping terraform expects (schema versions, dependencies, sensitive paths, outputs). That terraform
 * accepts the result and plans "No changes" against it is proven with the shipped stacks in
 * change-scenarios.test.ts.
 */
import { fabricateState, FabricationError, type FabricateInput } from '../../state-fabricator/fabricate-state';
import type { ProviderSchemas } from '../../state-fabricator/provider-schema';

const AWS = 'registry.terraform.io/hashicorp/aws';
const schemas: ProviderSchemas = {
  [AWS]: {
    aws_security_group: {
      version: 1,
      block: {
        attributes: {
          id: { type: 'string', computed: true, optional: true },
          arn: { type: 'string', computed: true },
          name: { type: 'string', computed: true, optional: true },
          name_prefix: { type: 'string', computed: true, optional: true },
          owner_id: { type: 'string', computed: true },
          vpc_id: { type: 'string', computed: true, optional: true },
          description: { type: 'string', optional: true },
          tags: { type: ['map', 'string'], optional: true },
        },
      },
    },
    aws_vpc_security_group_ingress_rule: {
      version: 0,
      block: {
        attributes: {
          id: { type: 'string', computed: true },
          arn: { type: 'string', computed: true },
          security_group_id: { type: 'string', required: true },
          security_group_rule_id: { type: 'string', computed: true },
          from_port: { type: 'number', optional: true },
          referenced_security_group_id: { type: 'string', optional: true },
        },
      },
    },
    aws_acm_certificate: {
      version: 0,
      block: {
        attributes: {
          arn: { type: 'string', computed: true },
          id: { type: 'string', computed: true, optional: true },
          domain_name: { type: 'string', computed: true, optional: true },
          subject_alternative_names: { type: ['set', 'string'], computed: true, optional: true },
          private_key: { type: 'string', optional: true, sensitive: true },
          domain_validation_options: {
            type: ['set', ['object', { domain_name: 'string', resource_record_name: 'string', resource_record_type: 'string', resource_record_value: 'string' }]],
            computed: true,
          },
        },
      },
    },
    aws_route53_record: {
      version: 2,
      block: {
        attributes: {
          id: { type: 'string', computed: true, optional: true },
          zone_id: { type: 'string', required: true },
          name: { type: 'string', required: true },
          type: { type: 'string', required: true },
          records: { type: ['set', 'string'], optional: true },
          fqdn: { type: 'string', computed: true },
          allow_overwrite: { type: 'bool', computed: true, optional: true },
        },
        block_types: { alias: { nesting_mode: 'set', block: { attributes: { name: { type: 'string', required: true }, zone_id: { type: 'string', required: true } } } } },
      },
    },
  },
};

const config = {
  provider: { aws: [{ region: 'eu-west-1', allowed_account_ids: ['210987654321'] }] },
  variable: { key: { type: 'string', sensitive: true } },
  resource: {
    aws_security_group: {
      service: { name_prefix: 'web-service-', description: 'Service', vpc_id: 'vpc-0a1b2c3d4e5f60718', lifecycle: { create_before_destroy: true } },
    },
    aws_vpc_security_group_ingress_rule: {
      from_alb: { security_group_id: '${aws_security_group.service.id}', from_port: 3000, referenced_security_group_id: '${aws_security_group.service.id}' },
    },
    aws_acm_certificate: { cert: { domain_name: 'example.com', subject_alternative_names: ['*.example.com'], private_key: '${var.key}' } },
    aws_route53_record: {
      validation: {
        for_each: '${{ for option in aws_acm_certificate.cert.domain_validation_options : option.domain_name => option }}',
        zone_id: 'Z123',
        name: '${each.value.resource_record_name}',
        type: '${each.value.resource_record_type}',
        records: ['${each.value.resource_record_value}'],
        allow_overwrite: true,
      },
    },
  },
  output: { group: { value: '${aws_security_group.service.id}' }, url: { value: 'https://example.com' } },
};

const plan: FabricateInput['plan'] = {
  variables: { key: { value: '(stand-in for var.key, redacted)' } },
  resource_changes: [
    {
      address: 'aws_security_group.service',
      type: 'aws_security_group',
      name: 'service',
      provider_name: AWS,
      change: { actions: ['create'], after: { name_prefix: 'web-service-', description: 'Service', vpc_id: 'vpc-0a1b2c3d4e5f60718', tags: null }, after_unknown: { id: true, arn: true, name: true, owner_id: true } },
    },
    {
      address: 'aws_vpc_security_group_ingress_rule.from_alb',
      type: 'aws_vpc_security_group_ingress_rule',
      name: 'from_alb',
      provider_name: AWS,
      change: { actions: ['create'], after: { from_port: 3000 }, after_unknown: { id: true, arn: true, security_group_id: true, security_group_rule_id: true, referenced_security_group_id: true } },
    },
    {
      address: 'aws_acm_certificate.cert',
      type: 'aws_acm_certificate',
      name: 'cert',
      provider_name: AWS,
      change: {
        actions: ['create'],
        after: { domain_name: 'example.com', subject_alternative_names: ['*.example.com', 'example.com'], private_key: '(stand-in for var.key, redacted)', domain_validation_options: [{ domain_name: '*.example.com' }, { domain_name: 'example.com' }] },
        after_unknown: {
          arn: true,
          id: true,
          domain_validation_options: [
            { resource_record_name: true, resource_record_type: true, resource_record_value: true },
            { resource_record_name: true, resource_record_type: true, resource_record_value: true },
          ],
        },
        after_sensitive: { private_key: true },
      },
    },
    ...['*.example.com', 'example.com'].map((key) => ({
      address: `aws_route53_record.validation["${key}"]`,
      type: 'aws_route53_record',
      name: 'validation',
      index: key,
      provider_name: AWS,
      change: { actions: ['create'], after: { zone_id: 'Z123', allow_overwrite: true, alias: [] }, after_unknown: { id: true, name: true, type: true, records: true, fqdn: true, alias: [] } },
    })),
  ],
};

const input: FabricateInput = { config, plan, schemas, terraformVersion: '1.11.4', variables: { key: 'PEM' } };
const state = fabricateState(input);
const resource = (type: string) => state.resources.find((r) => r.type === type);
const attributes = (type: string, index = 0) => resource(type)?.instances[index].attributes ?? {};

test('planned values are kept; what AWS computes gets its shape, in the provider\'s account and region', () => {
  const group = attributes('aws_security_group');
  expect(group).toMatchObject({ description: 'Service', vpc_id: 'vpc-0a1b2c3d4e5f60718', tags: null, owner_id: '210987654321' });
  expect(group.id).toMatch(/^sg-0[0-9a-f]{16}$/);
  expect(group.arn).toBe(`arn:aws:ec2:eu-west-1:210987654321:security-group/${group.id}`);
  expect(group.name).toMatch(/^web-service-\d{26}$/); // generated from the prefix
});

test('configured values the plan did not know are evaluated against the fabricated resources', () => {
  const group = attributes('aws_security_group');
  const rule = attributes('aws_vpc_security_group_ingress_rule');
  expect(rule).toMatchObject({ security_group_id: group.id, referenced_security_group_id: group.id, from_port: 3000 });
  expect(rule.security_group_rule_id).toBe(rule.id);
  expect(rule.id).toMatch(/^sgr-0[0-9a-f]{16}$/);
});

test('ACM validation: one CNAME for a name and its wildcard; records keyed by for_each, stored as Route 53 stores them', () => {
  const options = attributes('aws_acm_certificate').domain_validation_options as { domain_name: string; resource_record_name: string; resource_record_value: string }[];
  expect(options.map((o) => o.domain_name).sort()).toEqual(['*.example.com', 'example.com']);
  expect(new Set(options.map((o) => o.resource_record_name)).size).toBe(1);
  expect(options[0].resource_record_name).toMatch(/^_[0-9a-f]{32}\.example\.com\.$/);
  expect(options[0].resource_record_value).toMatch(/\.acm-validations\.aws\.$/);
  const records = resource('aws_route53_record');
  expect(records?.instances.map((i) => i.index_key)).toEqual(['*.example.com', 'example.com']);
  const record = records?.instances[1].attributes ?? {};
  expect(record.name).toBe(options[0].resource_record_name.replace(/\.$/, '')); // no trailing dot in state
  expect(record).toMatchObject({ type: 'CNAME', records: [options[0].resource_record_value], fqdn: record.name, id: `Z123_${String(record.name)}_CNAME`, allow_overwrite: true });
});

test('schema versions, dependencies, create_before_destroy, sensitive paths and outputs', () => {
  expect(resource('aws_route53_record')?.instances[0].schema_version).toBe(2);
  expect(resource('aws_security_group')?.instances[0]).toMatchObject({ schema_version: 1, create_before_destroy: true });
  expect(resource('aws_security_group')?.provider).toBe(`provider["${AWS}"]`);
  expect(resource('aws_vpc_security_group_ingress_rule')?.instances[0].dependencies).toEqual(['aws_security_group.service']);
  expect(resource('aws_acm_certificate')?.instances[0].sensitive_attributes).toEqual([[{ type: 'get_attr', value: 'private_key' }]]);
  expect(attributes('aws_acm_certificate').private_key).toBe('PEM'); // the given variable value, not the plan's redacted stand-in
  expect(state.outputs).toEqual({ group: { value: attributes('aws_security_group').id, type: 'string' }, url: { value: 'https://example.com', type: 'string' } });
  expect(state).toMatchObject({ version: 4, terraform_version: '1.11.4', serial: 1, check_results: null });
});

test('the same baseline and seed give the same state; another seed other IDs', () => {
  expect(fabricateState(input)).toEqual(state);
  const other = fabricateState({ ...input, seed: 'other' });
  expect(other.resources[0].instances[0].attributes.id).not.toBe(state.resources[0].instances[0].attributes.id);
});

test('an expression it cannot evaluate fails with the resource and attribute named', () => {
  const broken = JSON.parse(JSON.stringify(config));
  broken.resource.aws_vpc_security_group_ingress_rule.from_alb.security_group_id = '${regex("sg-.*", aws_security_group.service.id)}';
  expect(() => fabricateState({ ...input, config: broken })).toThrow(FabricationError);
  expect(() => fabricateState({ ...input, config: broken })).toThrow(/aws_vpc_security_group_ingress_rule\.from_alb\.security_group_id: the function regex\(\) is not supported/);
});
