/** Settings whose default depends on other settings, computed in one place for the loader and the stack. */
import type { EnvironmentFile } from './schema';

/** dualstack when the stack creates the VPC (it gives subnets IPv6); ipv4 for an existing VPC, whose subnets may lack IPv6. */
export function loadBalancerIpAddressType(env: Pick<EnvironmentFile, 'loadBalancer' | 'network'>): 'ipv4' | 'dualstack' {
  return env.loadBalancer.ipAddressType ?? (env.network.create ? 'dualstack' : 'ipv4');
}
