import type { AttrValue } from '../model';
import type { PlanChange, Rule, RuleContext } from '../types';

/**
 * What may not be deleted or replaced in passing: resources that hold data or identity (images, logs,
 * DNS names, the network) or that traffic runs through (cluster, service, load balancer, listeners).
 * Replacing one of them is an outage or a loss even when the new one is created first.
 */
const STATEFUL: { readonly [type: string]: string } = {
  aws_ecr_repository: 'its images go with it',
  aws_ecs_cluster: 'every service and task in it stops',
  aws_ecs_service: 'its tasks are stopped and traffic to them fails until a new service runs',
  aws_lb: 'the site is unreachable and the new load balancer has another DNS name',
  aws_lb_listener: 'requests on its port fail until a new listener exists',
  aws_cloudwatch_log_group: 'its logs go with it',
  aws_route53_record: 'the name stops resolving (or a certificate stops renewing)',
  aws_route53_zone: 'every record in it goes with it',
  aws_vpc: 'everything in it must go first',
  aws_subnet: 'everything in it must go first',
  aws_internet_gateway: 'the public subnets lose the internet',
  aws_iam_openid_connect_provider: 'every role that trusts it stops working (it is shared by the account)',
  aws_kms_key: 'what it encrypted can no longer be read',
  aws_s3_bucket: 'its objects go with it',
  aws_db_instance: 'its data goes with it',
  aws_rds_cluster: 'its data goes with it',
  aws_dynamodb_table: 'its items go with it',
  aws_efs_file_system: 'its files go with it',
  aws_secretsmanager_secret: 'the secret value goes with it',
};

/**
 * Resources others use while they live (the load balancer's and tasks' groups, the listener's target group
 * and certificate): replacing them is safe only when the new one exists first and may carry the old one's
 * unique name at the same time. `uniqueName` is the attribute AWS keeps unique (undefined: none).
 */
const IN_USE: { readonly [type: string]: { readonly uniqueName?: string; readonly error: string } } = {
  aws_security_group: { uniqueName: 'name', error: 'DependencyViolation while the load balancer or task network interfaces use it' },
  aws_lb_target_group: { uniqueName: 'name', error: 'ResourceInUse while a listener forwards to it' },
  aws_acm_certificate: { error: 'ResourceInUse while a listener serves it' },
};

/** AWS's refusal of a second object of the same name, by type. */
const DUPLICATE_NAME: { readonly [type: string]: string } = {
  aws_security_group: 'InvalidGroup.Duplicate',
  aws_lb_target_group: 'DuplicateTargetGroupName',
};

/**
 * Deleting or replacing a stateful or in-use resource is an error in production and a warning elsewhere,
 * unless the replacement is create-before-destroy safe. Reads the plan's actions, the attributes that force
 * a replacement (`replace_paths`) and the prior state, so it works on any `terraform show -json` plan:
 * the change plans of `npm run validate -- --changes`, or a plan exported from Terraform Cloud.
 */
