/**
 * Every AWS resource name a stack uses, after defaults. Names default to `<app>-<env>[-role]`; each can
 * be set in the file, so a stack can adopt resources made by hand without renaming (which replaces).
 */
import type { EnvironmentFile } from './schema';

export interface ResolvedNames {
  readonly repository: string;
  readonly cluster: string;
  readonly service: string;
  readonly taskFamily: string;
  readonly loadBalancer: string;
  /** Fixed target group name when the file sets one (adoption). */
  readonly targetGroup?: string;
  /** Prefix for generated target group names (create-before-destroy needs a fresh name). */
  readonly targetGroupPrefix: string;
  readonly loadBalancerSecurityGroup: string;
  readonly serviceSecurityGroup: string;
  readonly executionRole: string;
  readonly taskRole: string;
  readonly ciPushRole: string;
  readonly logGroup: string;
}

export interface NameProblem {
  readonly field: string;
  readonly message: string;
}

/** AWS limits that a default name built from app and environment may break. */
const LIMITS: ReadonlyArray<{ key: keyof ResolvedNames; field: string; max: number }> = [
  { key: 'loadBalancer', field: 'loadBalancer.name', max: 32 },
  { key: 'executionRole', field: 'task.executionRoleName', max: 64 },
  { key: 'taskRole', field: 'task.taskRoleName', max: 64 },
  { key: 'ciPushRole', field: 'registry.ciPushRole.roleName', max: 64 },
];

export function resolveNames(env: EnvironmentFile, envName: string): { names: ResolvedNames; problems: NameProblem[] } {
  const base = `${env.app}-${envName}`;
  const names: ResolvedNames = {
    repository: env.registry.name ?? base,
    cluster: env.cluster.name ?? base,
    service: env.service.name ?? base,
    taskFamily: env.task.family ?? base,
    loadBalancer: env.loadBalancer.name ?? base,
    targetGroup: env.loadBalancer.targetGroup.name,
    // aws_lb_target_group.name_prefix allows 6 characters at most.
    targetGroupPrefix: env.app.slice(0, 6),
    loadBalancerSecurityGroup: env.loadBalancer.securityGroupName ?? `${base}-alb`,
    serviceSecurityGroup: env.service.securityGroupName ?? `${base}-service`,
    executionRole: env.task.executionRoleName ?? `${base}-execution`,
    taskRole: env.task.taskRoleName ?? `${base}-task`,
    ciPushRole: env.registry.ciPushRole?.roleName ?? `${base}-ci-push`,
    logGroup: env.logs.groupName ?? `/ecs/${base}`,
  };
  const problems: NameProblem[] = [];
  for (const limit of LIMITS) {
    const value = names[limit.key] as string;
    if (value.length > limit.max) {
      problems.push({
        field: limit.field,
        message: `the default name "${value}" is ${value.length} characters; AWS allows ${limit.max}: set ${limit.field} or use a shorter app name`,
      });
    }
  }
  // Two roles of one stack with one name: the second create fails with EntityAlreadyExists.
  const roles: Array<[keyof ResolvedNames, string]> = [
    ['executionRole', 'task.executionRoleName'],
    ['taskRole', 'task.taskRoleName'],
  ];
  if (env.registry.ciPushRole) roles.push(['ciPushRole', 'registry.ciPushRole.roleName']);
  roles.forEach(([key, field], index) => {
    const earlier = roles.slice(0, index).find(([other]) => names[other] === names[key]);
    if (earlier) {
      problems.push({ field, message: `names the role "${names[key]}", which ${earlier[1]} already names; each role of a stack needs its own name` });
    }
  });
  return { names, problems };
}
