/**
 * Realistic values for what AWS computes on create (IDs, ARNs, DNS names, validation records), in the
 * shapes AWS returns them: `sg-0…` (17 hex digits), `arn:aws:ecs:<region>:<account>:service/<cluster>/<name>`,
 * `<name>-<digits>.<region>.elb.amazonaws.com`, generated names `<prefix><26 digits>`. Values derive from a
 * seed and the resource address, so the same baseline always gives the same state. Only attributes the
 * plan left unknown are filled here; everything known comes from the plan.
 */
import { createHash } from 'node:crypto';
import type { Value } from './hcl-values';

type Attributes = { [name: string]: Value };

export interface PlaceholderContext {
  readonly address: string;
  readonly region: string;
  readonly account: string;
  /** Deterministic hex digits for this resource (and `salt`). */
  hex(length: number, salt?: string): string;
  /** Deterministic decimal digits. */
  digits(length: number, salt?: string): string;
  uuid(salt?: string): string;
  /** The VPC a subnet belongs to (from the fabricated subnets), or the stack's VPC. */
  vpcOf(subnetId: string | undefined): string;
  /** The timestamp a fabricated resource was created at. */
  readonly createdAt: string;
}

export function placeholderContext(seed: string, address: string, region: string, account: string, vpcOf: (subnetId: string | undefined) => string): PlaceholderContext {
  const stream = (salt: string): string => {
    let out = '';
    for (let i = 0; out.length < 64; i++) out += createHash('sha256').update(`${seed}\0${address}\0${salt}\0${i}`).digest('hex');
    return out;
  };
  return {
    address,
    region,
    account,
    hex: (length, salt = '') => stream(`hex:${salt}`).slice(0, length),
    digits: (length, salt = '') =>
      stream(`digits:${salt}`)
        .replace(/[a-f]/g, (c) => String(c.charCodeAt(0) % 10))
        .slice(0, length),
    uuid: (salt = '') => {
      const h = stream(`uuid:${salt}`);
      return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
    },
    vpcOf,
    createdAt: '2025-01-01T00:00:00Z',
  };
}

/** An EC2-style ID: `sg-0` + 16 more hex digits (AWS's 17-digit form). */
export function ec2Id(prefix: string, ctx: PlaceholderContext, salt = ''): string {
  return `${prefix}-0${ctx.hex(16, `${prefix}${salt}`)}`;
}

/** A name generated from a prefix the way the provider does (prefix + a 26-digit timestamp-like suffix). */
export function generatedName(prefix: string, ctx: PlaceholderContext): string {
  return `${prefix}20250101000000${ctx.digits(12, 'name')}`;
}

/** Hosted zone of Application Load Balancers per region (what `aws_lb.zone_id` reads back). */
const ALB_ZONE_IDS: { readonly [region: string]: string } = {
  'us-east-1': 'Z35SXDOTRQ7X7K',
  'us-east-2': 'Z3AADJGX6KTTL2',
  'us-west-1': 'Z368ELLRRE2KJ0',
  'us-west-2': 'Z1H1FL5HABSF5',
  'ca-central-1': 'ZQSVJUPU6J1EY',
  'eu-west-1': 'Z32O12XQLNTSW2',
  'eu-west-2': 'ZHURV8PSTC4K8',
  'eu-west-3': 'Z3Q77PNBQS71R4',
  'eu-central-1': 'Z215JYRZR1TBD5',
  'eu-north-1': 'Z23TAZ7KU7FJKJ',
  'ap-southeast-1': 'Z1LMS91P8CMLE5',
  'ap-southeast-2': 'Z1GM3OXH4ZPM65',
  'ap-northeast-1': 'Z14GRHDCWA56QT',
  'ap-south-1': 'ZP97RAFLXTNZK',
  'sa-east-1': 'Z2P70J7HTTTPLU',
};

