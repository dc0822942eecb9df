/** Settings whose default depends on other settings, computed in one place for the loader and the stack. */
import type { EnvironmentFile } from './schema';
import { serviceSpecs } from './services';

/** dualstack when the stack creates the VPC (it gives subnets IPv6); ipv4 for an existing VPC, whose subnets may lack IPv6. */
export function loadBalancerIpAddressType(env: Pick<EnvironmentFile, 'loadBalancer' | 'network'>): 'ipv4' | 'dualstack' {
  return env.loadBalancer.ipAddressType ?? (env.network.create ? 'dualstack' : 'ipv4');
}

/** Which hardening pieces an environment gets, after the defaults that depend on `production` and the network. */
export interface HardeningChoice {
  readonly encryptionKey: boolean;
  readonly webAcl: boolean;
  readonly accessLogs: boolean;
  /** Only for a VPC the stack creates. */
  readonly flowLogs: boolean;
  /** Only for a VPC the stack creates. */
  readonly vpcEndpoints: boolean;
}

type ServicesOf = Pick<EnvironmentFile, 'app' | 'task' | 'service' | 'services' | 'loadBalancer'>;

/** Whether any service's tasks run in the private subnets (no public IP). */
export function anyPrivateTasks(env: ServicesOf): boolean {
  return serviceSpecs(env).some((spec) => !spec.service.assignPublicIp);
}

export function hardeningDefaults(env: Pick<EnvironmentFile, 'production' | 'hardening' | 'network'> & ServicesOf): HardeningChoice {
  const h = env.hardening;
  const newVpc = env.network.create !== undefined;
  const privateTasks = newVpc && anyPrivateTasks(env);
  return {
    encryptionKey: h.encryptionKey.enabled ?? env.production,
    webAcl: h.webAcl.enabled ?? env.production,
    accessLogs: h.accessLogs.enabled,
    flowLogs: newVpc && h.flowLogs.enabled,
    vpcEndpoints: newVpc && (h.vpcEndpoints.enabled ?? (env.production && privateTasks)),
  };
}
