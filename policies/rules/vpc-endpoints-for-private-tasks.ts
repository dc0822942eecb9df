import { containerDefinitionsOf } from '../containers';
import { ResourceRef, type PolicyResource } from '../model';
import { pointingAt, refersTo } from '../references';
import type { Rule } from '../types';
import { attr, blocksOf, isUnresolved, listOf, optionsOf } from '../values';

/** Private production tasks reach AWS APIs through VPC endpoints. */
export const vpcEndpointsForPrivateTasks: Rule = {
  id: 'vpc-endpoints-for-private-tasks',
  severity: 'error',
  pack: 'hardening',
  description:
    'In production, a VPC the stack creates whose ECS services run without public IPs has VPC endpoints for ecr.api, ecr.dkr, logs and S3 (gateway), plus secretsmanager and ssm when tasks read secrets from them (no Checkov or Trivy check).',
  why: 'Without endpoints, private tasks reach ECR, CloudWatch Logs and Secrets Manager through a NAT gateway: image pulls and secrets leave the VPC, every byte pays NAT processing, and without NAT the tasks cannot start at all.',
  help: 'Set `hardening.vpcEndpoints.enabled: true` (the default in production for private tasks in a new VPC).',
  layers: ['synth', 'plan'],
  messages: {
    missing: '{resource} runs {service} without public IPs but has no VPC endpoint for {endpoint}.',
    unresolved: 'Cannot verify the VPC endpoints of {resource}: `{expression}` could not be resolved.',
  },
  check(context) {
    const subnets = context.ofType('aws_subnet');
    const endpoints = context.ofType('aws_vpc_endpoint');
    const services = context.ofType('aws_ecs_service');
    for (const vpc of context.ofType('aws_vpc')) {
      if (!vpc.production) continue;
      const mySubnets = pointingAt(subnets, 'vpc_id', vpc);
      const myEndpoints = pointingAt(endpoints, 'vpc_id', vpc);
      for (const service of services) {
        const network = blocksOf(service.attributes.network_configuration)[0];
        if (!network || isUnresolved(network)) continue;
        if (optionsOf(attr(network, 'assign_public_ip')).every((value) => value === true || value === 'true')) continue;
        const inVpc = listOf(attr(network, 'subnets')).some((subnet) => mySubnets.some((candidate) => refersTo(subnet, candidate)));
        if (!inVpc) continue;
        const needed = ['ecr.api', 'ecr.dkr', 'logs', 's3', ...secretServices(context.byKey.bind(context), service)];
        for (const endpoint of [...new Set(needed)]) {
          const names = myEndpoints.flatMap((candidate) => optionsOf(candidate.attributes.service_name));
          const unknown = names.find(isUnresolved);
          if (names.some((name) => typeof name === 'string' && name.endsWith(`.${endpoint}`))) continue;
          if (unknown) context.report({ resource: vpc, messageId: 'unresolved', data: { resource: vpc.displayName, expression: unknown.expression } });
          else context.report({ resource: vpc, messageId: 'missing', data: { resource: vpc.displayName, service: service.displayName, endpoint } });
        }
      }
    }
  },
};

/** `secretsmanager` and/or `ssm` when the service's task definition reads secrets from them. */
function secretServices(byKey: (key: string) => PolicyResource | undefined, service: PolicyResource): string[] {
  const out: string[] = [];
  for (const value of listOf(service.attributes.task_definition)) {
    const task = value instanceof ResourceRef ? byKey(value.targetKey) : undefined;
    if (!task) continue;
    for (const definitions of containerDefinitionsOf(task)) {
      if (definitions.kind !== 'ok') continue;
      for (const container of definitions.containers) {
        for (const secret of listOf(container.secrets)) {
          const from = attr(secret, 'valueFrom');
          if (typeof from === 'string' && from.includes(':secretsmanager:')) out.push('secretsmanager');
          if (typeof from === 'string' && from.includes(':ssm:')) out.push('ssm');
        }
      }
    }
  }
  return out;
}