/** Hosted zone of S3 website and bucket endpoints per region (what `aws_s3_bucket.hosted_zone_id` reads back). */
const S3_ZONE_IDS: { readonly [region: string]: string } = {
  'us-east-1': 'Z3AQBSTGFYJSTF',
  'us-east-2': 'Z2O1EMRO9K5GLX',
  'us-west-1': 'Z2F56UZL2M1ACD',
  'us-west-2': 'Z3BJ6K6RIION7M',
  'eu-west-1': 'Z1BKCTXD74EZPE',
  'eu-central-1': 'Z21DNDUVLTQW6Q',
};

/** The flow log format AWS uses when none is given. */
const DEFAULT_FLOW_LOG_FORMAT = '${version} ${account-id} ${interface-id} ${srcaddr} ${dstaddr} ${srcport} ${dstport} ${protocol} ${packets} ${bytes} ${start} ${end} ${action} ${log-status}';

/** Availability Zone ID of a zone name (`us-east-1a` → `use1-az1`): the shape AWS uses. */
function zoneId(zone: unknown, region: string): string {
  const letter = typeof zone === 'string' ? zone.slice(-1) : 'a';
  const short = region.replace(/^([a-z]{2})-([a-z])[a-z]*-(\d+)$/, '$1$2$3');
  return `${short}-az${Math.max(1, letter.charCodeAt(0) - 96)}`;
}

const str = (value: Value | undefined): string => (typeof value === 'string' ? value : '');

/**
 * Values for computed attributes, by resource type: each function returns the attributes AWS would
 * have set; only those the plan left unknown are used (see fabricate-state.ts).
 */
