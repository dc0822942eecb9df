/**
 * The services of an environment, in one shape for both forms of the file: the single-service form
 * (`task:` + `service:`) is one routed service named after `app` that takes the listener's default
 * action; the `services:` form is one entry per named service. Everything that builds or checks a
 * service reads this list, so there is one code path for one service and for many.
 */
import type { z } from 'zod';
import type { EnvironmentFile, routing as routingSchema, service as serviceSchema, targetGroup as targetGroupSchema, task as taskSchema } from './schema';

export type TaskSettings = Omit<z.output<typeof taskSchema>, 'containerPort'>;
export type ServiceSettings = z.output<typeof serviceSchema>;
export type TargetGroupSettings = z.output<typeof targetGroupSchema>;
export type RoutingSettings = z.output<typeof routingSchema>;

export interface ServiceSpec {
  /** The service's name: its key in `services:`, or `app` in the single-service form. */
  readonly key: string;
  /** True for the single-service form: the stack keeps that form's construct IDs (and Terraform addresses). */
  readonly single: boolean;
  /** Where the service's `task` settings are in the file (`['task']` or `['services', key, 'task']`). */
  readonly taskPath: readonly string[];
  /** Where the service's `service` settings are in the file. */
  readonly servicePath: readonly string[];
  /** Where the service itself is (`[]` in the single-service form). */
  readonly path: readonly string[];
  readonly task: TaskSettings;
  readonly service: ServiceSettings;
  /** The port the container listens on; none for a worker. */
  readonly port?: number;
  /** Target group settings (used when the service is routed). */
  readonly targetGroup: TargetGroupSettings;
  readonly routing?: RoutingSettings;
  /** Takes the HTTPS listener's default action. */
  readonly isDefault: boolean;
  /** Services that may call this one (Service Connect, security group rules). */
  readonly callers: readonly string[];
}

/** A service the load balancer forwards to: it has a target group (a listener rule, the default action, or both). */
export function isRouted(spec: Pick<ServiceSpec, 'routing' | 'isDefault'>): boolean {
  return spec.routing !== undefined || spec.isDefault;
}

/** Whether the file uses the `services:` form. */
export function usesServicesMap(env: Pick<EnvironmentFile, 'services'>): boolean {
  return env.services !== undefined;
}

/** The services of an environment file, in file order. The single-service form gives one entry; a file with neither form gives none. */
export function serviceSpecs(env: Pick<EnvironmentFile, 'app' | 'task' | 'service' | 'services' | 'loadBalancer'>): ServiceSpec[] {
  if (env.services !== undefined) {
    return Object.entries(env.services).map(([key, entry]) => ({
      key,
      single: false,
      path: ['services', key],
      taskPath: ['services', key, 'task'],
      servicePath: ['services', key, 'service'],
      task: entry.task,
      service: entry.service,
      port: entry.port,
      targetGroup: entry.targetGroup ?? env.loadBalancer.targetGroup,
      routing: entry.routing,
      isDefault: entry.default,
      callers: entry.callers,
    }));
  }
  if (env.task === undefined) return [];
  const { containerPort, ...task } = env.task;
  return [
    {
      key: env.app,
      single: true,
      path: [],
      taskPath: ['task'],
      servicePath: ['service'],
      task,
      service: env.service,
      port: containerPort,
      targetGroup: env.loadBalancer.targetGroup,
      isDefault: true,
      callers: [],
    },
  ];
}

/** The services `caller` calls: those that list it among their callers. */
export function callees(specs: readonly ServiceSpec[], caller: string): ServiceSpec[] {
  return specs.filter((spec) => spec.callers.includes(caller));
}

/** Whether a service takes part in Service Connect: it is called, or it calls another service. */
export function usesServiceConnect(specs: readonly ServiceSpec[], spec: ServiceSpec): boolean {
  return spec.callers.length > 0 || callees(specs, spec.key).length > 0;
}
