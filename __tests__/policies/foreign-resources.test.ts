/**
 * Resources that CloudFormation (aws_cloudformation_stack, aws_cloudformation_stack_set) and Cloud Control
 * (aws_cloudcontrolapi_resource) create: how policies/foreign-resources.ts reads templates and desired
 * states, and how the three core rules that govern such types check them or report what they cannot read.
 */
import { foreignResources } from '../../policies/foreign-resources';
import { OneOf, ResourceRef, Unresolved, type PolicyResource } from '../../policies/model';
import { httpRedirectToHttps } from '../../policies/rules/http-redirect-to-https';
import { immutableProdTags } from '../../policies/rules/immutable-prod-tags';
import { sgIngressFromAlbOnly } from '../../policies/rules/sg-ingress-from-alb-only';
import type { ResourceGraph, Rule } from '../../policies/types';
import { check, contextOf, synth, tf, type Json } from './helpers';

const messages = (rule: Rule, graph: ResourceGraph): string[] => check(rule, graph).map((finding) => `${finding.severity}: ${finding.message}`);

const stack = (body: { [key: string]: Json }, extra: { [type: string]: { [name: string]: Json } } = {}, production = true) =>
  tf({ aws_cloudformation_stack: { legacy: { name: 'legacy', ...body } }, ...extra }, { production });
const cloudControl = (typeName: string, desiredState: string, extra: { [type: string]: { [name: string]: Json } } = {}) =>
  tf({ aws_cloudcontrolapi_resource: { created: { type_name: typeName, desired_state: desiredState } }, ...extra });

