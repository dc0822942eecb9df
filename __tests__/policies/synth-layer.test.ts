/**
 * The synth layer over real cdktf output: tiny stacks synthesized with `new App({ outdir })` and
 * deep-imported provider classes, then read back from cdk.tf.json by the gate.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, TerraformStack, TerraformVariable } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { EcrRepository } from '@cdktf/provider-aws/lib/ecr-repository';
import { EcsService } from '@cdktf/provider-aws/lib/ecs-service';
import { EcsTaskDefinition } from '@cdktf/provider-aws/lib/ecs-task-definition';
import { Lb } from '@cdktf/provider-aws/lib/lb';
import { LbListener } from '@cdktf/provider-aws/lib/lb-listener';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { ResourceRef, Unresolved } from '../../policies/model';
import { runGate } from '../../policies/gate';
import { readSynthDir } from '../../policies/synth';

let root: string;
let outdir: string;

/** One stack per environment; `prod` is production and gets the bad settings a rule must catch. */
function build(app: App, name: string, production: boolean): void {
  const stack = new TerraformStack(app, name);
  stack.addOverride('locals', { production });
  new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
  const tag = new TerraformVariable(stack, 'image_tag', { type: 'string', default: production ? 'latest' : '1.0.0' });
  const repository = new EcrRepository(stack, 'repository', {
    name: `web-${name}`,
    imageTagMutability: production ? 'MUTABLE' : 'IMMUTABLE',
    imageScanningConfiguration: { scanOnPush: true },
  });
  const albGroup = new SecurityGroup(stack, 'alb-group', { name: 'alb' });
  const serviceGroup = new SecurityGroup(stack, 'service-group', { name: 'service' });
  const lb = new Lb(stack, 'alb', { securityGroups: [albGroup.id], dropInvalidHeaderFields: true, subnets: ['subnet-1'] });
  new LbListener(stack, 'http', {
    loadBalancerArn: lb.arn,
    port: 80,
    protocol: 'HTTP',
    defaultAction: [{ type: 'redirect', redirect: { protocol: 'HTTPS', port: '443', statusCode: 'HTTP_301' } }],
  });
  new VpcSecurityGroupIngressRule(stack, 'from-alb', {
    securityGroupId: serviceGroup.id,
    referencedSecurityGroupId: albGroup.id,
    ipProtocol: 'tcp',
    fromPort: 3000,
    toPort: 3000,
  });
  if (production) {
    new VpcSecurityGroupIngressRule(stack, 'from-office', { securityGroupId: serviceGroup.id, cidrIpv4: '10.1.0.0/16', ipProtocol: 'tcp', fromPort: 3000, toPort: 3000 });
  }
  const task = new EcsTaskDefinition(stack, 'task', {
    family: `web-${name}`,
    containerDefinitions: JSON.stringify([{ name: 'app', image: `${repository.repositoryUrl}:${tag.stringValue}`, environment: [{ name: 'APP_ENV', value: name }] }]),
  });
  new EcsService(stack, 'service', {
    name: 'web',
    taskDefinition: task.arn,
    networkConfiguration: { securityGroups: [serviceGroup.id], subnets: ['subnet-1'] },
  });
}

beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'policy-synth-'));
  outdir = path.join(root, 'cdktf.out');
  const app = new App({ outdir });
  build(app, 'dev', false);
  build(app, 'prod', true);
  app.synth();
});

