/**
 * Checks of an environment's services: each service's own settings (the same in both forms, reported
 * at the field where the file writes them), and, in the `services:` form, how the services fit together
 * behind one listener (routing, default, callers).
 */
import type { z } from 'zod';
import { describeAllowedMemory, isValidFargatePair } from './fargate';
import type { EnvironmentFile } from './schema';
import { isRouted, serviceSpecs, type ServiceSpec } from './services';

/** The execution role the ECS console makes once per account and every console task definition shares. */
export const SHARED_EXECUTION_ROLE = 'ecsTaskExecutionRole';

/** Rules per listener that AWS allows by default (the default action is not a rule). */
export const MAX_LISTENER_RULES = 100;
/** Condition values per listener rule (host headers and path patterns together). */
export const MAX_CONDITION_VALUES = 5;

type Issue = (path: readonly PropertyKey[], message: string) => void;

export function checkServices(env: EnvironmentFile, ctx: z.core.$RefinementCtx<EnvironmentFile>): void {
  const issue: Issue = (path, message) => ctx.addIssue({ code: 'custom', path: [...path], message });
  if (env.services === undefined && env.task === undefined) {
    issue(['task'], 'is required: describe the service with `task:` (and `service:`), or several services with `services:`');
    return;
  }
  const specs = serviceSpecs(env);
  for (const spec of specs) checkServiceSettings(env, spec, issue);
  if (env.services !== undefined) checkServicesMap(env, specs, issue);
}

/** The checks each service gets, whichever form the file uses. */
function checkServiceSettings(env: EnvironmentFile, spec: ServiceSpec, issue: Issue): void {
  const { task, service, taskPath, servicePath } = spec;
  if (!isValidFargatePair(task.cpu, task.memory)) {
    issue([...taskPath, 'memory'], `${task.memory} MiB is not allowed with cpu ${task.cpu}; allowed: ${describeAllowedMemory(task.cpu)}`);
  }
  if (service.launchType !== undefined && service.fargateSpotWeight > 0) {
    issue([...servicePath, 'fargateSpotWeight'], `(${service.fargateSpotWeight}) needs a capacity provider strategy; remove ${servicePath.join('.')}.launchType, or set fargateSpotWeight: 0`);
  }
  if (task.executionRoleName === SHARED_EXECUTION_ROLE) {
    issue(
      [...taskPath, 'executionRoleName'],
      `"${SHARED_EXECUTION_ROLE}" is the account's shared default role, used by other task definitions; the stack makes and owns its own execution role: remove this field (default <app>-<env>${spec.single ? '' : '-<service>'}-execution) or choose another name`,
    );
  }
  if (env.production && task.imageTag === 'latest') {
    issue([...taskPath, 'imageTag'], '"latest" is not allowed in production; use a version or commit SHA');
  }
  const scaling = service.autoscaling;
  if (scaling) {
    if (scaling.minCapacity > scaling.maxCapacity) {
      issue([...servicePath, 'autoscaling', 'minCapacity'], `(${scaling.minCapacity}) must not exceed maxCapacity (${scaling.maxCapacity})`);
    } else if (service.desiredCount < scaling.minCapacity || service.desiredCount > scaling.maxCapacity) {
      issue([...servicePath, 'desiredCount'], `(${service.desiredCount}) must lie between autoscaling.minCapacity (${scaling.minCapacity}) and maxCapacity (${scaling.maxCapacity})`);
    }
  }
  for (const key of Object.keys(task.secrets)) {
    if (key in task.environment) {
      issue([...taskPath, 'secrets', key], `is also set in ${taskPath.join('.')}.environment; a variable comes from one place only`);
    }
  }
}