describe('reading templates', () => {
  test('JSON: Ref to a parameter is the value the stack passes, else its default; Ref and GetAtt to a resource are references; other functions are unresolved', () => {
    const template = {
      Parameters: { Group: { Type: 'String' }, Mutability: { Type: 'String', Default: 'IMMUTABLE' } },
      Resources: {
        Repository: { Type: 'AWS::ECR::Repository', Properties: { ImageTagMutability: { Ref: 'Mutability' }, RepositoryName: { 'Fn::Sub': 'web' }, Policy: { Ref: 'AWS::NoValue' } } },
        Rule: { Type: 'AWS::EC2::SecurityGroupIngress', Properties: { GroupId: { Ref: 'Group' }, SourceSecurityGroupId: { 'Fn::GetAtt': ['Front', 'GroupId'] }, CidrIp: { 'Fn::If': ['Open', '0.0.0.0/0', { Ref: 'AWS::NoValue' }] } } },
        Front: { Type: 'AWS::EC2::SecurityGroup', Properties: { GroupDescription: 'front' } },
      },
    };
    const graph = synth(stack({ template_body: JSON.stringify(template), parameters: { Group: '${aws_security_group.service.id}' } }));
    const { resources, unreadable } = foreignResources(contextOf(graph));
    expect(unreadable).toEqual([]);
    expect(resources.map((resource) => [resource.key, resource.type, resource.label])).toEqual([
      ['aws_cloudformation_stack.legacy#Repository', 'AWS::ECR::Repository', 'aws_cloudformation_stack.legacy → Repository (AWS::ECR::Repository)'],
      ['aws_cloudformation_stack.legacy#Rule', 'AWS::EC2::SecurityGroupIngress', 'aws_cloudformation_stack.legacy → Rule (AWS::EC2::SecurityGroupIngress)'],
      ['aws_cloudformation_stack.legacy#Front', 'AWS::EC2::SecurityGroup', 'aws_cloudformation_stack.legacy → Front (AWS::EC2::SecurityGroup)'],
    ]);
    expect(resources[0].properties).toEqual({ ImageTagMutability: 'IMMUTABLE', RepositoryName: 'web', Policy: null });
    const rule = resources[1].properties as { [key: string]: unknown };
    expect(rule.GroupId).toEqual(new ResourceRef('aws_security_group.service', 'id'));
    expect(rule.SourceSecurityGroupId).toEqual(new ResourceRef('aws_cloudformation_stack.legacy#Front', 'GroupId'));
    expect(rule.CidrIp).toBeInstanceOf(Unresolved);
    expect((rule.CidrIp as Unresolved).expression).toMatch(/^Fn::If /);
  });

  test('YAML: the short forms (!Ref, !GetAtt, !Sub, !If) mean what their long forms mean', () => {
    const template = [
      'Parameters:',
      '  Port: { Type: Number, Default: 80 }',
      'Resources:',
      '  Listener:',
      '    Type: AWS::ElasticLoadBalancingV2::Listener',
      '    Properties:',
      '      LoadBalancerArn: !GetAtt Balancer.LoadBalancerArn',
      '      Port: !Ref Port',
      '      Protocol: !Sub HTTP',
      '      DefaultActions: !If [Secure, [], []]',
      '  Balancer: # created alongside',
      '    Type: AWS::ElasticLoadBalancingV2::LoadBalancer',
    ].join('\n');
    const { resources } = foreignResources(contextOf(synth(stack({ template_body: template }))));
    const listener = resources[0].properties as { [key: string]: unknown };
    expect(listener.LoadBalancerArn).toEqual(new ResourceRef('aws_cloudformation_stack.legacy#Balancer', 'LoadBalancerArn'));
    expect(listener.Port).toBe(80);
    expect(listener.Protocol).toBe('HTTP');
    expect(listener.DefaultActions).toBeInstanceOf(Unresolved);
  });

  test('parameters the stack passes in several possible values stay several values', () => {
    const template = { Parameters: { Mode: { Type: 'String' } }, Resources: { R: { Type: 'AWS::ECR::Repository', Properties: { ImageTagMutability: { Ref: 'Mode' } } } } };
    const graph = synth(stack({ template_body: JSON.stringify(template), parameters: { Mode: 'IMMUTABLE' } }));
    const options = new OneOf([{ Mode: 'IMMUTABLE' }, { Mode: 'MUTABLE' }]);
    const host = graph.resources.find((resource) => resource.type === 'aws_cloudformation_stack') as PolicyResource;
    const twoWays = { ...graph, resources: [{ ...host, attributes: { ...host.attributes, parameters: options } }] };
    expect(foreignResources(contextOf(twoWays)).resources[0].properties).toEqual({ ImageTagMutability: new OneOf(['IMMUTABLE', 'MUTABLE']) });
  });

  test('a Terraform interpolation with quotes inside a JSON template keeps the template readable', () => {
    const template = '{"Resources":{"R":{"Type":"AWS::ECR::Repository","Properties":{"RepositoryName":"web-${split(":", var.name)[0]}"}}}}';
    const { resources, unreadable } = foreignResources(contextOf(synth(stack({ template_body: template }))));
    expect(unreadable).toEqual([]);
    expect(resources[0].properties).toEqual({ RepositoryName: 'web-${split(":", var.name)[0]}' });
  });

  test.each([
    ['a template_url', { template_url: 'https://example.com/t.yaml' }, 'its template comes from template_url https://example.com/t.yaml, which the gate does not read', undefined],
    ['a template_body that is a Terraform expression', { template_body: '${file("t.yaml")}' }, 'its template_body cannot be worked out', { attribute: 'template_body', expression: '${file("t.yaml")}' }],
    ['a template_body that does not parse', { template_body: 'Resources: [unclosed' }, expect.stringMatching(/^its template_body is not JSON or YAML the gate can parse \(/), undefined],
    ['a template that is not a mapping', { template_body: '- a\n- b' }, 'its template_body is not a CloudFormation template (not a mapping)', undefined],
    ['a Transform', { template_body: 'Transform: AWS::Serverless-2016-10-31\nResources: {}' }, 'its template declares Transform AWS::Serverless-2016-10-31, which rewrites it when CloudFormation deploys it', undefined],
    ['a nested stack', { template_body: JSON.stringify({ Resources: { Child: { Type: 'AWS::CloudFormation::Stack', Properties: { TemplateURL: 'https://example.com/c.yaml' } } } }) }, "its template's resource Child (AWS::CloudFormation::Stack) creates resources from a template the gate does not read", undefined],
    ['a resource whose type is not literal', { template_body: JSON.stringify({ Resources: { R: { Type: { Ref: 'Kind' } } } }) }, "its template's resource R has no literal Type", undefined],
  ])('unreadable: %s', (_name, body, reason, unresolved) => {
    const { unreadable } = foreignResources(contextOf(synth(stack(body as { [key: string]: Json }))));
    expect(unreadable).toEqual([expect.objectContaining({ via: 'CloudFormation', reason, ...(unresolved ? { unresolved } : {}) })]);
  });

  test('Cloud Control: desired_state is literal JSON (no intrinsic functions); a reference inside it is a reference', () => {
    const state = JSON.stringify({ GroupId: '${aws_security_group.service.id}', CidrIp: '0.0.0.0/0', Note: { Ref: 'not-a-function' } });
    const { resources } = foreignResources(contextOf(synth(cloudControl('AWS::EC2::SecurityGroupIngress', state))));
    expect(resources).toEqual([expect.objectContaining({ key: 'aws_cloudcontrolapi_resource.created', type: 'AWS::EC2::SecurityGroupIngress', via: 'Cloud Control' })]);
    expect(resources[0].properties).toEqual({ GroupId: new ResourceRef('aws_security_group.service', 'id'), CidrIp: '0.0.0.0/0', Note: { Ref: 'not-a-function' } });
  });

  test('Cloud Control: a desired_state or type_name the gate cannot work out is unreadable (for that type, or for any)', () => {
    const jsonencode = synth(cloudControl('AWS::ECR::Repository', '${jsonencode({"ImageTagMutability" = "MUTABLE"})}'));
    expect(foreignResources(contextOf(jsonencode)).unreadable).toEqual([
      expect.objectContaining({ type: 'AWS::ECR::Repository', unresolved: { attribute: 'desired_state', expression: '${jsonencode({"ImageTagMutability" = "MUTABLE"})}' } }),
    ]);
    const typeName = synth({ ...cloudControl('${var.kind}', '{}'), variable: { kind: { type: 'string' } } });
    const unknownType = foreignResources(contextOf(typeName)).unreadable;
    expect(unknownType).toEqual([expect.objectContaining({ unresolved: { attribute: 'type_name', expression: '${var.kind}' } })]);
    expect(unknownType[0].type).toBeUndefined();
  });
});

describe('immutable-prod-tags on what CloudFormation and Cloud Control create', () => {
  const repository = (properties: { [key: string]: Json }, parameters?: { [key: string]: Json }) =>
    stack({
      template_body: JSON.stringify({ Parameters: { Mutability: { Type: 'String', Default: 'IMMUTABLE' } }, Resources: { Repository: { Type: 'AWS::ECR::Repository', Properties: properties } } }),
      ...(parameters ? { parameters } : {}),
    });
  const mutable = 'error: aws_cloudformation_stack.legacy → Repository (AWS::ECR::Repository) can exist in production but its image_tag_mutability is';

  test('a repository with IMMUTABLE tags (literal, or a parameter default) passes', () => {
    expect(messages(immutableProdTags, synth(repository({ ImageTagMutability: 'IMMUTABLE' })))).toEqual([]);
    expect(messages(immutableProdTags, synth(repository({ ImageTagMutability: { Ref: 'Mutability' } })))).toEqual([]);
    expect(messages(immutableProdTags, synth(cloudControl('AWS::ECR::Repository', JSON.stringify({ ImageTagMutability: 'IMMUTABLE' }))))).toEqual([]);
  });

  test('MUTABLE, omitted, or passed as a stack parameter is an error', () => {
    expect(messages(immutableProdTags, synth(repository({ ImageTagMutability: 'MUTABLE' })))).toEqual([`${mutable} MUTABLE; production tags must be IMMUTABLE. [synth prod]`]);
    expect(messages(immutableProdTags, synth(repository({})))).toEqual([`${mutable} MUTABLE (omitted, the AWS default); production tags must be IMMUTABLE. [synth prod]`]);
    expect(messages(immutableProdTags, synth(repository({ ImageTagMutability: { Ref: 'Mutability' } }, { Mutability: 'MUTABLE' })))).toEqual([`${mutable} MUTABLE; production tags must be IMMUTABLE. [synth prod]`]);
  });

  test('a value the gate cannot work out is an error naming it', () => {
    expect(messages(immutableProdTags, synth(repository({ ImageTagMutability: { 'Fn::If': ['Prod', 'IMMUTABLE', 'MUTABLE'] } })))).toEqual([
      'error: Cannot verify that aws_cloudformation_stack.legacy → Repository (AWS::ECR::Repository) has IMMUTABLE tags: image_tag_mutability is `Fn::If ["Prod","IMMUTABLE","MUTABLE"]`, which the gate cannot work out. [synth prod]',
    ]);
  });

  test('a repository creation template in a stack set', () => {
    const graph = synth(tf({ aws_cloudformation_stack_set: { org: { name: 'org', template_body: JSON.stringify({ Resources: { Cache: { Type: 'AWS::ECR::RepositoryCreationTemplate', Properties: { Prefix: 'cache', AppliedFor: ['PULL_THROUGH_CACHE'] } } } }) } } }));
    expect(messages(immutableProdTags, graph)).toEqual([
      'error: aws_cloudformation_stack_set.org → Cache (AWS::ECR::RepositoryCreationTemplate) gives the repositories ECR creates from it (pull-through cache, replication) image_tag_mutability MUTABLE (omitted, the AWS default); in production they must be IMMUTABLE: set `imageTagMutability: "IMMUTABLE"` on the EcrRepositoryCreationTemplate. [synth prod]',
    ]);
  });

  test('what the gate cannot read is an error in production, nothing outside it', () => {
    expect(messages(immutableProdTags, synth(stack({ template_url: 'https://example.com/t.yaml' })))).toEqual([
      'error: Cannot verify that the ECR repositories aws_cloudformation_stack.legacy creates through CloudFormation have IMMUTABLE tags: its template comes from template_url https://example.com/t.yaml, which the gate does not read, and the gate cannot check what CloudFormation creates; declare them as aws_ecr_repository resources. [synth prod]',
    ]);
    expect(messages(immutableProdTags, synth(stack({ template_url: 'https://example.com/t.yaml' }, {}, false), 'dev'))).toEqual([]);
    expect(messages(immutableProdTags, synth(cloudControl('AWS::ECR::Repository', '${jsonencode({"ImageTagMutability" = "MUTABLE"})}')))).toEqual([
      'error: Cannot verify that what aws_cloudcontrolapi_resource.created creates through Cloud Control has IMMUTABLE tags: its desired_state is `${jsonencode({"ImageTagMutability" = "MUTABLE"})}`, which the gate cannot work out. [synth prod]',
    ]);
  });

  test('Cloud Control resources of types the rule does not govern are not its business', () => {
    expect(messages(immutableProdTags, synth(cloudControl('AWS::SNS::Topic', '${jsonencode({})}')))).toEqual([]);
  });
});

describe('sg-ingress-from-alb-only on what CloudFormation and Cloud Control create', () => {
  /** An ALB (group alb) forwarding to a service in group service. */
  const fronted = (extra: { [type: string]: { [name: string]: Json } }) =>
    tf({
      aws_security_group: { alb: { name: 'alb' }, service: { name: 'service' } },
      aws_lb: { alb: { security_groups: ['${aws_security_group.alb.id}'] } },
      aws_lb_target_group: { app: { port: 3000, protocol: 'HTTP', target_type: 'ip' } },
      aws_lb_listener: { https: { load_balancer_arn: '${aws_lb.alb.arn}', port: 443, protocol: 'HTTPS', default_action: [{ type: 'forward', target_group_arn: '${aws_lb_target_group.app.arn}' }] } },
      aws_ecs_service: {
        app: {
          network_configuration: [{ security_groups: ['${aws_security_group.service.id}'], subnets: ['subnet-1'] }],
          load_balancer: [{ target_group_arn: '${aws_lb_target_group.app.arn}', container_name: 'app', container_port: 3000 }],
        },
      },
      ...extra,
    });
  const ingress = (group: string, properties: { [key: string]: Json } = { CidrIp: '0.0.0.0/0' }) => ({
    aws_cloudformation_stack: {
      ops: {
        name: 'ops',
        parameters: { GroupId: group },
        template_body: ['Parameters:', '  GroupId: { Type: "AWS::EC2::SecurityGroup::Id" }', 'Resources:', '  Open:', '    Type: AWS::EC2::SecurityGroupIngress', '    Properties:', '      GroupId: !Ref GroupId', ...Object.entries(properties).map(([key, value]) => `      ${key}: ${JSON.stringify(value)}`)].join('\n'),
      },
    },
  });

  test('an ingress rule a template creates on the service group is checked like the configuration\'s own', () => {
    expect(messages(sgIngressFromAlbOnly, synth(fronted(ingress('${aws_security_group.service.id}'))))).toEqual([
      'error: aws_security_group.service (attached to aws_ecs_service.app) accepts ingress from CIDR 0.0.0.0/0; only the security group of a load balancer in front of the service may reach it. [synth prod]',
    ]);
    expect(messages(sgIngressFromAlbOnly, synth(fronted(ingress('${aws_security_group.service.id}', { SourceSecurityGroupId: '${aws_security_group.alb.id}' }))))).toEqual([]);
    // The load balancer's own group may take traffic from anywhere.
    expect(messages(sgIngressFromAlbOnly, synth(fronted(ingress('${aws_security_group.alb.id}'))))).toEqual([]);
  });

  test('a rule on a group named by GroupName cannot be tied to a group', () => {
    const byName = fronted({ aws_cloudformation_stack: { ops: { name: 'ops', template_body: JSON.stringify({ Resources: { Open: { Type: 'AWS::EC2::SecurityGroupIngress', Properties: { GroupName: 'service', CidrIp: '0.0.0.0/0' } } } }) } } });
    expect(messages(sgIngressFromAlbOnly, synth(byName))).toEqual([
      'error: Cannot verify which security group aws_cloudformation_stack.ops → Open (AWS::EC2::SecurityGroupIngress) opens (security_group_id is `GroupName service`); it may be the group of an ECS service. [synth prod]',
    ]);
  });

  test('Cloud Control: a literal desired state is checked; one the gate cannot work out is an error', () => {
    const literal = fronted({ aws_cloudcontrolapi_resource: { open: { type_name: 'AWS::EC2::SecurityGroupIngress', desired_state: JSON.stringify({ GroupId: '${aws_security_group.service.id}', CidrIpv6: '::/0' }) } } });
    expect(messages(sgIngressFromAlbOnly, synth(literal))).toEqual([
      'error: aws_security_group.service (attached to aws_ecs_service.app) accepts ingress from IPv6 CIDR ::/0; only the security group of a load balancer in front of the service may reach it. [synth prod]',
    ]);
    const encoded = fronted({ aws_cloudcontrolapi_resource: { open: { type_name: 'AWS::EC2::SecurityGroupIngress', desired_state: '${jsonencode({"GroupId" = aws_security_group.service.id})}' } } });
    expect(messages(sgIngressFromAlbOnly, synth(encoded))).toEqual([
      'error: Cannot verify the ingress of what aws_cloudcontrolapi_resource.open creates through Cloud Control from its desired_state: `${jsonencode({"GroupId" = aws_security_group.service.id})}` could not be worked out. [synth prod]',
    ]);
  });

  test('an ECS service a template creates, and a template the gate cannot read, are errors in production', () => {
    const service = fronted({ aws_cloudformation_stack: { legacy: { name: 'legacy', template_body: JSON.stringify({ Resources: { Api: { Type: 'AWS::ECS::Service', Properties: { Cluster: 'web' } } } }) } } });
    expect(messages(sgIngressFromAlbOnly, synth(service))).toEqual([
      'error: Cannot verify the ingress of aws_cloudformation_stack.legacy → Api (AWS::ECS::Service): it is an ECS service created through CloudFormation, and the gate cannot check what CloudFormation creates; declare its security groups, rules and ECS services as Terraform resources. [synth prod]',
    ]);
    expect(messages(sgIngressFromAlbOnly, synth(stack({ template_url: 'https://example.com/t.yaml' })))).toEqual([
      'error: Cannot verify the ingress of what aws_cloudformation_stack.legacy creates: its template comes from template_url https://example.com/t.yaml, which the gate does not read, and the gate cannot check what CloudFormation creates; declare its security groups, rules and ECS services as Terraform resources. [synth prod]',
    ]);
    expect(messages(sgIngressFromAlbOnly, synth(stack({ template_url: 'https://example.com/t.yaml' }, {}, false), 'dev'))).toEqual([]);
  });
});

describe('http-redirect-to-https on what CloudFormation and Cloud Control create', () => {
  const front = (extra: { [type: string]: { [name: string]: Json } }) =>
    tf({
      aws_lb: { alb: { security_groups: ['sg-1'] } },
      aws_lb_listener: { http: { load_balancer_arn: '${aws_lb.alb.arn}', port: 80, protocol: 'HTTP', default_action: [{ type: 'redirect', redirect: [{ protocol: 'HTTPS', port: '443', status_code: 'HTTP_301' }] }] } },
      ...extra,
    });
  const listener = (port: number, actions: Json) => ({
    aws_cloudformation_stack: {
      legacy: {
        name: 'legacy',
        parameters: { Balancer: '${aws_lb.alb.arn}' },
        template_body: JSON.stringify({ Parameters: { Balancer: { Type: 'String' } }, Resources: { Listener: { Type: 'AWS::ElasticLoadBalancingV2::Listener', Properties: { LoadBalancerArn: { Ref: 'Balancer' }, Port: port, Protocol: port === 443 ? 'HTTPS' : 'HTTP', DefaultActions: actions } } } }),
      },
    },
  });
  const forward = [{ Type: 'forward', TargetGroupArn: '${aws_lb_target_group.app.arn}' }];

  test('a listener a template creates is checked like an aws_lb_listener', () => {
    expect(messages(httpRedirectToHttps, synth(front(listener(80, forward))))).toEqual([
      'error: aws_cloudformation_stack.legacy → Listener (AWS::ElasticLoadBalancingV2::Listener) listens on 80/HTTP but answers with forward, not a redirect to HTTPS on port 443. [synth prod]',
    ]);
    expect(messages(httpRedirectToHttps, synth(front(listener(80, [{ Type: 'redirect', RedirectConfig: { Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301' } }]))))).toEqual([]);
    expect(messages(httpRedirectToHttps, synth(front(listener(443, forward))))).toEqual([]);
    expect(messages(httpRedirectToHttps, synth(front(listener(80, [{ Type: 'redirect', RedirectConfig: { Protocol: 'HTTP', Port: '8080' } }]))))).toEqual([
      'error: aws_cloudformation_stack.legacy → Listener (AWS::ElasticLoadBalancingV2::Listener) redirects to protocol HTTP port 8080; it must redirect to HTTPS on port 443. [synth prod]',
    ]);
  });

  test('listener rules on the port-80 listener, from a YAML template or a Cloud Control desired state', () => {
    const yaml = front({
      aws_cloudformation_stack: {
        rules: {
          name: 'rules',
          parameters: { Listener: '${aws_lb_listener.http.arn}' },
          template_body: ['Parameters:', '  Listener: { Type: String }', 'Resources:', '  Api:', '    Type: AWS::ElasticLoadBalancingV2::ListenerRule', '    Properties:', '      ListenerArn: !Ref Listener', '      Priority: 10', '      Actions:', '        - Type: forward', '          ForwardConfig:', '            TargetGroups:', '              - TargetGroupArn: arn:aws:elasticloadbalancing:eu-west-1:1:targetgroup/api/1'].join('\n'),
        },
      },
    });
    expect(messages(httpRedirectToHttps, synth(yaml))).toEqual([
      'error: aws_cloudformation_stack.rules → Api (AWS::ElasticLoadBalancingV2::ListenerRule) listens on 80/HTTP (through aws_lb_listener.http) but answers with forward, not a redirect to HTTPS on port 443. [synth prod]',
    ]);
    const literal = front({ aws_cloudcontrolapi_resource: { api: { type_name: 'AWS::ElasticLoadBalancingV2::ListenerRule', desired_state: JSON.stringify({ ListenerArn: '${aws_lb_listener.http.arn}', Priority: 10, Actions: forward }) } } });
    expect(messages(httpRedirectToHttps, synth(literal))).toEqual([
      'error: aws_cloudcontrolapi_resource.api (AWS::ElasticLoadBalancingV2::ListenerRule through Cloud Control) listens on 80/HTTP (through aws_lb_listener.http) but answers with forward, not a redirect to HTTPS on port 443. [synth prod]',
    ]);
  });

  test('a rule on a listener of the same template is checked against that listener', () => {
    const template = {
      Resources: {
        Listener: { Type: 'AWS::ElasticLoadBalancingV2::Listener', Properties: { LoadBalancerArn: '${aws_lb.alb.arn}', Port: 80, Protocol: 'HTTP', DefaultActions: [{ Type: 'redirect', RedirectConfig: { Protocol: 'HTTPS', Port: '443' } }] } },
        Api: { Type: 'AWS::ElasticLoadBalancingV2::ListenerRule', Properties: { ListenerArn: { Ref: 'Listener' }, Priority: 1, Actions: forward } },
      },
    };
    expect(messages(httpRedirectToHttps, synth(front({ aws_cloudformation_stack: { legacy: { name: 'legacy', template_body: JSON.stringify(template) } } })))).toEqual([
      'error: aws_cloudformation_stack.legacy → Api (AWS::ElasticLoadBalancingV2::ListenerRule) listens on 80/HTTP (through aws_cloudformation_stack.legacy → Listener (AWS::ElasticLoadBalancingV2::Listener)) but answers with forward, not a redirect to HTTPS on port 443. [synth prod]',
    ]);
  });

  test('what the gate cannot read is an error in production', () => {
    expect(messages(httpRedirectToHttps, synth(front({ aws_cloudcontrolapi_resource: { api: { type_name: 'AWS::ElasticLoadBalancingV2::ListenerRule', desired_state: '${jsonencode({"Priority" = 10})}' } } })))).toEqual([
      'error: Cannot verify that what aws_cloudcontrolapi_resource.api creates through Cloud Control from its desired_state redirects to HTTPS: `${jsonencode({"Priority" = 10})}` could not be worked out. [synth prod]',
    ]);
    expect(messages(httpRedirectToHttps, synth(stack({ template_body: 'Transform: AWS::Serverless-2016-10-31\nResources: {}' })))).toEqual([
      'error: Cannot verify that the listeners aws_cloudformation_stack.legacy creates through CloudFormation redirect to HTTPS: its template declares Transform AWS::Serverless-2016-10-31, which rewrites it when CloudFormation deploys it, and the gate cannot check what CloudFormation creates; declare them as aws_lb_listener and aws_lb_listener_rule resources. [synth prod]',
    ]);
  });
});