afterAll(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

test('references become ResourceRefs and the stack marker sets production', () => {
  const { graphs, errors } = readSynthDir(root, outdir);
  expect(errors).toEqual([]);
  expect(graphs.map((graph) => graph.stack)).toEqual(['dev', 'prod']);
  const prod = graphs[1];
  const lb = prod.resources.find((resource) => resource.type === 'aws_lb');
  expect(lb?.attributes.security_groups).toEqual([new ResourceRef('aws_security_group.alb-group', 'id')]);
  expect(lb?.production).toBe(true);
  expect(graphs[0].resources.every((resource) => !resource.production)).toBe(true);
  expect(prod.variables.image_tag).toBe('latest');
  expect(prod.constructPaths?.['aws_ecr_repository.repository']).toBe('prod/repository');
  // cdktf 0.21 writes no stackTrace metadata, so locations are lines of cdk.tf.json.
  expect(lb?.location.file).toBe('cdktf.out/stacks/prod/cdk.tf.json');
  expect(lb?.location.line).toBeGreaterThan(1);
});

test('the gate finds the production problems in real synth output and passes dev', async () => {
  const result = await runGate({ root, synthDir: outdir, source: false });
  expect(result.exitCode).toBe(1);
  expect(result.findings.map((finding) => [finding.ruleId, finding.stack, finding.message])).toEqual([
    ['ecr-customer-key', 'prod', 'aws_ecr_repository.repository is not encrypted with a customer-managed key (encryption_configuration omitted: AES256). [synth prod]'],
    ['immutable-prod-tags', 'prod', 'aws_ecr_repository.repository can exist in production but its image_tag_mutability is MUTABLE; production tags must be IMMUTABLE. [synth prod]'],
    [
      'no-latest-image-in-prod',
      'prod',
      "aws_ecs_task_definition.task container app uses image `${aws_ecr_repository.repository.repository_url}:${var.image_tag}` (`${aws_ecr_repository.repository.repository_url}:latest` with its variables' values), which is the `latest` tag in production. [synth prod]",
    ],
    ['alb-access-logs', 'prod', 'aws_lb.alb does not write access logs (access_logs.enabled is omitted). [synth prod]'],
    ['alb-waf-protected', 'prod', 'aws_lb.alb is internet-facing but no web ACL is associated with it. [synth prod]'],
    [
      'sg-ingress-from-alb-only',
      'prod',
      'aws_security_group.service-group (attached to aws_ecs_service.service) accepts ingress from CIDR 10.1.0.0/16; only the security group of a load balancer in front of the service may reach it. [synth prod]',
    ],
  ]);
});

test('findings point at the resource line of cdk.tf.json', async () => {
  const result = await runGate({ root, synthDir: outdir, source: false });
  const text = fs.readFileSync(path.join(outdir, 'stacks/prod/cdk.tf.json'), 'utf8').split('\n');
  for (const finding of result.findings) {
    expect(finding.location.file).toBe('cdktf.out/stacks/prod/cdk.tf.json');
    expect(text[finding.location.line - 1]).toMatch(/^\s+"(repository|task|from-office|alb)": \{$/);
  }
});

test('blocks Terraform generates or reads at plan time: dynamic blocks, for_each elements, imports, required_providers', () => {
  const dir = path.join(root, 'generated');
  fs.mkdirSync(path.join(dir, 'stacks', 'prod'), { recursive: true });
  const stack = {
    locals: { production: true },
    terraform: { required_providers: { amazon: { source: 'hashicorp/aws', version: '5.100.0' } } },
    import: [{ to: 'aws_security_group.service', id: 'sg-0a1b2c3d' }],
    resource: {
      aws_security_group: {
        service: { name: 'service', ingress: [{ from_port: 3000, to_port: 3000, protocol: 'tcp', security_groups: ['${aws_security_group.alb.id}'] }], dynamic: { ingress: { for_each: '${var.office}', content: { cidr_blocks: ['${ingress.value}'] } } } },
        alb: { name: 'alb' },
      },
      aws_vpc_security_group_ingress_rule: {
        fronts: { for_each: '${toset([aws_security_group.alb.id])}', security_group_id: '${aws_security_group.service.id}', referenced_security_group_id: '${each.value}' },
        unknown: { for_each: '${var.groups}', security_group_id: '${aws_security_group.service.id}', referenced_security_group_id: '${each.value}' },
      },
    },
  };
  fs.writeFileSync(path.join(dir, 'stacks', 'prod', 'cdk.tf.json'), JSON.stringify(stack));
  const [graph] = readSynthDir(root, dir).graphs;
  const byKey = (key: string) => graph.resources.find((resource) => resource.key === key);
  const ingress = byKey('aws_security_group.service')?.attributes.ingress as unknown[];
  expect(ingress).toHaveLength(2);
  expect(ingress[1]).toBeInstanceOf(Unresolved);
  expect((ingress[1] as Unresolved).expression).toContain('dynamic "ingress"');
  expect(byKey('aws_vpc_security_group_ingress_rule.fronts')?.attributes.referenced_security_group_id).toEqual(new ResourceRef('aws_security_group.alb', 'id'));
  expect(byKey('aws_vpc_security_group_ingress_rule.unknown')?.attributes.referenced_security_group_id).toBeInstanceOf(Unresolved);
  expect(graph.resources.filter((resource) => resource.type === 'import').map((resource) => resource.attributes)).toEqual([{ to: 'aws_security_group.service', id: 'sg-0a1b2c3d' }]);
  expect(byKey('terraform.required_providers')?.attributes).toEqual({ amazon: { source: 'hashicorp/aws', version: '5.100.0' } });
});