export const noDestructiveChange: Rule = {
  id: 'no-destructive-change',
  severity: 'error',
  description: 'A plan deletes or replaces no stateful or in-use resource, unless the replacement is created before the old one is destroyed under a name of its own (error in production, warning elsewhere).',
  why: 'A routine change that replaces a service, a load balancer, a repository, a log group, a DNS record or the network is an outage or a loss; a security group, target group or certificate destroyed before its replacement exists fails while it is in use, and one replaced under the same name is refused by AWS half-way through an apply.',
  help: 'Read the attribute named as forcing the replacement and keep it as it was (or change it on purpose, in a change of its own, with a plan to move traffic and data). For groups, target groups and certificates: create before destroy and a generated name (remove the fixed name from the environment file). Deleting a whole environment is `npm run destroy`, not a plan of a changed stack.',
  layers: ['plan'],
  messages: {
    replaced: '{address} would be replaced{cause}: {consequence}.',
    deleted: '{address} would be deleted: {consequence}.',
    destroyedFirst: '{address} would be destroyed before its replacement exists{cause}: {consequence}.',
    sameName: '{address} would be replaced under the same {attribute} "{name}"{cause}; AWS refuses a second one while the old one exists ({error}).',
    sharedRecord: '{address} would be deleted, but {other} is the same DNS record ({name} {type}): deleting one deletes both.',
    unresolved: 'Cannot tell whether {address} keeps its unique name: its new {attribute} is known only after apply.',
  },
  check(context) {
    for (const change of context.changes) {
      if (!change.actions.includes('delete') || change.importing) continue; // imports: no-replace-imported
      const replace = change.actions.includes('create');
      const severity = change.production ? 'error' : 'warning';
      const cause = replace && change.replacePaths.length > 0 ? ` (${change.replacePaths.map((path) => path.join('.')).join(', ')} forces it)` : '';
      const resource = context.byKey(change.address);
      const at = { resource, location: resource ? undefined : { file: context.file ?? 'plan.json', line: 1, column: 1 } };
      const report = (messageId: string, data: { [key: string]: string }): void =>
        context.report({ ...at, severity, messageId, data: { address: change.address, cause, ...data } });

      if (change.type === 'aws_route53_record' && !replace) {
        const shared = sharedRecord(change, context);
        if (shared) report('sharedRecord', shared);
        else if (!isAcmValidationRecord(change)) report('deleted', { consequence: STATEFUL.aws_route53_record });
        continue;
      }
      const stateful = STATEFUL[change.type];
      if (stateful) {
        report(replace ? 'replaced' : 'deleted', { consequence: stateful });
        continue;
      }
      const inUse = IN_USE[change.type];
      if (!inUse || !replace) continue; // a plain delete: nothing in the configuration uses it any more
      if (change.actions[0] !== 'create') {
        report('destroyedFirst', { consequence: inUse.error });
        continue;
      }
      const attribute = inUse.uniqueName;
      if (!attribute) continue;
      const before = change.before?.[attribute];
      const after = resource?.attributes[attribute];
      if (typeof before !== 'string' || before === '') continue;
      if (after !== undefined && typeof after !== 'string' && after !== null) {
        // The new name is known only after apply: generated from a prefix (safe) or unknown (say so).
        if (!isGenerated(resource?.attributes[`${attribute}_prefix`])) {
          context.report({ ...at, messageId: 'unresolved', data: { address: change.address, attribute } });
        }
        continue;
      }
      if (after === before) report('sameName', { attribute, name: before, error: DUPLICATE_NAME[change.type] ?? 'a duplicate name' });
    }
  },
};

/** A name from `name_prefix`: terraform makes a new one, so old and new never collide. */
function isGenerated(prefix: AttrValue | undefined): boolean {
  return typeof prefix === 'string' && prefix !== '';
}

/** ACM's validation CNAMEs (`….acm-validations.aws.`): deleting one that no other record shares only stops validating that name. */
function isAcmValidationRecord(change: PlanChange): boolean {
  const records = change.before?.records;
  return Array.isArray(records) && records.some((value) => typeof value === 'string' && /\.acm-validations\.aws\.?$/.test(value));
}

/** Another record that stays and is the same DNS record (same zone, name and type). */
function sharedRecord(change: PlanChange, context: RuleContext): { other: string; name: string; type: string } | undefined {
  const before = change.before ?? {};
  const key = recordKey(before.zone_id, before.name, before.type);
  if (!key) return undefined;
  for (const other of context.ofType('aws_route53_record')) {
    if (other.key === change.address) continue;
    if (recordKey(other.attributes.zone_id, other.attributes.name, other.attributes.type) === key) {
      return { other: other.key, name: String(before.name), type: String(before.type) };
    }
  }
  return undefined;
}

function recordKey(zone: AttrValue | undefined, name: AttrValue | undefined, type: AttrValue | undefined): string | undefined {
  if (typeof zone !== 'string' || typeof name !== 'string' || typeof type !== 'string') return undefined;
  return `${zone}|${name.replace(/\.$/, '').toLowerCase()}|${type}`;
}
