/**
 * The console world's two views describe one world: the Terraform state holds exactly what the recorded
 * AWS responses say (same IDs, names, encryption, launch type, rules), so the discovery tests and the
 * plan test exercise the same account.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONSOLE_WORLD, response } from './console-world';

type Resource = { type: string; instances: Array<{ attributes: Record<string, any> }> };
const state = JSON.parse(readFileSync(join(CONSOLE_WORLD, 'terraform-state.json'), 'utf8')) as { version: number; terraform_version: string; resources: Resource[] };
const one = (type: string, match: (attributes: Record<string, any>) => boolean = () => true) => {
  const found = state.resources.filter((r) => r.type === type && match(r.instances[0].attributes));
  expect(found).toHaveLength(1);
  return found[0].instances[0].attributes;
};

test('a format 4 state written by Terraform 1.11 with the console resources', () => {
  expect(state.version).toBe(4);
  expect(state.terraform_version).toMatch(/^1\.11\./);
  expect(state.resources.map((r) => r.type).sort()).toEqual([
    'aws_acm_certificate', 'aws_cloudwatch_log_group', 'aws_ecr_repository', 'aws_ecs_cluster', 'aws_ecs_service', 'aws_lb', 'aws_lb_listener', 'aws_lb_listener', 'aws_lb_target_group', 'aws_route53_record', 'aws_security_group', 'aws_security_group',
  ]);
});

test('the same resources as the AWS responses', () => {
  const repository = response<any>('ecr.DescribeRepositories').repositories[0];
  expect(one('aws_ecr_repository')).toMatchObject({ name: repository.repositoryName, arn: repository.repositoryArn, image_tag_mutability: repository.imageTagMutability, encryption_configuration: [{ encryption_type: repository.encryptionConfiguration.encryptionType }] });
  const service = response<any>('ecs.DescribeServices').services[0];
  expect(one('aws_ecs_service')).toMatchObject({
    id: service.serviceArn,
    launch_type: service.launchType,
    desired_count: service.desiredCount,
    task_definition: service.taskDefinition,
    network_configuration: [{ security_groups: service.networkConfiguration.awsvpcConfiguration.securityGroups, subnets: service.networkConfiguration.awsvpcConfiguration.subnets, assign_public_ip: true }],
    load_balancer: [expect.objectContaining({ container_name: 'app-container', container_port: 3000, target_group_arn: service.loadBalancers[0].targetGroupArn })],
  });
  const lb = response<any>('elbv2.DescribeLoadBalancers').LoadBalancers[0];
  expect(one('aws_lb')).toMatchObject({ arn: lb.LoadBalancerArn, name: lb.LoadBalancerName, security_groups: lb.SecurityGroups, dns_name: lb.DNSName });
  const certificate = response<any>('acm.DescribeCertificate').Certificate;
  expect(one('aws_acm_certificate')).toMatchObject({ arn: certificate.CertificateArn, domain_name: certificate.DomainName, subject_alternative_names: certificate.SubjectAlternativeNames });
  for (const listener of response<any>('elbv2.DescribeListeners').Listeners) {
    expect(one('aws_lb_listener', (a) => a.arn === listener.ListenerArn)).toMatchObject({ port: listener.Port, protocol: listener.Protocol });
  }
});

test('the security groups hold the same rules as DescribeSecurityGroupRules', () => {
  const rules = response<any>('ec2.DescribeSecurityGroupRules').SecurityGroupRules as Array<Record<string, any>>;
  for (const group of response<any>('ec2.DescribeSecurityGroups').SecurityGroups) {
    const attributes = one('aws_security_group', (a) => a.id === group.GroupId);
    expect(attributes).toMatchObject({ name: group.GroupName, description: group.Description, vpc_id: group.VpcId });
    const inState = [...attributes.ingress.map((r: any) => ({ ...r, egress: false })), ...attributes.egress.map((r: any) => ({ ...r, egress: true }))]
      .flatMap((r: any) => r.cidr_blocks.map((cidr: string) => `${r.egress} ${r.protocol} ${r.protocol === '-1' ? -1 : r.from_port} ${cidr}`))
      .sort();
    const inAws = rules.filter((r) => r.GroupId === group.GroupId).map((r) => `${r.IsEgress} ${r.IpProtocol} ${r.FromPort} ${r.CidrIpv4}`).sort();
    expect(inState).toEqual(inAws);
  }
});
