/**
 * Checks between environment files that each look fine alone but collide in one AWS account: two
 * stacks creating the account's GitHub OIDC provider (EntityAlreadyExists at apply), two stacks
 * owning the same DNS name in one hosted zone, and two stacks giving resources the same name where
 * names are unique per account (IAM roles) or per account and region (repositories, clusters, …).
 */
import type { ResolvedNames } from './names';
import type { EnvironmentFile } from './schema';

/** What the cross-file checks need of a loaded file. */
export interface LoadedFile {
  readonly name: string;
  readonly file: string;
  readonly env: EnvironmentFile;
  readonly names: ResolvedNames;
}

export interface CrossFileProblem {
  readonly subject: LoadedFile;
  /** Field path in the subject's file. */
  readonly path: readonly PropertyKey[];
  /** Where to point when the field is not written out (a default name). */
  readonly fallbackPath?: readonly PropertyKey[];
  readonly message: string;
}

/** Names AWS keeps unique per account (global) or per account and region, with the field that sets each. */
interface UniqueName {
  readonly value: string | undefined;
  readonly field: string;
  readonly what: string;
  readonly scope: 'account' | 'region';
}

/** A file's names that AWS keeps unique, environment-wide and per service. */
function uniqueNames(file: LoadedFile): UniqueName[] {
  const { names } = file;
  const out: UniqueName[] = [
    { value: names.ciPushRole, field: 'registry.ciPushRole.roleName', what: 'IAM role', scope: 'account' },
    { value: names.cluster, field: 'cluster.name', what: 'ECS cluster', scope: 'region' },
    { value: names.loadBalancer, field: 'loadBalancer.name', what: 'load balancer', scope: 'region' },
  ];
  if (!file.env.registry.ciPushRole) out[0] = { ...out[0], value: undefined };
  const multi = file.env.services !== undefined;
  for (const [key, service] of Object.entries(names.services)) {
    const at = (single: string, section: string, field: string) => (multi ? `services.${key}.${section}.${field}` : single);
    out.push(
      { value: service.executionRole, field: at('task.executionRoleName', 'task', 'executionRoleName'), what: 'IAM role', scope: 'account' },
      { value: service.taskRole, field: at('task.taskRoleName', 'task', 'taskRoleName'), what: 'IAM role', scope: 'account' },
      { value: service.repository, field: multi ? 'app' : 'registry.name', what: 'ECR repository', scope: 'region' },
      { value: service.logGroup, field: multi ? 'app' : 'logs.groupName', what: 'log group', scope: 'region' },
      { value: service.targetGroup, field: at('loadBalancer.targetGroup.name', 'targetGroup', 'name'), what: 'target group', scope: 'region' },
    );
  }
  return out;
}

export function checkAcrossFiles(files: readonly LoadedFile[]): CrossFileProblem[] {
  return [...oidcProviderCreators(files), ...sharedDnsNames(files), ...sharedResourceNames(files)];
}

/** Files that may be applied to the same account: the same accountId, or one of them names none. */
function mayShareAccount(a: LoadedFile, b: LoadedFile): boolean {
  return a.env.accountId === undefined || b.env.accountId === undefined || a.env.accountId === b.env.accountId;
}

function oidcProviderCreators(files: readonly LoadedFile[]): CrossFileProblem[] {
  const creators = files.filter((f) => f.env.registry.ciPushRole?.createOidcProvider === true);
  const problems: CrossFileProblem[] = [];
  for (const subject of creators) {
    const others = creators.filter((other) => other !== subject && mayShareAccount(subject, other));
    if (others.length === 0) continue;
    const known = subject.env.accountId !== undefined && others.every((o) => o.env.accountId !== undefined);
    const where = known ? `in account ${subject.env.accountId}` : 'and not every one of them names its accountId, so they may share an account';
    const account = subject.env.accountId ?? '<account>';
    problems.push({
      subject,
      path: ['registry', 'ciPushRole', 'createOidcProvider'],
      message: `is also true in ${others.map((o) => o.file).join(', ')} ${where}; an account holds one GitHub OIDC provider (a second create fails with EntityAlreadyExists): keep createOidcProvider in one file and give the others oidcProviderArn: arn:aws:iam::${account}:oidc-provider/token.actions.githubusercontent.com${known ? '' : ', or set accountId in each file'}`,
    });
  }
  return problems;
}

function sharedDnsNames(files: readonly LoadedFile[]): CrossFileProblem[] {
  const problems: CrossFileProblem[] = [];
  for (const subject of files) {
    const others = files.filter(
      (other) => other !== subject && other.env.hostedZoneId === subject.env.hostedZoneId && other.env.domain.toLowerCase() === subject.env.domain.toLowerCase(),
    );
    if (others.length === 0) continue;
    problems.push({
      subject,
      path: ['domain'],
      message: `"${subject.env.domain}" is also the domain of ${others.map((o) => o.file).join(', ')} in the same hosted zone ${subject.env.hostedZoneId}; each stack owns its alias record, so each needs its own name (e.g. staging.${subject.env.domain})`,
    });
  }
  return problems;
}

function sharedResourceNames(files: readonly LoadedFile[]): CrossFileProblem[] {
  const problems: CrossFileProblem[] = [];
  const byFile = new Map(files.map((file) => [file, uniqueNames(file)]));
  for (const subject of files) {
    if (subject.env.accountId === undefined) continue;
    for (const { value, field, what, scope } of byFile.get(subject)!) {
      if (value === undefined) continue;
      const others = files.filter(
        (other) =>
          other !== subject &&
          other.env.accountId === subject.env.accountId &&
          (scope === 'account' || other.env.region === subject.env.region) &&
          byFile.get(other)!.some((entry) => entry.what === what && entry.value === value),
      );
      if (others.length === 0) continue;
      const place = scope === 'account' ? `account ${subject.env.accountId}` : `account ${subject.env.accountId}, ${subject.env.region}`;
      problems.push({
        subject,
        path: field.split('.'),
        fallbackPath: ['app'],
        message: `the ${what} name "${value}" is also used by ${others.map((o) => o.file).join(', ')} in ${place}; AWS keeps ${what} names unique there: set ${field} to another name`,
      });
    }
  }
  return problems;
}
