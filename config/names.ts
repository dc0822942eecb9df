/**
 * Every AWS resource name a stack uses, after defaults. Environment-wide names default to
 * `<app>-<env>[-role]`; each service's names to `<app>-<env>[-role]` in the single-service form and to
 * `<app>-<env>-<service>[-role]` in the `services:` form. Each can be set in the file, so a stack can
 * adopt resources made by hand without renaming (which replaces).
 */
import type { EnvironmentFile } from './schema';
import { serviceSpecs, type ServiceSpec } from './services';

/** The names of one service's resources. */
export interface ServiceNames {
  readonly repository: string;
  readonly service: string;
  readonly taskFamily: string;
  /** Fixed target group name when the file sets one (adoption). */
  readonly targetGroup?: string;
  /** Prefix for generated target group names (create-before-destroy needs a fresh name). */
  readonly targetGroupPrefix: string;
  readonly serviceSecurityGroup: string;
  readonly executionRole: string;
  readonly taskRole: string;
  readonly logGroup: string;
}

export interface ResolvedNames {
  readonly cluster: string;
  readonly loadBalancer: string;
  readonly loadBalancerSecurityGroup: string;
  readonly ciPushRole: string;
  /** Each service's names, by service name (one entry, named after `app`, in the single-service form). */
  readonly services: Readonly<Record<string, ServiceNames>>;
}

export interface NameProblem {
  readonly field: string;
  readonly message: string;
}

/** The names of the only service of a single-service file (what adoption and its checks work on). */
export function singleServiceNames(names: ResolvedNames): ServiceNames {
  const all = Object.values(names.services);
  if (all.length !== 1) throw new Error(`expected one service, found ${all.length}`);
  return all[0];
}

/** Where a service's name settings are in the file, e.g. `services.api.task.taskRoleName`. */
function fieldOf(spec: ServiceSpec, section: 'task' | 'service', key: string): string {
  return [...(section === 'task' ? spec.taskPath : spec.servicePath), key].join('.');
}

/**
 * The name a service's resources take unless a setting names them: `<app>-<env>` for the single-service
 * form, `<app>-<env>-<service>` for each service of the `services:` form. The policy gate derives the
 * ECS service names of declared callers with it too.
 */
export function defaultServiceName(app: string, envName: string, serviceKey?: string): string {
  return serviceKey === undefined ? `${app}-${envName}` : `${app}-${envName}-${serviceKey}`;
}

export function resolveNames(env: EnvironmentFile, envName: string): { names: ResolvedNames; problems: NameProblem[] } {
  const base = defaultServiceName(env.app, envName);
  const specs = serviceSpecs(env);
  const services: Record<string, ServiceNames> = {};
  for (const spec of specs) {
    const own = defaultServiceName(env.app, envName, spec.single ? undefined : spec.key);
    services[spec.key] = {
      repository: spec.single ? (env.registry.name ?? base) : own,
      service: spec.service.name ?? own,
      taskFamily: spec.task.family ?? own,
      targetGroup: spec.targetGroup.name,
      // aws_lb_target_group.name_prefix allows 6 characters at most.
      targetGroupPrefix: (spec.single ? env.app : spec.key).slice(0, 6),
      serviceSecurityGroup: spec.service.securityGroupName ?? `${own}-service`,
      executionRole: spec.task.executionRoleName ?? `${own}-execution`,
      taskRole: spec.task.taskRoleName ?? `${own}-task`,
      logGroup: spec.single ? (env.logs.groupName ?? `/ecs/${base}`) : `/ecs/${own}`,
    };
  }
  const names: ResolvedNames = {
    cluster: env.cluster.name ?? base,
    loadBalancer: env.loadBalancer.name ?? base,
    loadBalancerSecurityGroup: env.loadBalancer.securityGroupName ?? `${base}-alb`,
    ciPushRole: env.registry.ciPushRole?.roleName ?? `${base}-ci-push`,
    services,
  };

  const problems: NameProblem[] = [];
  /** AWS limits that a default name built from app, environment and service may break. */
  const limits: Array<{ value: string; field: string; max: number }> = [
    { value: names.loadBalancer, field: 'loadBalancer.name', max: 32 },
    { value: names.ciPushRole, field: 'registry.ciPushRole.roleName', max: 64 },
  ];
  for (const spec of specs) {
    const own = services[spec.key];
    limits.push(
      { value: own.executionRole, field: fieldOf(spec, 'task', 'executionRoleName'), max: 64 },
      { value: own.taskRole, field: fieldOf(spec, 'task', 'taskRoleName'), max: 64 },
    );
  }
  for (const limit of limits) {
    if (limit.value.length > limit.max) {
      problems.push({
        field: limit.field,
        message: `the default name "${limit.value}" is ${limit.value.length} characters; AWS allows ${limit.max}: set ${limit.field} or use a shorter app${specs.some((spec) => !spec.single) ? ' or service' : ''} name`,
      });
    }
  }
  // Two roles of one stack with one name: the second create fails with EntityAlreadyExists.
  const roles: Array<[string, string]> = [];
  for (const spec of specs) {
    roles.push([services[spec.key].executionRole, fieldOf(spec, 'task', 'executionRoleName')], [services[spec.key].taskRole, fieldOf(spec, 'task', 'taskRoleName')]);
  }
  if (env.registry.ciPushRole) roles.push([names.ciPushRole, 'registry.ciPushRole.roleName']);
  roles.forEach(([name, field], index) => {
    const earlier = roles.slice(0, index).find(([other]) => other === name);
    if (earlier) problems.push({ field, message: `names the role "${name}", which ${earlier[1]} already names; each role of a stack needs its own name` });
  });
  // Two services with one ECS service name or family: the second would take over the first.
  for (const [key, what, field] of [
    ['service', 'ECS service', 'name'],
    ['taskFamily', 'task definition family', 'family'],
  ] as const) {
    specs.forEach((spec, index) => {
      const earlier = specs.slice(0, index).find((other) => services[other.key][key] === services[spec.key][key]);
      if (earlier) {
        problems.push({
          field: fieldOf(spec, key === 'service' ? 'service' : 'task', field),
          message: `"${services[spec.key][key]}" is also the ${what} of ${earlier.key}; each service needs its own`,
        });
      }
    });
  }
  return { names, problems };
}
