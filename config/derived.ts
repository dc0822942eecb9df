/** Settings whose default depends on other settings, computed in one place for the loader and the stack. */
import type { EnvironmentFile } from './schema';

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

export function hardeningDefaults(env: Pick<EnvironmentFile, 'production' | 'hardening' | 'network' | 'service'>): HardeningChoice {
  const h = env.hardening;
  const newVpc = env.network.create !== undefined;
  const privateTasks = newVpc && !env.service.assignPublicIp;
  return {
    encryptionKey: h.encryptionKey.enabled ?? env.production,
    webAcl: h.webAcl.enabled ?? env.production,
    accessLogs: h.accessLogs.enabled,
    flowLogs: newVpc && h.flowLogs.enabled,
    vpcEndpoints: newVpc && (h.vpcEndpoints.enabled ?? (env.production && privateTasks)),
  };
}
