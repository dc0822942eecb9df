/**
 * Is a provider registry reachable? Asked only when a stack needs a provider the mirror lacks: one
 * HTTPS request for the registry's discovery document (`/.well-known/terraform.json`), 5 s at most,
 * once per host and run. Behind an HTTPS proxy (HTTPS_PROXY/https_proxy set) Node cannot ask the way
 * terraform would, so the registry counts as reachable and `terraform init` decides.
 */
import { get } from 'node:https';

export interface Reachability {
  readonly reachable: boolean;
  readonly reason: string;
}

export type RegistryProbe = (host: string) => Promise<Reachability>;

export function registryProbe(env: NodeJS.ProcessEnv = process.env, timeoutMs = 5000): RegistryProbe {
  const cache = new Map<string, Promise<Reachability>>();
  return (host) => {
    let answer = cache.get(host);
    if (!answer) {
      answer = env.HTTPS_PROXY || env.https_proxy ? Promise.resolve({ reachable: true, reason: 'behind a proxy: terraform init decides' }) : probe(host, timeoutMs);
      cache.set(host, answer);
    }
    return answer;
  };
}

function probe(host: string, timeoutMs: number): Promise<Reachability> {
  return new Promise((resolve) => {
    const request = get({ host, path: '/.well-known/terraform.json', timeout: timeoutMs }, (response) => {
      response.resume();
      const ok = (response.statusCode ?? 0) < 500;
      resolve({ reachable: ok, reason: ok ? `${host} answered` : `${host} answered HTTP ${response.statusCode}` });
    });
    request.on('timeout', () => request.destroy(new Error(`no answer within ${timeoutMs / 1000} s`)));
    request.on('error', (error: NodeJS.ErrnoException) => resolve({ reachable: false, reason: `${host} is unreachable (${error.code ?? error.message})` }));
  });
}
