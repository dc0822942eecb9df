/** Terraform spelling of nested blocks, free-form maps, and JSON-string attributes. */
import { AttrValue } from '../../../policies/model';
import { analyseFixtures, byId, ref } from './helpers';

const result = analyseFixtures('blocks');
const F = 'blocks/blocks.ts';

describe('source layer: nested blocks and maps', () => {
  test.each<[string, string, { [key: string]: AttrValue }]>([
    [
      'http',
      'nested blocks convert recursively (redirect.statusCode → status_code)',
      { load_balancer_arn: ref(F, 'const lb = ', 'arn'), port: 80, protocol: 'HTTP', default_action: [{ type: 'redirect', redirect: { port: '443', protocol: 'HTTPS', status_code: 'HTTP_301' } }] },
    ],
    [
      'https',
      'sslPolicy, targetGroupArn and deeper blocks',
      {
        load_balancer_arn: ref(F, 'const lb = ', 'arn'),
        port: 443,
        protocol: 'HTTPS',
        ssl_policy: 'ELBSecurityPolicy-TLS13-1-2-2021-06',
        default_action: [{ type: 'forward', target_group_arn: 'arn:tg', forward: { target_group: [{ arn: 'arn:tg', weight: 1 }], stickiness: { duration: 60, enabled: false } } }],
      },
    ],
    [
      'alb',
      'dropInvalidHeaderFields, references in lists, a single nested block',
      { load_balancer_type: 'application', drop_invalid_header_fields: true, security_groups: [ref(F, 'const albSg = ', 'id')], access_logs: { bucket: 'logs', enabled: true } },
    ],
    [
      'from-internet',
      'cidrIpv4 / cidrIpv6',
      { security_group_id: ref(F, 'const albSg = ', 'id'), cidr_ipv4: '0.0.0.0/0', cidr_ipv6: '::/0', from_port: 443, to_port: 443, ip_protocol: 'tcp' },
    ],
    [
      'from-alb',
      'referencedSecurityGroupId',
      { security_group_id: ref(F, 'const albSg = ', 'id'), referenced_security_group_id: ref(F, 'const albSg = ', 'id'), from_port: 3000, to_port: 3000, ip_protocol: 'tcp' },
    ],
    [
      'this-ref',
      '`this.securityGroup.id` is a ResourceRef to the member resource',
      { security_group_id: ref(F, 'this.securityGroup = ', 'id'), referenced_security_group_id: ref(F, 'this.securityGroup = ', 'id'), ip_protocol: '-1' },
    ],
    ['vpc-ipv6', 'ipv6CidrBlock keeps the digit with its word', { ipv6_cidr_block: '2001:db8::/56', ipv6_ipam_pool_id: 'pool' }],
    ['vpc', 'tag keys are data, not attribute names', { cidr_block: '10.0.0.0/16', assign_generated_ipv6_cidr_block: true, tags: { Name: 'main', 'kubernetes.io/role': 'x' } }],
    ['lambda', 'keys of a map inside a block stay as written', { function_name: 'fn', role: 'arn:role', environment: { variables: { NODE_ENV: 'production', dbHost: 'db.internal' } } }],
  ])('%s: %s', (id, _what, expected) => {
    expect(byId(result, id).attributes).toStrictEqual(expected);
  });

  test('JSON.stringify of a resolvable object becomes the JSON string (container env vars parse)', () => {
    const attributes = byId(result, 'task').attributes;
    const logs = ref(F, 'const logs = ', 'name');
    expect(attributes.container_definitions).toBe(
      JSON.stringify([
        {
          name: 'web',
          image: 'repo/web:1.2.3',
          portMappings: [{ containerPort: 3000, protocol: 'tcp' }],
          environment: [
            { name: 'NODE_ENV', value: 'production' },
            { name: 'logLevel', value: 'info' },
          ],
          secrets: [{ name: 'DB_PASSWORD', valueFrom: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:db' }],
          logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-group': `\${${logs.targetKey}.name}`, 'awslogs-region': 'eu-west-1' } },
        },
      ]),
    );
    expect(attributes.runtime_platform).toStrictEqual({ operating_system_family: 'LINUX', cpu_architecture: 'ARM64' });
  });

  test('unknown parts of a JSON string read ${unresolved:<expression>}', () => {
    expect(byId(result, 'task-unresolved-env').attributes.container_definitions).toBe('[{"name":"web","environment":[{"name":"TOKEN","value":"${unresolved:process.env.TOKEN}"}]}]');
  });
});
