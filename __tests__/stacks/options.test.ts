/**
 * Options the shipped environments do not exercise: each one changes the synthesized stack the way its
 * documentation says.
 */
import { baseEnvironment, merge, writeEnvironment } from '../helpers/environments';
import { all, only, synthesize, type StackJson } from '../helpers/synth';

function stackFor(patch: Record<string, unknown>, name = 'qa'): StackJson {
  const { file } = writeEnvironment(name, merge(baseEnvironment(), patch));
  return synthesize({ files: [file] }).stacks[name];
}

const containerOf = (stack: StackJson) => JSON.parse(only(stack, 'aws_ecs_task_definition').container_definitions as string)[0];

test('defaults: IMMUTABLE tags, 2 tasks, single NAT, private subnets, dualstack with IPv6 subnets', () => {
  const stack = stackFor({});
  expect(only(stack, 'aws_ecr_repository').image_tag_mutability).toBe('IMMUTABLE');
  expect(only(stack, 'aws_ecs_service')).toMatchObject({ desired_count: 2, enable_execute_command: false });
  expect(all(stack, 'aws_nat_gateway')).toHaveLength(1);
  const network = only(stack, 'aws_ecs_service').network_configuration as { assign_public_ip: boolean };
  expect(network.assign_public_ip).toBe(false);
  expect(only(stack, 'aws_lb').ip_address_type).toBe('dualstack');
  expect(only(stack, 'aws_vpc').assign_generated_ipv6_cidr_block).toBe(true);
  const subnets = all(stack, 'aws_subnet').map((subnet) => subnet.cidr_block).sort();
  expect(subnets).toEqual(['10.0.0.0/20', '10.0.128.0/20', '10.0.144.0/20', '10.0.16.0/20']);
});

test('existing network: the IDs from the file, tasks in the private subnets', () => {
  const stack = stackFor({
    network: {
      create: undefined,
      existing: { vpcId: 'vpc-0a1b2c3d', cidrBlock: '10.1.0.0/16', publicSubnetIds: ['subnet-0000000a', 'subnet-0000000b'], privateSubnetIds: ['subnet-0000000c'] },
    },
  });
  expect(stack.resource.aws_vpc).toBeUndefined();
  expect(only(stack, 'aws_lb').subnets).toEqual(['subnet-0000000a', 'subnet-0000000b']);
  expect((only(stack, 'aws_ecs_service').network_configuration as { subnets: string[] }).subnets).toEqual(['subnet-0000000c']);
  expect(only(stack, 'aws_lb_target_group').vpc_id).toBe('vpc-0a1b2c3d');
});

test('ECS Exec: task role gets the SSM channel, the container an init process', () => {
  const stack = stackFor({ service: { enableExecuteCommand: true } });
  expect(only(stack, 'aws_ecs_service').enable_execute_command).toBe(true);
  expect(containerOf(stack).linuxParameters).toEqual({ initProcessEnabled: true });
  const exec = all(stack, 'aws_iam_role_policy').find((policy) => policy.name === 'ecs-exec')!;
  expect(JSON.parse(exec.policy as string).Statement[0].Action).toContain('ssmmessages:OpenDataChannel');
});