/** How the services of the `services:` form fit together: ports, routing, the default, callers. */
function checkServicesMap(env: EnvironmentFile, specs: readonly ServiceSpec[], issue: Issue): void {
  if (specs.length === 0) {
    issue(['services'], 'is empty: name at least one service (e.g. `web:` with `port`, `routing` or `default: true`, and `task:`)');
    return;
  }
  // Settings that name one resource cannot apply to many services.
  const perService: Array<[readonly string[], unknown, string]> = [
    [['registry', 'name'], env.registry.name, 'each service has its own repository, <app>-<env>-<service>'],
    [['logs', 'groupName'], env.logs.groupName, 'each service has its own log group, /ecs/<app>-<env>-<service>'],
    [['loadBalancer', 'targetGroup', 'name'], env.loadBalancer.targetGroup.name, 'each routed service has its own target group; set services.<name>.targetGroup.name'],
    [['imports'], env.imports, 'adoption takes the resources of one service; adopt with the single-service form (task: and service:)'],
  ];
  for (const [path, value, why] of perService) {
    if (value !== undefined) issue(path, `cannot be used with services: (${why})`);
  }

  const names = specs.map((spec) => spec.key);
  const byKey = new Map(specs.map((spec) => [spec.key, spec]));
  const defaults = specs.filter((spec) => spec.isDefault);
  for (const extra of defaults.slice(1)) {
    issue([...extra.path, 'default'], `is also true for ${defaults[0].key}; one service at most takes the listener's default action`);
  }

  const routed = specs.filter((spec) => spec.routing !== undefined);
  if (routed.length > MAX_LISTENER_RULES) {
    issue(['services'], `has ${routed.length} services with routing; a listener holds at most ${MAX_LISTENER_RULES} rules (the AWS quota per listener): put related paths on one service or use a second environment`);
  }
  const priorities = new Map<number, string>();
  const conditions = new Map<string, string>();
  for (const spec of specs) {
    if (isRouted(spec) && spec.port === undefined) {
      issue([...spec.path, 'port'], `is required: ${spec.key} is ${spec.routing ? 'routed (routing)' : 'the default service'}, and the load balancer forwards to this port`);
    }
    if (!isRouted(spec) && env.services?.[spec.key]?.targetGroup !== undefined) {
      issue([...spec.path, 'targetGroup'], `is only for a routed service; ${spec.key} has no routing and is not the default, so it gets no target group: add routing or remove targetGroup`);
    }
    const rule = spec.routing;
    if (rule) {
      const values = rule.hostHeaders.length + rule.pathPatterns.length;
      if (values === 0) issue([...spec.path, 'routing'], 'needs hostHeaders, pathPatterns or both: a listener rule matches on at least one condition');
      if (values > MAX_CONDITION_VALUES) issue([...spec.path, 'routing'], `has ${values} condition values; a listener rule allows ${MAX_CONDITION_VALUES} (hostHeaders and pathPatterns together)`);
      const earlier = priorities.get(rule.priority);
      if (earlier) issue([...spec.path, 'routing', 'priority'], `(${rule.priority}) is also the priority of ${earlier}; each listener rule needs its own priority`);
      else priorities.set(rule.priority, spec.key);
      const signature = JSON.stringify([[...new Set(rule.hostHeaders.map((h) => h.toLowerCase()))].sort(), [...new Set(rule.pathPatterns)].sort()]);
      const same = conditions.get(signature);
      if (same) issue([...spec.path, 'routing'], `has the same conditions as ${same}'s routing; the rule with the higher priority would never match`);
      else conditions.set(signature, spec.key);
    }
    spec.callers.forEach((caller, index) => {
      const at = [...spec.path, 'callers', index];
      if (caller === spec.key) issue(at, `names ${spec.key} itself; a service reaches its own tasks without a rule`);
      else if (!byKey.has(caller)) issue(at, `"${caller}" is not a service of this environment; services: ${names.join(', ')}`);
    });
    if (spec.callers.length > 0 && spec.port === undefined) {
      issue([...spec.path, 'callers'], `lists callers, but ${spec.key} has no port (a worker cannot be called): give it a port, or remove callers`);
    }
  }
  const cycle = findCallerCycle(specs);
  if (cycle) {
    issue(
      [...byKey.get(cycle[0])!.path, 'callers'],
      `form a cycle (${cycle.join(' → ')} → ${cycle[0]}, "a → b" meaning b is among a's callers)${cycle.some((key) => byKey.get(key)!.port === undefined) ? ', and it includes a worker, which has no port and cannot be called' : ''}; each group's rules name its callers' groups, so groups that name each other cannot be created: let one direction go through the load balancer`,
    );
  }
}

/** A cycle in "is called by" (a service, then one of its callers, …), as the services in order; none when the graph has no cycle. */
function findCallerCycle(specs: readonly ServiceSpec[]): string[] | undefined {
  const byKey = new Map(specs.map((spec) => [spec.key, spec]));
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (key: string): string[] | undefined => {
    state.set(key, 'open');
    stack.push(key);
    for (const caller of byKey.get(key)?.callers ?? []) {
      if (caller === key || !byKey.has(caller)) continue;
      if (state.get(caller) === 'open') return stack.slice(stack.indexOf(caller));
      if (state.get(caller) === undefined) {
        const found = visit(caller);
        if (found) return found;
      }
    }
    stack.pop();
    state.set(key, 'done');
    return undefined;
  };
  for (const spec of specs) {
    if (state.get(spec.key) === undefined) {
      const found = visit(spec.key);
      if (found) return found;
    }
  }
  return undefined;
}