const BY_TYPE: { readonly [type: string]: (a: Attributes, ctx: PlaceholderContext) => Attributes } = {
  aws_vpc: (a, ctx) => {
    const id = ec2Id('vpc', ctx);
    return {
      id,
      arn: `arn:aws:ec2:${ctx.region}:${ctx.account}:vpc/${id}`,
      owner_id: ctx.account,
      default_network_acl_id: ec2Id('acl', ctx),
      default_route_table_id: ec2Id('rtb', ctx, 'default'),
      main_route_table_id: ec2Id('rtb', ctx, 'default'),
      default_security_group_id: ec2Id('sg', ctx, 'default'),
      dhcp_options_id: ec2Id('dopt', ctx),
      ipv6_association_id: a.assign_generated_ipv6_cidr_block === true ? ec2Id('vpc-cidr-assoc', ctx) : '',
      ipv6_cidr_block: a.assign_generated_ipv6_cidr_block === true ? `2600:1f18:${ctx.hex(4, 'v6')}:${ctx.hex(2, 'v6b')}00::/56` : '',
      ipv6_cidr_block_network_border_group: a.assign_generated_ipv6_cidr_block === true ? ctx.region : '',
      enable_network_address_usage_metrics: false,
    };
  },
  aws_subnet: (a, ctx) => {
    const id = ec2Id('subnet', ctx);
    return {
      id,
      arn: `arn:aws:ec2:${ctx.region}:${ctx.account}:subnet/${id}`,
      owner_id: ctx.account,
      availability_zone_id: zoneId(a.availability_zone, ctx.region),
      ipv6_cidr_block_association_id: str(a.ipv6_cidr_block) ? ec2Id('subnet-cidr-assoc', ctx) : '',
      private_dns_hostname_type_on_launch: 'ip-name',
    };
  },
  aws_internet_gateway: (_a, ctx) => {
    const id = ec2Id('igw', ctx);
    return { id, arn: `arn:aws:ec2:${ctx.region}:${ctx.account}:internet-gateway/${id}`, owner_id: ctx.account };
  },
  aws_egress_only_internet_gateway: (_a, ctx) => ({ id: ec2Id('eigw', ctx) }),
  aws_eip: (_a, ctx) => {
    const id = ec2Id('eipalloc', ctx);
    const ip = `3.${parseInt(ctx.hex(2, 'ip1'), 16)}.${parseInt(ctx.hex(2, 'ip2'), 16)}.${parseInt(ctx.hex(2, 'ip3'), 16)}`;
    return {
      id,
      allocation_id: id,
      arn: `arn:aws:ec2:${ctx.region}:${ctx.account}:elastic-ip/${id}`,
      public_ip: ip,
      public_dns: `ec2-${ip.replace(/\./g, '-')}.compute-1.amazonaws.com`,
      domain: 'vpc',
      public_ipv4_pool: 'amazon',
      network_border_group: ctx.region,
    };
  },
  aws_nat_gateway: (_a, ctx) => ({
    id: ec2Id('nat', ctx),
    network_interface_id: ec2Id('eni', ctx),
    private_ip: `10.0.${parseInt(ctx.hex(2, 'ip'), 16) % 250}.${parseInt(ctx.hex(2, 'ip2'), 16) % 250}`,
  }),
  aws_route_table: (_a, ctx) => {
    const id = ec2Id('rtb', ctx);
    return { id, arn: `arn:aws:ec2:${ctx.region}:${ctx.account}:route-table/${id}`, owner_id: ctx.account };
  },
  aws_route: (a, ctx) => ({
    id: `r-${str(a.route_table_id)}${ctx.digits(10)}`,
    origin: 'CreateRoute',
    state: 'active',
    instance_owner_id: '',
  }),
  aws_route_table_association: (_a, ctx) => ({ id: ec2Id('rtbassoc', ctx) }),
  aws_security_group: (a, ctx) => {
    const id = ec2Id('sg', ctx);
    return {
      id,
      arn: `arn:aws:ec2:${ctx.region}:${ctx.account}:security-group/${id}`,
      owner_id: ctx.account,
      name: str(a.name_prefix) ? generatedName(str(a.name_prefix), ctx) : `terraform-${ctx.digits(26)}`,
    };
  },
  aws_vpc_security_group_ingress_rule: (_a, ctx) => securityGroupRule(ctx),
  aws_vpc_security_group_egress_rule: (_a, ctx) => securityGroupRule(ctx),
  aws_security_group_rule: (_a, ctx) => ({ id: `sgrule-${ctx.digits(10)}`, security_group_rule_id: ec2Id('sgr', ctx) }),
  aws_lb: (a, ctx) => {
    const name = str(a.name) || generatedName(str(a.name_prefix) || 'tf-lb-', ctx).slice(0, 32);
    const suffix = `app/${name}/${ctx.hex(16)}`;
    const subnets = Array.isArray(a.subnets) ? (a.subnets as string[]) : [];
    return {
      id: `arn:aws:elasticloadbalancing:${ctx.region}:${ctx.account}:loadbalancer/${suffix}`,
      arn: `arn:aws:elasticloadbalancing:${ctx.region}:${ctx.account}:loadbalancer/${suffix}`,
      arn_suffix: suffix,
      name,
      dns_name: `${name}-${ctx.digits(10)}.${ctx.region}.elb.amazonaws.com`,
      zone_id: ALB_ZONE_IDS[ctx.region] ?? `Z${ctx.hex(13).toUpperCase()}`,
      vpc_id: ctx.vpcOf(subnets[0]),
      subnet_mapping: subnets.map((subnet_id) => ({ subnet_id, allocation_id: '', ipv6_address: '', outpost_id: '', private_ipv4_address: '' })),
      enforce_security_group_inbound_rules_on_private_link_traffic: '',
    };
  },
  aws_lb_target_group: (a, ctx) => {
    const name = str(a.name) || generatedName(str(a.name_prefix) || 'tf-', ctx).slice(0, 32);
    const suffix = `targetgroup/${name}/${ctx.hex(16)}`;
    return {
      id: `arn:aws:elasticloadbalancing:${ctx.region}:${ctx.account}:${suffix}`,
      arn: `arn:aws:elasticloadbalancing:${ctx.region}:${ctx.account}:${suffix}`,
      arn_suffix: suffix,
      name,
      ip_address_type: 'ipv4',
      load_balancing_algorithm_type: 'round_robin',
      load_balancing_anomaly_mitigation: 'off',
      load_balancing_cross_zone_enabled: 'use_load_balancer_configuration',
      preserve_client_ip: a.target_type === 'ip' ? 'false' : 'true',
      protocol_version: 'HTTP1',
      connection_termination: false,
    };
  },
  aws_lb_listener: (a, ctx) => {
    const lb = str(a.load_balancer_arn).replace(/^.*:loadbalancer\//, '');
    const arn = `arn:aws:elasticloadbalancing:${ctx.region}:${ctx.account}:listener/${lb}/${ctx.hex(16)}`;
    return { id: arn, arn, ssl_policy: '', routing_http_response_server_enabled: true };
  },
  aws_acm_certificate: (a, ctx) => {
    const imported = str(a.certificate_body) !== '';
    const names = [str(a.domain_name), ...(Array.isArray(a.subject_alternative_names) ? (a.subject_alternative_names as string[]) : [])].filter(Boolean);
    const arn = `arn:aws:acm:${ctx.region}:${ctx.account}:certificate/${ctx.uuid()}`;
    return {
      id: arn,
      arn,
      status: 'ISSUED',
      type: imported ? 'IMPORTED' : 'AMAZON_ISSUED',
      not_before: '2025-01-01T00:00:00Z',
      not_after: '2026-01-31T23:59:59Z',
      pending_renewal: false,
      renewal_eligibility: imported ? 'INELIGIBLE' : 'ELIGIBLE',
      validation_emails: [],
      key_algorithm: str(a.key_algorithm) || 'RSA_2048',
      // ACM gives one CNAME per name, the same for `example.com` and `*.example.com`, and the same
      // again for every certificate of that name in the account.
      domain_validation_options: imported
        ? []
        : [...new Set(names)].map((domain_name) => {
            const base = domain_name.replace(/^\*\./, '');
            const token = createHash('sha256').update(`${ctx.account}\0${base}`).digest('hex');
            return {
              domain_name,
              resource_record_name: `_${token.slice(0, 32)}.${base}.`,
              resource_record_type: 'CNAME',
              resource_record_value: `_${token.slice(32, 64)}.${token.slice(0, 10)}.acm-validations.aws.`,
            };
          }),
    };
  },
  aws_acm_certificate_validation: () => ({ id: '2025-01-01 00:00:00 +0000 UTC' }),
  aws_route53_record: (a) => {
    const name = str(a.name).replace(/\.$/, '').toLowerCase();
    return {
      id: [str(a.zone_id), name, str(a.type), ...(str(a.set_identifier) ? [str(a.set_identifier)] : [])].join('_'),
      fqdn: name,
      allow_overwrite: false,
    };
  },
  aws_ecr_repository: (a, ctx) => ({
    id: str(a.name),
    arn: `arn:aws:ecr:${ctx.region}:${ctx.account}:repository/${str(a.name)}`,
    registry_id: ctx.account,
    repository_url: `${ctx.account}.dkr.ecr.${ctx.region}.amazonaws.com/${str(a.name)}`,
  }),
  aws_ecr_lifecycle_policy: (a, ctx) => ({ id: str(a.repository), registry_id: ctx.account }),
  aws_ecs_cluster: (a, ctx) => {
    const arn = `arn:aws:ecs:${ctx.region}:${ctx.account}:cluster/${str(a.name)}`;
    return { id: arn, arn };
  },
  aws_ecs_cluster_capacity_providers: (a) => ({ id: str(a.cluster_name) }),
  aws_ecs_service: (a, ctx) => {
    const cluster = str(a.cluster).replace(/^.*:cluster\//, '');
    const arn = `arn:aws:ecs:${ctx.region}:${ctx.account}:service/${cluster}/${str(a.name)}`;
    return {
      id: arn,
      iam_role: `arn:aws:iam::${ctx.account}:role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS`,
      launch_type: '',
      triggers: {},
      platform_version: str(a.platform_version) || 'LATEST',
    };
  },
  aws_ecs_task_definition: (a, ctx) => {
    const base = `arn:aws:ecs:${ctx.region}:${ctx.account}:task-definition/${str(a.family)}`;
    return { id: str(a.family), arn: `${base}:1`, arn_without_revision: base, revision: 1, enable_fault_injection: false };
  },
  aws_iam_role: (a, ctx) => ({
    id: str(a.name),
    arn: `arn:aws:iam::${ctx.account}:role${str(a.path) || '/'}${str(a.name)}`,
    unique_id: `AROA${ctx.hex(17, 'unique').toUpperCase()}`,
    create_date: ctx.createdAt,
    name_prefix: '',
  }),
  aws_iam_role_policy: (a) => ({ id: `${str(a.role)}:${str(a.name)}`, name_prefix: '' }),
  aws_iam_policy: (a, ctx) => {
    const arn = `arn:aws:iam::${ctx.account}:policy${str(a.path) || '/'}${str(a.name)}`;
    return { id: arn, arn, policy_id: `ANPA${ctx.hex(17).toUpperCase()}`, attachment_count: 1 };
  },
  aws_iam_role_policy_attachment: (a, ctx) => ({ id: `${str(a.role)}-${ctx.digits(26)}` }),
  aws_iam_openid_connect_provider: (a, ctx) => {
    const arn = `arn:aws:iam::${ctx.account}:oidc-provider/${str(a.url).replace(/^https:\/\//, '')}`;
    return { id: arn, arn };
  },
  aws_cloudwatch_log_group: (a, ctx) => ({
    id: str(a.name),
    arn: `arn:aws:logs:${ctx.region}:${ctx.account}:log-group:${str(a.name)}`,
    log_group_class: 'STANDARD',
    name_prefix: '',
  }),
  aws_default_security_group: (_a, ctx) => {
    const id = ec2Id('sg', ctx);
    return { id, arn: `arn:aws:ec2:${ctx.region}:${ctx.account}:security-group/${id}`, owner_id: ctx.account, name: 'default', name_prefix: '', description: 'default VPC security group' };
  },
  aws_flow_log: (a, ctx) => {
    const id = ec2Id('fl', ctx);
    const destination = str(a.log_destination);
    return {
      id,
      arn: `arn:aws:ec2:${ctx.region}:${ctx.account}:vpc-flow-log/${id}`,
      log_format: DEFAULT_FLOW_LOG_FORMAT,
      // Read back from a CloudWatch Logs destination's ARN.
      log_group_name: /:log-group:/.test(destination) ? destination.replace(/^.*:log-group:/, '').replace(/:\*$/, '') : '',
    };
  },
  aws_s3_bucket: (a, ctx) => {
    const bucket = str(a.bucket) || generatedName(str(a.bucket_prefix) || 'terraform-', ctx).toLowerCase();
    return {
      id: bucket,
      bucket,
      arn: `arn:aws:s3:::${bucket}`,
      bucket_domain_name: `${bucket}.s3.amazonaws.com`,
      bucket_regional_domain_name: `${bucket}.s3.${ctx.region}.amazonaws.com`,
      hosted_zone_id: S3_ZONE_IDS[ctx.region] ?? `Z${ctx.hex(13).toUpperCase()}`,
      region: ctx.region,
      request_payer: 'BucketOwner',
      object_lock_enabled: false,
    };
  },
  // The bucket's sub-resources are known by their bucket's name.
  ...Object.fromEntries(
    ['acl', 'cors_configuration', 'lifecycle_configuration', 'logging', 'ownership_controls', 'policy', 'public_access_block', 'server_side_encryption_configuration', 'versioning', 'notification'].map((part) => [
      `aws_s3_bucket_${part}`,
      (a: Attributes): Attributes => ({ id: str(a.bucket) }),
    ]),
  ),
  aws_kms_key: (_a, ctx) => {
    const keyId = ctx.uuid('key');
    return { id: keyId, key_id: keyId, arn: `arn:aws:kms:${ctx.region}:${ctx.account}:key/${keyId}` };
  },
  aws_kms_alias: (a, ctx) => {
    const target = str(a.target_key_id);
    return {
      id: str(a.name),
      arn: `arn:aws:kms:${ctx.region}:${ctx.account}:${str(a.name)}`,
      target_key_arn: target.startsWith('arn:') ? target : `arn:aws:kms:${ctx.region}:${ctx.account}:key/${target}`,
    };
  },
  aws_kms_key_policy: (a) => ({ id: str(a.key_id) }),
  aws_vpc_endpoint: (a, ctx) => {
    const id = ec2Id('vpce', ctx);
    const subnets = Array.isArray(a.subnet_ids) ? (a.subnet_ids as string[]) : [];
    return {
      id,
      arn: `arn:aws:ec2:${ctx.region}:${ctx.account}:vpc-endpoint/${id}`,
      owner_id: ctx.account,
      state: 'available',
      requester_managed: false,
      prefix_list_id: a.vpc_endpoint_type === 'Gateway' ? ec2Id('pl', ctx) : '',
      network_interface_ids: subnets.map((_subnet, index) => ec2Id('eni', ctx, String(index))),
    };
  },
  aws_wafv2_web_acl: (a, ctx) => {
    const id = ctx.uuid('acl');
    return { id, arn: `arn:aws:wafv2:${ctx.region}:${ctx.account}:regional/webacl/${str(a.name)}/${id}`, capacity: 700, lock_token: ctx.uuid('lock'), application_integration_url: '' };
  },
  aws_wafv2_web_acl_association: (a) => ({ id: `${str(a.web_acl_arn)},${str(a.resource_arn)}` }),
  aws_wafv2_web_acl_logging_configuration: (a) => ({ id: str(a.resource_arn) }),
  aws_appautoscaling_target: (a, ctx) => ({
    id: str(a.resource_id),
    arn: `arn:aws:application-autoscaling:${ctx.region}:${ctx.account}:scalable-target/${ctx.hex(32)}`,
    role_arn: `arn:aws:iam::${ctx.account}:role/aws-service-role/ecs.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_ECSService`,
  }),
  aws_appautoscaling_policy: (a, ctx) => ({
    id: str(a.name),
    arn: `arn:aws:autoscaling:${ctx.region}:${ctx.account}:scalingPolicy:${ctx.uuid()}:resource/ecs/${str(a.resource_id)}:policyName/${str(a.name)}`,
    alarm_arns: [],
  }),
};

function securityGroupRule(ctx: PlaceholderContext): Attributes {
  const id = ec2Id('sgr', ctx);
  return { id, security_group_rule_id: id, arn: `arn:aws:ec2:${ctx.region}:${ctx.account}:security-group-rule/${id}` };
}

/**
 * The computed values AWS would have given this resource. A type without a table entry still gets an
 * `id` and an `arn` in AWS's general shape, never an empty string (an empty ID reads as "not created").
 */
export function awsComputedValues(type: string, attributes: Attributes, ctx: PlaceholderContext): Attributes {
  const build = BY_TYPE[type];
  const service = type.replace(/^aws_/, '').split('_')[0];
  const resource = type.replace(/^aws_[a-z0-9]+_?/, '').replace(/_/g, '-') || service;
  const generic: Attributes = {
    id: `${resource}-${ctx.hex(17, 'id')}`,
    arn: `arn:aws:${service}:${ctx.region}:${ctx.account}:${resource}/${ctx.hex(17, 'id')}`,
  };
  return { ...generic, ...(build ? build(attributes, ctx) : {}) };
}

/**
 * What the provider stores for a configured value (its StateFunc), by resource type and attribute path:
 * applied to values the fabricator evaluates from the configuration, as the plan applies them to values
 * it knows.
 */
const STORED_FORMS: { readonly [type: string]: { readonly [path: string]: (value: Value) => Value } } = {
  // Route 53 stores record names without the trailing dot and in lower case.
  aws_route53_record: { name: (value) => (typeof value === 'string' ? value.replace(/\.$/, '').toLowerCase() : value) },
};

/** A configured value as the provider stores it (see STORED_FORMS). */
export function storedForm(type: string, path: readonly (string | number)[], value: Value): Value {
  const form = STORED_FORMS[type]?.[path.join('.')];
  return form ? form(value) : value;
}