test('secrets: valueFrom per variable; the execution role may read exactly those', () => {
  const stack = stackFor({
    task: {
      secrets: {
        DB_PASSWORD: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:db:password::',
        API_TOKEN: 'arn:aws:ssm:us-east-1:123456789012:parameter/api/token',
      },
    },
  });
  expect(containerOf(stack).secrets).toEqual([
    { name: 'API_TOKEN', valueFrom: 'arn:aws:ssm:us-east-1:123456789012:parameter/api/token' },
    { name: 'DB_PASSWORD', valueFrom: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:db:password::' },
  ]);
  const statements = JSON.parse(all(stack, 'aws_iam_role_policy').find((p) => p.name === 'task-execution')!.policy as string).Statement;
  expect(statements.find((s: { Sid: string }) => s.Sid === 'ReadSecrets').Resource).toEqual(['arn:aws:secretsmanager:us-east-1:123456789012:secret:db-??????']);
  expect(statements.find((s: { Sid: string }) => s.Sid === 'ReadParameters').Resource).toEqual(['arn:aws:ssm:us-east-1:123456789012:parameter/api/token']);
});

test('names can be set to adopt hand-made resources; a fixed target group name replaces the prefix', () => {
  const stack = stackFor({
    registry: { name: 'my-node-app' },
    cluster: { name: 'my-app-cluster' },
    service: { name: 'my-node-service', securityGroupName: 'my-service-sg' },
    task: { family: 'my-node-task', executionRoleName: 'my-node-task-execution' },
    loadBalancer: { name: 'my-app-lb', targetGroup: { name: 'my-app-tg' } },
  });
  expect(only(stack, 'aws_ecr_repository').name).toBe('my-node-app');
  expect(only(stack, 'aws_ecs_cluster').name).toBe('my-app-cluster');
  expect(only(stack, 'aws_ecs_service').name).toBe('my-node-service');
  expect(only(stack, 'aws_ecs_task_definition').family).toBe('my-node-task');
  expect(only(stack, 'aws_lb').name).toBe('my-app-lb');
  expect(only(stack, 'aws_lb_target_group').name).toBe('my-app-tg');
  expect(only(stack, 'aws_lb_target_group').name_prefix).toBeUndefined();
  expect(all(stack, 'aws_iam_role').map((role) => role.name)).toContain('my-node-task-execution');
  expect(all(stack, 'aws_security_group').map((group) => group.name)).toContain('my-service-sg');
});

test('access logs, Fargate Spot weight, ARM64, customer managed keys', () => {
  const key = 'arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555';
  const stack = stackFor({
    hardening: { accessLogs: { bucket: 'my-alb-logs', prefix: 'web' } },
    service: { fargateSpotWeight: 2 },
    task: { cpuArchitecture: 'ARM64' },
    registry: { kmsKeyArn: key },
    logs: { kmsKeyArn: key, retentionDays: 365 },
  });
  // A given bucket: the stack creates none and writes access and connection logs under the prefix.
  expect(only(stack, 'aws_lb').access_logs).toEqual({ bucket: 'my-alb-logs', prefix: 'web/access', enabled: true });
  expect(only(stack, 'aws_lb').connection_logs).toEqual({ bucket: 'my-alb-logs', prefix: 'web/connection', enabled: true });
  expect(stack.resource.aws_s3_bucket).toBeUndefined();
  expect(only(stack, 'aws_ecs_service').capacity_provider_strategy).toEqual([
    { capacity_provider: 'FARGATE', weight: 1, base: 1 },
    { capacity_provider: 'FARGATE_SPOT', weight: 2 },
  ]);
  expect(only(stack, 'aws_ecs_task_definition').runtime_platform).toEqual({ operating_system_family: 'LINUX', cpu_architecture: 'ARM64' });
  expect(only(stack, 'aws_ecr_repository').encryption_configuration).toEqual([{ encryption_type: 'KMS', kms_key: key }]);
  for (const group of all(stack, 'aws_cloudwatch_log_group')) expect(group).toMatchObject({ kms_key_id: key });
});

test('autoscaling on CPU only when no memory target is given', () => {
  const stack = stackFor({ service: { desiredCount: 2, autoscaling: { minCapacity: 1, maxCapacity: 4 } } });
  expect(all(stack, 'aws_appautoscaling_policy')).toHaveLength(1);
  expect(only(stack, 'aws_appautoscaling_policy').target_tracking_scaling_policy_configuration).toMatchObject({ target_value: 60 });
  expect(only(stack, 'aws_ecs_service').lifecycle).toMatchObject({ ignore_changes: ['desired_count'] });
});

test('adoption settings: AES256 repository, launch type FARGATE, the existing groups\' descriptions', () => {
  const stack = stackFor({
    registry: { encryptionType: 'AES256' },
    loadBalancer: { securityGroupDescription: 'Allow HTTP and HTTPS to my-app-lb' },
    service: { launchType: 'FARGATE', securityGroupDescription: 'Allow port 3000 for my-node-service' },
  });
  expect(only(stack, 'aws_ecr_repository').encryption_configuration).toEqual([{ encryption_type: 'AES256' }]);
  const service = only(stack, 'aws_ecs_service');
  expect(service.launch_type).toBe('FARGATE');
  expect(service.capacity_provider_strategy).toBeUndefined();
  expect(all(stack, 'aws_security_group').map((group) => group.description)).toEqual(['Allow HTTP and HTTPS to my-app-lb', 'Allow port 3000 for my-node-service']);
});

test('defaults: KMS repository, capacity provider strategy, generated descriptions', () => {
  const stack = stackFor({});
  expect(only(stack, 'aws_ecr_repository').encryption_configuration).toEqual([{ encryption_type: 'KMS' }]);
  const service = only(stack, 'aws_ecs_service');
  expect(service.launch_type).toBeUndefined();
  expect(service.capacity_provider_strategy).toEqual([{ capacity_provider: 'FARGATE', weight: 1, base: 1 }]);
  expect(all(stack, 'aws_security_group').map((group) => group.description)).toEqual([
    'Load balancer: HTTP and HTTPS from the internet',
    'App port from the load balancer only',
  ]);
});
