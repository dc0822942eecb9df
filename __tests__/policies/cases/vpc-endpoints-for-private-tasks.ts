import { jsonLine, synth, tf, type Json, type RuleCases } from '../helpers';

const endpoint = (service: string): Json => ({ vpc_id: '${aws_vpc.main.id}', service_name: `com.amazonaws.us-east-1.${service}` });
const stack = (services: string[], publicIp = false, production = true) =>
  tf(
    {
      aws_vpc: { main: { cidr_block: '10.0.0.0/16' } },
      aws_subnet: { private: { vpc_id: '${aws_vpc.main.id}' } },
      aws_ecs_service: { svc: { network_configuration: { subnets: ['${aws_subnet.private.id}'], assign_public_ip: publicIp } } },
      ...(services.length > 0 ? { aws_vpc_endpoint: Object.fromEntries(services.map((service) => [service.replace('.', '_'), endpoint(service)])) } : {}),
    },
    { production },
  );
const none = stack([]);
const noLogs = stack(['ecr.api', 'ecr.dkr', 's3']);

export const cases: RuleCases = {
  valid: [
    { name: 'synth: the four endpoints', graph: synth(stack(['ecr.api', 'ecr.dkr', 'logs', 's3'])) },
    { name: 'synth: tasks with public IPs', graph: synth(stack([], true)) },
    { name: 'synth: outside production', graph: synth(stack([], false, false), 'dev') },
  ],
  invalid: [
    {
      name: 'synth: no endpoints',
      graph: synth(none),
      expected: ['ecr.api', 'ecr.dkr', 'logs', 's3'].map((endpoint) => ({
        line: jsonLine(none, 'resource/aws_vpc/main'),
        message: `aws_vpc.main runs aws_ecs_service.svc without public IPs but has no VPC endpoint for ${endpoint}. [synth prod]`,
      })),
    },
    {
      name: 'synth: no logs endpoint',
      graph: synth(noLogs),
      expected: [{ line: jsonLine(noLogs, 'resource/aws_vpc/main'), message: 'aws_vpc.main runs aws_ecs_service.svc without public IPs but has no VPC endpoint for logs. [synth prod]' }],
    },
  ],
};
